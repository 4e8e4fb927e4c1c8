"""Which events a round takes, and turning one event into planned writes (the edge around core/mapping).

Ordering rule (docs/sync.md): per resource, versions go strictly in order — an event waits while an older
event of the same resource is still active (approved, retry or posting); and a customer goes before its
orders — an order waits while its customer has an active event. Everything the pure planner needs is
fetched here, at the edge: product categories and meta (cached), refund details, the payload last posted, whether
the vendor exists, and the reference data.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from core.intacct.records import ApAdjustment, ApBill, ApBillChanges, Vendor
from core.mapping import Plan, PlanContext, ProductInfo, ReferenceData, plan_event
from core.mapping.net import PostedOrder
from core.mapping.plan import PlannedStep
from core.mapping.vendorids import customer_vendor_id, is_guest, order_vendor_id
from core.outbox import EventRecord
from core.outbox.model import POSTING, RETRY
from core.settings import Settings
from core.woo.products import CategoryCache
from core.woo.rest import WooClient

WAVE_VENDOR, WAVE_BILL, WAVE_REFUND = 0, 1, 2
"""Writes go in waves: every vendor before any bill, every bill before any refund document."""


def payload_of(event: EventRecord) -> dict[str, Any]:
    data = json.loads(event.payload or b"{}")
    return data if isinstance(data, dict) else {}


def customer_of(event: EventRecord) -> int:
    """The Woo customer id an order event belongs to (0 for guests and unreadable payloads)."""
    try:
        return int(payload_of(event).get("customer_id") or 0)
    except (ValueError, TypeError):
        return 0


def select_round(active: Sequence[EventRecord], now: str, only: set[int] | None, limit: int) -> list[EventRecord]:
    """The events to work on now, oldest first, honouring the ordering rule (module doc)."""
    busy_customers = {e.resource_id for e in active if e.resource == "customer"} - {0}
    seen: set[tuple[str, int]] = set()
    chosen: list[EventRecord] = []
    for event in active:
        key = (event.resource, event.resource_id)
        if key in seen:
            continue  # an older version of this resource is still active
        seen.add(key)
        named = only is not None and event.id in only
        if event.state != POSTING and only is not None and not named:
            continue
        if event.state == RETRY and not named and (event.next_attempt_at or "") > now:
            continue
        # the payload is parsed only while some customer is busy: parsing thousands each round cost a tenth of a push
        if busy_customers and event.resource == "order" and customer_of(event) in busy_customers:
            continue
        chosen.append(event)
        if len(chosen) >= limit:
            break
    return chosen


def vendor_id_of(event: EventRecord, settings: Settings, payload: dict[str, Any] | None = None) -> str:
    """The VENDORID an event's documents belong to (``payload``: the event's, when already parsed)."""
    payload = payload_of(event) if payload is None else payload
    if event.resource == "customer":
        return customer_vendor_id(event.resource_id, settings.mapping)
    return order_vendor_id(payload, settings.mapping)


@dataclass
class Inputs:
    """What one round fetched from the store for its order events."""

    products: dict[int, ProductInfo] = field(default_factory=dict)
    refunds: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)
    """event id → why its inputs could not be fetched (the event is retried later)."""


async def fetch_inputs(woo: WooClient | None, categories: CategoryCache | None,
                       orders: Sequence[tuple[EventRecord, dict[str, Any], set[int]]]) -> Inputs:
    """Products of every line item (category paths and meta) and the refund details of orders with refunds not
    posted yet."""
    inputs = Inputs()
    if woo is None or categories is None:
        return inputs
    product_ids = {int(i.get("product_id") or 0) for _, p, _ in orders for i in p.get("line_items") or []}
    try:
        facts = await categories.products(product_ids - {0})
        inputs.products = {pid: ProductInfo(pid, tuple(c.names for c in f.paths), f.meta) for pid, f in facts.items()}
    except Exception as exc:  # noqa: BLE001 - any store failure only delays the round's orders
        inputs.errors.update({e.id: f"cannot read products from the store: {exc}" for e, _, _ in orders})
        return inputs
    gate = asyncio.Semaphore(4)

    async def refunds_of(event: EventRecord, order_id: int) -> None:
        async with gate:
            try:
                inputs.refunds[order_id] = await woo.list_refunds(order_id)
            except Exception as exc:  # noqa: BLE001
                inputs.errors[event.id] = f"cannot read the refunds of order {order_id}: {exc}"

    await asyncio.gather(*(refunds_of(e, int(p["id"])) for e, p, posted in orders
                           if {int(r["id"]) for r in p.get("refunds") or []} - posted))
    return inputs


def plan_for(event: EventRecord, payload: dict[str, Any], basis: dict[str, Any] | None, settings: Settings,
             reference: ReferenceData | None, inputs: Inputs, vendor_known: bool,
             posted: PostedOrder | None = None, approved: bool = False) -> Plan:
    refunds = inputs.refunds.get(int(payload.get("id") or 0), []) if event.resource == "order" else []
    ctx = PlanContext(settings, reference, inputs.products, basis, refunds, vendor_known, posted, approved)
    return plan_event(event.topic, payload, ctx)


@dataclass(frozen=True)
class Write:
    """One planned step as the ledger stores it."""

    step: PlannedStep
    wave: int
    object: str
    doc_key: str
    vendor_id: str


def describe_step(step: PlannedStep) -> Write:
    record = step.record
    if isinstance(record, Vendor):
        return Write(step, WAVE_VENDOR, "VENDOR", record.vendor_id, record.vendor_id)
    wave = WAVE_REFUND if step.control_id.startswith(("refund-", "correction-")) else WAVE_BILL
    if isinstance(record, ApBill):
        return Write(step, wave, "APBILL", record.record_id, record.vendor_id)
    if isinstance(record, ApBillChanges):
        return Write(step, wave, "APBILL", record.record_no, "")
    assert isinstance(record, ApAdjustment)
    return Write(step, wave, "APADJUSTMENT", record.adjustment_no or "", record.vendor_id)


def with_record_no(step: PlannedStep, record_no: str) -> PlannedStep:
    """An ``update-apbill`` step pointed at the bill's RECORDNO (the plan knows only its RECORDID)."""
    assert isinstance(step.record, ApBillChanges)
    return replace(step, record=replace(step.record, record_no=record_no))


def new_vendor_ids(writes: Iterable[Write]) -> set[str]:
    return {w.doc_key for w in writes if w.step.operation == "create-vendor"}


def is_guest_order(payload: dict[str, Any]) -> bool:
    return is_guest(payload)
