"""The plan for one outbox event: which Intacct functions, in which order, with which control ids.

``plan_event(topic, payload, context)`` is pure: everything it needs (settings, reference data, product info,
the payload last posted, the refund details, whether the vendor already exists) is in ``context``. Steps come
in the order they must run: the vendor create first when the order's vendor is not known yet, then the bill
(or its update), then one document per refund not yet posted. Each step's control id comes from
:mod:`.controlids`. When reference data is given and a line uses an unknown account or dimension, the plan
carries the problems and ``blocked`` is true: nothing of it may be posted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from core.intacct.records import ApAdjustment, ApBill, ApBillChanges, Vendor
from core.mapping.accounts import ProductInfo
from core.mapping.controlids import control_id
from core.mapping.customer import vendor_changes, vendor_from_billing, vendor_from_customer, vendor_is_empty
from core.mapping.decisions import OrderDecision, decide_order_action
from core.mapping.errors import UnsupportedTopic
from core.mapping.order import order_number, order_to_bill
from core.mapping.reference import Problem, ReferenceData, validate
from core.mapping.refunds import refund_document_id, refund_documents
from core.mapping.vendorids import is_guest, order_vendor_id, uses_catch_all
from core.settings import Settings

if TYPE_CHECKING:
    from core.intacct.functions import IntacctFunction

Operation = Literal["create-vendor", "update-vendor", "create-apbill", "update-apbill", "create-apadjustment"]
TOPICS = ("customer.created", "customer.updated", "order.created", "order.updated")


@dataclass(frozen=True)
class PlanContext:
    settings: Settings
    reference: ReferenceData | None = None
    """Known accounts/dimensions; None skips validation (offline preview)."""
    products: Mapping[int, ProductInfo] = field(default_factory=dict)
    previous_payload: dict[str, Any] | None = None
    """The payload of the same resource last posted to Intacct (None: never posted)."""
    refund_details: Sequence[dict[str, Any]] = ()
    """``GET /orders/<id>/refunds`` for order events with refunds."""
    vendor_known: bool = False
    """Whether the vendor of this customer/order already exists in Intacct."""


@dataclass(frozen=True)
class PlannedStep:
    operation: Operation
    control_id: str
    record: Vendor | ApBill | ApBillChanges | ApAdjustment

    def function(self) -> IntacctFunction:
        """The Intacct function object that renders this step's ``<function>`` element."""
        from core.intacct import functions as fn

        record = self.record
        if isinstance(record, Vendor):
            return (fn.VendorCreate if self.operation == "create-vendor" else fn.VendorUpdate)(self.control_id, record)
        if isinstance(record, ApBill):
            return fn.ApBillCreate(self.control_id, record)
        if isinstance(record, ApBillChanges):
            return fn.ApBillUpdate(self.control_id, record)
        return fn.ApAdjustmentCreate(self.control_id, record)


@dataclass(frozen=True)
class Plan:
    topic: str
    resource_id: str
    steps: tuple[PlannedStep, ...] = ()
    decision: OrderDecision | None = None
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    """Human-readable remarks (why there are no steps, what was assumed)."""

    @property
    def blocked(self) -> bool:
        return bool(self.problems)


def _step(resource: str, resource_id: str, operation: Operation, record: Any) -> PlannedStep:
    return PlannedStep(operation, control_id(resource, resource_id, operation, record), record)


def _plan_customer(topic: str, payload: dict[str, Any], ctx: PlanContext) -> Plan:
    m, cid = ctx.settings.mapping, str(payload["id"])
    if not ctx.vendor_known:
        return Plan(topic, cid, (_step("customer", cid, "create-vendor", vendor_from_customer(payload, m)),))
    changes = vendor_changes(ctx.previous_payload if topic == "customer.updated" else None, payload, m)
    if vendor_is_empty(changes):
        return Plan(topic, cid, notes=(f"customer {cid}: no vendor field changed",))
    return Plan(topic, cid, (_step("customer", cid, "update-vendor", changes),))


def _order_vendor_step(order: dict[str, Any], ctx: PlanContext) -> tuple[list[PlannedStep], list[str]]:
    m = ctx.settings.mapping
    if ctx.vendor_known:
        return [], []
    if is_guest(order) and uses_catch_all(m):
        return [], [f"guest order: posted to the catch-all vendor {m.guest_vendor}, which must exist"]
    vendor = vendor_from_billing(order_vendor_id(order, m), order.get("billing") or {}, m)
    resource = "guest" if is_guest(order) else "customer"
    key = vendor.vendor_id if is_guest(order) else str(order["customer_id"])
    return [_step(resource, key, "create-vendor", vendor)], []


def _posted_refund_ids(previous: dict[str, Any] | None) -> set[int]:
    return {int(r["id"]) for r in (previous or {}).get("refunds") or [] if isinstance(r, dict)}


def _plan_order(topic: str, payload: dict[str, Any], ctx: PlanContext) -> Plan:
    number = order_number(payload)
    decision = decide_order_action(ctx.previous_payload, payload, ctx.settings)
    steps: list[PlannedStep] = []
    notes: list[str] = [decision.reason]
    if decision.action == "create":
        vendor_steps, vendor_notes = _order_vendor_step(payload, ctx)
        steps += vendor_steps
        notes += vendor_notes
        steps.append(_step("order", number, "create-apbill", order_to_bill(payload, ctx.settings, ctx.products)))
    elif decision.action == "update" and decision.changes is not None:
        steps.append(_step("order", number, "update-apbill", decision.changes))
    has_bill = decision.action == "create" or ctx.previous_payload is not None
    if has_bill:
        new_ids = {int(r["id"]) for r in payload.get("refunds") or []} - _posted_refund_ids(ctx.previous_payload)
        for doc in refund_documents(payload, ctx.refund_details, ctx.settings, ctx.products, frozenset(new_ids)):
            op: Operation = "create-apbill" if isinstance(doc, ApBill) else "create-apadjustment"
            rid = doc.record_id if isinstance(doc, ApBill) else (doc.adjustment_no or refund_document_id(payload, 0))
            steps.append(_step("refund", rid, op, doc))
    return Plan(topic, number, tuple(steps), decision, notes=tuple(notes))


def plan_event(topic: str, payload: dict[str, Any], context: PlanContext) -> Plan:
    """The plan for one event (see the module doc); raises :class:`MappingError` when it cannot be mapped."""
    if topic.startswith("customer.") and topic in TOPICS:
        plan = _plan_customer(topic, payload, context)
    elif topic in TOPICS:
        plan = _plan_order(topic, payload, context)
    else:
        raise UnsupportedTopic(f"topic {topic!r} is not mapped; use one of {', '.join(TOPICS)}")
    if context.reference is None:
        return plan
    problems = validate((s.record for s in plan.steps), context.reference)
    return Plan(plan.topic, plan.resource_id, plan.steps, plan.decision, tuple(problems), plan.notes)
