"""The plan for one outbox event: which Intacct functions, in which order, with which control ids.

``plan_event(topic, payload, context)`` is pure: everything it needs (settings, reference data, product info,
the payload last posted, what Intacct holds for the order, the refund details, whether the vendor already
exists) is in ``context``. Steps come in the order they must run: the vendor create first when the order's
vendor is not known yet, then the bill (or its update), then one document per refund not yet posted, then
the corrections. Every change of an order version is its own step (docs/mapping.md, "The net-effect rule"):
a refund posts even when the same version also cancels the order or edits its money; what such a change
would need in Intacct is the plan's *residual*, posted as corrections when ``[books]`` allows it, else
``held`` for a person. Each step's control id comes from :mod:`.controlids`. When reference data is given
and a line uses an unknown account or dimension, the plan carries the problems and ``blocked`` is true:
nothing of it may be posted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from core.intacct.records import ApAdjustment, ApBill, ApBillChanges, Vendor
from core.mapping.accounts import ProductInfo
from core.mapping.controlids import control_id
from core.mapping.corrections import Cause, Residual, correction_documents, residual
from core.mapping.customer import vendor_changes, vendor_from_billing, vendor_from_customer, vendor_is_empty
from core.mapping.dates import local_date
from core.mapping.decisions import DEAD_STATUSES, OrderDecision, decide_order_action
from core.mapping.errors import UnsupportedTopic
from core.mapping.net import Net, PostedOrder, combine, document_net, minus
from core.mapping.order import order_number, order_to_bill
from core.mapping.reference import Problem, ReferenceData, validate
from core.mapping.refunds import refund_document_id, refund_documents
from core.mapping.vendorids import is_guest, order_vendor_id, uses_catch_all
from core.settings import Settings

if TYPE_CHECKING:
    from core.intacct.functions import IntacctFunction

Operation = Literal["create-vendor", "update-vendor", "create-apbill", "update-apbill", "create-apadjustment"]
TOPICS = ("customer.created", "customer.updated", "order.created", "order.updated", "order.deleted",
          "order.restored")


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
    posted: PostedOrder | None = None
    """What Intacct holds for this order (the ledger's done documents); None: nothing posted yet."""
    approved: bool = False
    """An operator approved posting this order's held residual (the event was flagged, then approved)."""


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
    held: Residual | None = None
    """A difference between Intacct and the store that this plan does not post: an open item for a person."""

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


def _plan_order(topic: str, payload: dict[str, Any], ctx: PlanContext) -> Plan:
    """The order's changes, each its own step (docs/mapping.md "The net-effect rule"): the bill when Intacct
    has none, each refund not posted yet, and the residual — what Intacct still lacks to hold what the store
    implies — posted as corrections or held as an open item. A held residual holds only itself."""
    posted = ctx.posted if ctx.posted is not None else PostedOrder()
    if topic == "order.deleted":  # WooCommerce sends {"id": N} when an order is trashed
        payload = {**(ctx.previous_payload or payload), "status": "trash"}
    number = order_number(payload)
    status = str(payload.get("status") or "")
    decision = decide_order_action(ctx.previous_payload, payload, ctx.settings, posted.has_bill)
    steps: list[PlannedStep] = []
    notes: list[str] = [decision.reason]
    bill: ApBill | None = None
    if decision.action == "create":
        vendor_steps, vendor_notes = _order_vendor_step(payload, ctx)
        steps += vendor_steps
        notes += vendor_notes
        bill = order_to_bill(payload, ctx.settings, ctx.products)
        steps.append(_step("order", number, "create-apbill", bill))
    elif decision.action == "update" and decision.changes is not None:
        steps.append(_step("order", number, "update-apbill", decision.changes))
    if bill is None and not posted.has_bill:
        return Plan(topic, number, tuple(steps), decision, notes=tuple(notes))
    current = {int(r["id"]) for r in payload.get("refunds") or [] if isinstance(r, dict) and "id" in r}
    refund_nets = {rid: net for rid, net in posted.refunds.items() if rid in current}
    for doc in refund_documents(payload, ctx.refund_details, ctx.settings, ctx.products,
                                frozenset(current - set(posted.refunds))):
        op: Operation = "create-apbill" if isinstance(doc, ApBill) else "create-apadjustment"
        rid = doc.record_id if isinstance(doc, ApBill) else (doc.adjustment_no or refund_document_id(payload, 0))
        steps.append(_step("refund", rid, op, doc))
        refund_nets[int(rid.rsplit("-R", 1)[1])] = document_net(doc, ctx.settings.mapping)
    held = _residual(payload, status, bill, refund_nets, posted, ctx)
    if held is not None and (ctx.approved or held.automatic(ctx.settings)):
        steps += _corrections(payload, held, posted, ctx)
        notes.append(("approved by an operator: " if ctx.approved else "") + held.reason)
        held = None
    return Plan(topic, number, tuple(steps), decision, notes=tuple(notes), held=held)


def _residual(payload: dict[str, Any], status: str, bill: ApBill | None, refund_nets: dict[int, Net],
              posted: PostedOrder, ctx: PlanContext) -> Residual | None:
    """What Intacct lacks after this plan's bill (``bill``, when it makes one) and refunds, with its causes
    (None: nothing)."""
    dead = status in DEAD_STATUSES
    if bill is not None and not dead and not (posted.refunds or posted.corrections or posted.handled):
        return None  # a new bill and its refunds are exactly what the store implies
    made = document_net(bill, ctx.settings.mapping) if bill is not None else {}
    current = made if bill is not None else document_net(order_to_bill(payload, ctx.settings, ctx.products),
                                                        ctx.settings.mapping) if not dead else {}
    implied = {} if dead else combine(current, *refund_nets.values())
    after = combine(posted.total(), made, *(net for rid, net in refund_nets.items() if rid not in posted.refunds))
    delta = minus(implied, after)
    if not delta:
        return None
    deleted = sorted(set(posted.refunds) - set(refund_nets))
    causes: list[Cause] = ["cancelled"] if dead else []
    if deleted and not dead:
        causes.append("refund_deleted")
    if not dead and combine(delta, *(posted.refunds[r] for r in deleted)):  # more than the deleted refunds
        causes.append("edited")
    return residual(delta, tuple(causes), order_number(payload), status, deleted)


def _corrections(payload: dict[str, Any], held: Residual, posted: PostedOrder, ctx: PlanContext) -> list[PlannedStep]:
    when = local_date(payload, ctx.settings.woocommerce.timezone, "date_modified") if payload.get(
        "date_modified") else local_date(payload, ctx.settings.woocommerce.timezone)
    vendor = order_vendor_id(payload, ctx.settings.mapping)
    docs = correction_documents(payload, held.delta, ctx.settings, len(posted.corrections) + 1, when, vendor,
                                held.reason)
    out: list[PlannedStep] = []
    for doc in docs:
        key = doc.record_id if isinstance(doc, ApBill) else str(doc.adjustment_no)
        out.append(_step("correction", key, "create-apbill" if isinstance(doc, ApBill) else "create-apadjustment",
                         doc))
    return out


def plan_event(topic: str, payload: dict[str, Any], context: PlanContext) -> Plan:
    """The plan for one event (see the module doc); raises :class:`MappingError` when it cannot be mapped."""
    if topic == "customer.deleted":  # the vendor stays: its bills are in Intacct
        return Plan(topic, str(payload.get("id", "")), notes=("customer deleted in the store: the vendor stays",))
    if topic.startswith("customer.") and topic in TOPICS:
        plan = _plan_customer(topic, payload, context)
    elif topic in TOPICS:
        plan = _plan_order(topic, payload, context)
    else:
        raise UnsupportedTopic(f"topic {topic!r} is not mapped; use one of {', '.join(TOPICS)}")
    if context.reference is None:
        return plan
    problems = validate((s.record for s in plan.steps), context.reference)
    return Plan(plan.topic, plan.resource_id, plan.steps, plan.decision, tuple(problems), plan.notes, plan.held)
