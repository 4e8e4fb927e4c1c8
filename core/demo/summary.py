"""The end-of-day summary: what the connector did, and whether Intacct now agrees with the store.

Split so a broken day is testable without playing one: :func:`collect` reads the running sandboxes and the
outbox into a plain :class:`Snapshot`; :func:`reconcile` compares a snapshot and lists every mismatch;
:func:`render` prints it. The demo exits 0 only when the mismatch list is empty.

The rules (money compared as :class:`~decimal.Decimal`, in the order's currency):

- every store order in a billable status (``sync.order_statuses``, or ``refunded``) has bills whose totals
  add up to the order total; no other order has one, and no bill belongs to an unknown order;
- every refund is in Intacct exactly once (document ``<order>-R<refund id>``: an AP adjustment, or a
  negative bill), for the refund's amount;
- every store customer is a vendor (``vendor_id_prefix`` + id);
- every outbox event is posted or skipped: none failed, none left waiting.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

REFUND_DOC = re.compile(r"^(?P<order>.+)-R(?P<refund>\d+)$")
UNSETTLED = ("received", "awaiting_review", "approved", "posting", "retry")


@dataclass(frozen=True)
class StoreOrder:
    number: str
    status: str
    total: Decimal
    currency: str
    refunds: dict[str, Decimal] = field(default_factory=dict)
    """Refund id → amount (positive)."""


@dataclass(frozen=True)
class IntacctDoc:
    object: str
    """``APBILL`` or ``APADJUSTMENT``."""
    record_id: str
    vendor_id: str
    total: Decimal


@dataclass
class Snapshot:
    """Everything the summary needs, as plain data."""

    orders: list[StoreOrder]
    customer_ids: list[int]
    vendors: list[str]
    docs: list[IntacctDoc]
    events_by_state: dict[str, int] = field(default_factory=dict)
    events_by_source: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0
    alerts_raised: int = 0
    alerts_resolved: int = 0
    deliveries: dict[str, int] = field(default_factory=dict)
    billable_statuses: tuple[str, ...] = ("processing", "completed")
    vendor_prefix: str = "WC-"
    drained: bool = True

    def bills(self) -> list[IntacctDoc]:
        return [d for d in self.docs if d.object == "APBILL" and not REFUND_DOC.match(d.record_id)]

    def refund_docs(self) -> list[IntacctDoc]:
        return [d for d in self.docs if REFUND_DOC.match(d.record_id)]


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal("0"))


def bill_mismatches(snapshot: Snapshot) -> list[str]:
    """Bill totals per order against order totals (and bills for no order, or for unbillable ones)."""
    billed: dict[str, list[Decimal]] = defaultdict(list)
    for bill in snapshot.bills():
        billed[bill.record_id].append(bill.total)
    billable = set(snapshot.billable_statuses) | {"refunded"}
    out, known = [], set()
    for order in snapshot.orders:
        known.add(order.number)
        totals = billed.get(order.number, [])
        if order.status not in billable or order.total == 0:
            if totals:
                out.append(f"order {order.number} is {order.status} but has {len(totals)} bill(s) in Intacct")
        elif not totals:
            out.append(f"order {order.number} ({order.status}, {order.total} {order.currency}) has no bill in Intacct")
        elif _sum(totals) != order.total:
            out.append(f"order {order.number}: bills total {_sum(totals)} in Intacct, {order.total} "
                       f"{order.currency} in the store" + (f" ({len(totals)} bills)" if len(totals) > 1 else ""))
    out += [f"bill {number} in Intacct matches no store order" for number in sorted(set(billed) - known)]
    return out


def refund_mismatches(snapshot: Snapshot) -> list[str]:
    """Each refund once in Intacct, for its amount; no refund document for an unknown refund."""
    docs: dict[str, list[Decimal]] = defaultdict(list)
    for doc in snapshot.refund_docs():
        docs[doc.record_id].append(abs(doc.total))
    out, expected = [], set()
    for order in snapshot.orders:
        for refund_id, amount in sorted(order.refunds.items()):
            key = f"{order.number}-R{refund_id}"
            expected.add(key)
            found = docs.get(key, [])
            if len(found) != 1:
                out.append(f"refund {refund_id} of order {order.number} ({amount}) is in Intacct {len(found)} times")
            elif found[0] != amount:
                out.append(f"refund {refund_id} of order {order.number}: {found[0]} in Intacct, {amount} in the store")
    out += [f"refund document {key} in Intacct matches no store refund" for key in sorted(set(docs) - expected)]
    return out


def other_mismatches(snapshot: Snapshot) -> list[str]:
    vendors = set(snapshot.vendors)
    out = [f"customer {cid} has no vendor {snapshot.vendor_prefix}{cid} in Intacct"
           for cid in snapshot.customer_ids if f"{snapshot.vendor_prefix}{cid}" not in vendors]
    if snapshot.events_by_state.get("failed"):
        out.append(f"{snapshot.events_by_state['failed']} outbox event(s) failed")
    waiting = sum(snapshot.events_by_state.get(s, 0) for s in UNSETTLED)
    if waiting or not snapshot.drained:
        out.append(f"the outbox was not drained ({waiting} event(s) still waiting)")
    return out


def reconcile(snapshot: Snapshot) -> list[str]:
    """Every way Intacct and the store disagree; empty means the day reconciles."""
    return bill_mismatches(snapshot) + refund_mismatches(snapshot) + other_mismatches(snapshot)


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "none"


def render(snapshot: Snapshot, mismatches: Sequence[str]) -> str:
    """The summary the demo prints."""
    objects = Counter(d.object for d in snapshot.docs)
    refunds = sum(len(o.refunds) for o in snapshot.orders)
    billed = {b.record_id for b in snapshot.bills()}
    per_currency: dict[str, Decimal] = defaultdict(Decimal)
    for order in snapshot.orders:
        if order.number in billed:
            per_currency[order.currency] += order.total
    lines = [
        "── ml-connector demo: summary ──",
        f"Webhook deliveries:  {_counts(snapshot.deliveries)}",
        f"Events received:     {sum(snapshot.events_by_source.values())} ({_counts(snapshot.events_by_source)})",
        f"Events by state:     {_counts(snapshot.events_by_state)}",
        f"Quarantined:         {snapshot.quarantined}",
        f"Alerts:              {snapshot.alerts_raised} raised, {snapshot.alerts_resolved} resolved",
        f"In Intacct:          {len(snapshot.vendors)} vendors, {len(snapshot.bills())} bills, "
        f"{objects.get('APADJUSTMENT', 0)} adjustments",
        f"In the store:        {len(snapshot.customer_ids)} customers, {len(snapshot.orders)} orders, "
        f"{refunds} refunds",
        "Billed order totals: " + (", ".join(f"{c} {t}" for c, t in sorted(per_currency.items())) or "none"),
    ]
    if mismatches:
        lines += [f"NOT RECONCILED: {len(mismatches)} mismatch(es)", *(f"  - {m}" for m in mismatches)]
    else:
        lines.append("Reconciled: every billable order's bills equal its total, every refund is one adjustment "
                     "for its amount, every customer is a vendor, and nothing is left in the outbox.")
    return "\n".join(lines)


def exit_code(mismatches: Sequence[str]) -> int:
    return 1 if mismatches else 0


def money(value: Any) -> Decimal:
    return Decimal(str(value or "0"))
