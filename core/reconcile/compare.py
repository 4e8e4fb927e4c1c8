"""The reconcile comparison, pure: one order's store record against every Intacct document for it.

The rule is the net-effect rule (docs/mapping.md): every document Intacct holds for an order — its bill, each
refund's document, each correction — adds up, per GL account and dimension set, to what the store implies:
the bill the current order maps to plus each refund as its one Intacct document splits it, or nothing for a
dead order (cancelled, failed, trash). Where it does not, the order gets one row per difference, of a kind:

``missing``    the store has it (a billable order's bill, a refund), Intacct has no document for it;
``duplicate``  a second Intacct document with the same document number (the extra one is listed);
``amount``     the order's net differs (the per-account diff is what Intacct would need), or a refund's
               document does not total the refund;
``status``     the order is dead in the store while Intacct still holds money for it;
``orphan``     a document with our vendor prefix that no store order explains;
``pending``    the outbox has not posted the order's newest version yet (its state is given): other
               differences of that order are expected and not listed until it is posted.

A difference the books policy holds as an open item is listed as such (``open_item``: its event): known,
but still a difference, so it counts toward exit 4 until it is resolved.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from core.mapping.net import ZERO, Net, combine, describe, minus, negated, total

Kind = Literal["missing", "duplicate", "amount", "status", "orphan", "pending"]
KINDS: tuple[Kind, ...] = ("missing", "duplicate", "amount", "status", "orphan", "pending")
Role = Literal["bill", "refund", "correction"]

_SUFFIX = re.compile(r"^(?P<number>.+)-(?P<role>[RC])(?P<n>\d+)$")


def document_role(document_no: str) -> tuple[str, Role, int | None]:
    """``(order number, role, refund id)`` of a document number: ``1001`` the bill, ``1001-R7`` refund 7,
    ``1001-C2`` a correction (docs/mapping.md, "Plans and control ids")."""
    match = _SUFFIX.match(document_no)
    if match is None:
        return document_no, "bill", None
    if match["role"] == "R":
        return match["number"], "refund", int(match["n"])
    return match["number"], "correction", None


@dataclass(frozen=True)
class StoreOrder:
    """What the store says of one order, already mapped (the edge ran the product's own mapping)."""

    order_id: int
    number: str
    status: str
    currency: str
    bill: Net | None
    """The bill the order as it stands maps to; None when it cannot be billed (nothing to bill)."""
    billable: bool
    """Whether the order, never posted, would get a bill now (its status is one that posts)."""
    dead: bool
    """cancelled, failed or trash: the store implies nothing."""
    refunds: Mapping[int, Decimal] = field(default_factory=dict)
    """Refund id → its amount (positive)."""


@dataclass(frozen=True)
class IntacctDoc:
    """One bill or adjustment Intacct holds, with what it does to the books."""

    object: str
    """``APBILL`` or ``APADJUSTMENT``."""
    record_no: str
    document_no: str
    """RECORDID: the bill number or the adjustment number."""
    vendor_id: str
    state: str
    currency: str
    net: Net

    @property
    def order_number(self) -> str:
        return document_role(self.document_no)[0]

    @property
    def role(self) -> Role:
        return document_role(self.document_no)[1]

    @property
    def refund_id(self) -> int | None:
        return document_role(self.document_no)[2]

    def sort_key(self) -> tuple[int, str]:
        return (int(self.record_no) if self.record_no.isdigit() else 0, self.record_no)


@dataclass(frozen=True)
class Pending:
    """The order's newest outbox event when it is not carried to an outcome yet."""

    event_id: int
    state: str
    error: str = ""


@dataclass(frozen=True)
class Difference:
    kind: Kind
    order_number: str
    order_id: int | None
    document: str
    """What it is about: ``bill 1001``, ``refund 1001-R7``, ``APBILL 1001 (RECORDNO 42)``, ``order 1001``."""
    detail: str
    delta: Net = field(default_factory=dict)
    """Per account: what Intacct would need to gain for the books to agree (empty when not a money diff)."""
    record_nos: tuple[str, ...] = ()
    state: str = ""
    """``pending``: the outbox state; ``status``: the store status."""
    event_id: int | None = None
    """The outbox event to look at (pending, or the open item's)."""
    open_item: bool = False
    """The books policy holds this difference for a person (``ml-connector books open``)."""
    acknowledged: str = ""
    """The note of the acknowledgement, when an operator accepted it (it then stops alerting)."""

    @property
    def fingerprint(self) -> str:
        """Stable id of this difference: the same kind, order, document and amounts give the same id."""
        from core.mapping.net import to_json

        text = "|".join((self.kind, self.order_number, self.document, to_json(self.delta), ",".join(self.record_nos)))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _dedupe(order: str, order_id: int | None, docs: Iterable[IntacctDoc]) -> tuple[list[IntacctDoc], list[Difference]]:
    """The first document of each document number (lowest RECORDNO), and a ``duplicate`` row per extra one."""
    kept: dict[str, IntacctDoc] = {}
    rows: list[Difference] = []
    for doc in sorted(docs, key=IntacctDoc.sort_key):
        first = kept.get(doc.document_no)
        if first is None:
            kept[doc.document_no] = doc
            continue
        rows.append(Difference("duplicate", order, order_id, f"{doc.object} {doc.document_no}",
                               f"{doc.object} {doc.document_no} is in Intacct twice (RECORDNO {first.record_no} and "
                               f"{doc.record_no}); the second adds {describe(doc.net)}", negated(doc.net),
                               (doc.record_no,)))
    return list(kept.values()), rows


def compare_order(store: StoreOrder | None, docs: Sequence[IntacctDoc], pending: Pending | None = None,
                  open_item_event: int | None = None, number: str = "") -> list[Difference]:
    """Every difference of one order (see the module doc); ``[]`` when Intacct agrees with the store.

    ``store`` None: no store order explains these documents (``orphan`` rows). ``open_item_event``: the
    event of the order's open item, if the books policy holds one."""
    order = store.number if store is not None else (number or (docs[0].order_number if docs else ""))
    oid = store.order_id if store is not None else None
    if store is None:
        return [Difference("orphan", order, None, f"{d.object} {d.document_no}",
                           f"{d.object} {d.document_no} (vendor {d.vendor_id}, {describe(d.net)}) has no order "
                           f"{order} in the store to explain it", negated(d.net), (d.record_no,))
                for d in sorted(docs, key=IntacctDoc.sort_key)]
    if pending is not None:
        why = f": {pending.error}" if pending.error else ""
        return [Difference("pending", order, oid, f"order {order}", f"the outbox has not posted order {order} yet "
                           f"(event {pending.event_id} is {pending.state}{why})", state=pending.state,
                           event_id=pending.event_id)]
    kept, rows = _dedupe(order, oid, docs)
    bill = next((d for d in kept if d.role == "bill"), None)
    held = combine(*(d.net for d in kept))
    expects_bill = store.billable and not store.dead and store.bill is not None
    if bill is None and expects_bill:
        assert store.bill is not None
        rows.append(Difference("missing", order, oid, f"bill {order}", f"order {order} ({store.status}) has no "
                               f"bill in Intacct; the store implies {describe(store.bill)}",
                               minus(store.bill, held)))
        return rows
    flag = {"open_item": open_item_event is not None, "event_id": open_item_event}
    if store.dead:
        if held:
            rows.append(Difference("status", order, oid, f"order {order}", f"order {order} is {store.status} in "
                                   f"the store, Intacct still holds {describe(held)}", negated(held),
                                   tuple(d.record_no for d in kept), store.status, **flag))  # type: ignore[arg-type]
        return rows
    if bill is None and not kept:
        return rows  # never billable, nothing in Intacct: they agree
    refund_docs = {d.refund_id: d for d in kept if d.role == "refund"}
    implied_parts: list[Net] = [store.bill or {}] if bill is not None or expects_bill else []
    for rid, magnitude in sorted(store.refunds.items()):
        doc = refund_docs.get(rid)
        if doc is None:
            rows.append(Difference("missing", order, oid, f"refund {order}-R{rid}", f"refund {rid} of order {order} "
                                   f"({magnitude}) has no document in Intacct", {}))
            continue
        implied_parts.append(doc.net)
        if abs(total(doc.net)) != magnitude:
            rows.append(Difference("amount", order, oid, f"refund {doc.document_no}", f"refund {rid} of order "
                                   f"{order} is {magnitude} in the store, its document in Intacct totals "
                                   f"{abs(total(doc.net))}", {}, (doc.record_no,)))
    delta = minus(combine(*implied_parts), held)
    if delta:
        rows.append(Difference("amount", order, oid, f"order {order}", f"order {order}: Intacct needs "
                               f"{describe(delta)} to hold what the store implies", delta,
                               tuple(d.record_no for d in kept), **flag))  # type: ignore[arg-type]
    return rows


@dataclass
class Summary:
    """What a run compared: orders, money per currency on both sides, differences by kind."""

    orders: int = 0
    store_totals: dict[str, Decimal] = field(default_factory=dict)
    intacct_totals: dict[str, Decimal] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    acknowledged: int = 0

    def add_order(self, store: StoreOrder | None, docs: Sequence[IntacctDoc]) -> None:
        if store is not None:
            self.orders += 1
            if not store.dead and store.bill is not None and (store.billable or docs):
                implied = total(store.bill) - sum(store.refunds.values(), ZERO)
                self.store_totals[store.currency] = self.store_totals.get(store.currency, ZERO) + implied
        for doc in docs:
            currency = doc.currency or (store.currency if store is not None else "")
            self.intacct_totals[currency] = self.intacct_totals.get(currency, ZERO) + total(doc.net)

    def add(self, difference: Difference) -> None:
        if difference.acknowledged:
            self.acknowledged += 1
        else:
            self.by_kind[difference.kind] = self.by_kind.get(difference.kind, 0) + 1

    @property
    def differences(self) -> int:
        """Differences that count (acknowledged ones do not)."""
        return sum(self.by_kind.values())
