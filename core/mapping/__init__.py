"""Pure mapping from WooCommerce payloads to Intacct records and function plans (see docs/mapping.md).

No I/O, no clock, no globals: a payload plus settings, reference data and product info in; records, decisions
and plans out. The names below are the public surface; everything else is an implementation detail.
"""

from core.mapping.accounts import ProductInfo, Routing, route_line
from core.mapping.controlids import canonical, content_hash, control_id
from core.mapping.customer import vendor_changes, vendor_from_billing, vendor_from_customer, vendor_is_empty
from core.mapping.decisions import OrderDecision, decide_order_action, money_diff
from core.mapping.errors import InvalidPayload, MappingError, TotalsMismatch, UnsupportedTopic
from core.mapping.order import order_to_bill
from core.mapping.plan import Plan, PlanContext, PlannedStep, plan_event
from core.mapping.reference import Problem, ReferenceData, validate
from core.mapping.refunds import refund_documents, signed
from core.mapping.vendorids import customer_vendor_id, fit_vendor_id, guest_vendor_id, order_vendor_id

__all__ = [
    "InvalidPayload", "MappingError", "OrderDecision", "Plan", "PlanContext", "PlannedStep", "Problem",
    "ProductInfo", "ReferenceData", "Routing", "TotalsMismatch", "UnsupportedTopic", "canonical", "content_hash",
    "control_id", "customer_vendor_id", "decide_order_action", "fit_vendor_id", "guest_vendor_id", "money_diff",
    "order_to_bill", "order_vendor_id", "plan_event", "refund_documents", "route_line", "signed", "validate",
    "vendor_changes", "vendor_from_billing", "vendor_from_customer", "vendor_is_empty",
]
