"""Corrections after posting: the difference between what the store implies and what Intacct holds.

:func:`residual` compares an order's implied books with what is (or is about to be) in Intacct and names the
causes of any difference: the order was cancelled/failed/trashed (``cancelled``), a posted refund was deleted
(``refund_deleted``), or the bill's money changed (``edited``). Each cause has a policy in ``[books]``;
the difference is posted as correction documents only when every cause present allows it (or an operator
approved it), otherwise it is *held*: an open item with the exact per-account difference.

:func:`correction_documents` turns a difference into documents against the bill: AP adjustments, one for the
lines that raise the books and one for those that lower them (Intacct wants an adjustment's lines all one
sign, INTACCT-API.md §5.6), or one bill ``<order>-C<n>`` with ``refunds = "negative_bill"``. Numbers are
``<order>-C<n>``, counting on from the corrections already posted, so a re-plan after a crash numbers alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from core.intacct.records import ApAdjustment, ApAdjustmentLine, ApBill, ApBillLine
from core.mapping.dates import due_date
from core.mapping.net import Account, Net, adjustment_effect, describe
from core.mapping.order import currencies, order_number
from core.settings import Settings

Cause = Literal["cancelled", "refund_deleted", "edited"]
CAUSE_TEXT: dict[str, str] = {
    "cancelled": "the order is {status} in the store but its bill is in Intacct",
    "refund_deleted": "refund {refunds} was deleted in the store after it was posted",
    "edited": "the order's amounts changed after its bill was posted",
}


@dataclass(frozen=True)
class Residual:
    """What Intacct must gain (per account, signed) to hold what the store implies, and why."""

    delta: Net
    causes: tuple[Cause, ...]
    reason: str

    def automatic(self, settings: Settings) -> bool:
        """Whether every cause's ``[books]`` policy posts the correction without a person."""
        b = settings.books
        allowed = {"cancelled": b.cancellations == "reverse", "refund_deleted": b.deleted_refunds == "reverse",
                   "edited": b.money_edits == "adjust"}
        return all(allowed[c] for c in self.causes)


def residual(delta: Net, causes: tuple[Cause, ...], number: str, status: str, deleted: list[int]) -> Residual:
    """The :class:`Residual` of ``delta`` with a one-sentence reason naming the causes and the amounts."""
    parts = [CAUSE_TEXT[c].format(status=status, refunds=", ".join(map(str, deleted))) for c in causes]
    text = f"order {number}: " + "; ".join(parts or ["Intacct differs from the store"])
    return Residual(delta, causes, f"{text}. To match the store Intacct needs {describe(delta)}")


def correction_documents(
    order: dict[str, Any], delta: Net, settings: Settings, first_no: int, when: date, vendor_id: str,
    reason: str,
) -> list[ApAdjustment | ApBill]:
    """The documents that post ``delta`` (see the module doc), numbered from ``<order>-C<first_no>``."""
    m, number = settings.mapping, order_number(order)
    text = f"Correction of WooCommerce order #{number}: {reason}"[:1000]
    if m.refunds == "negative_bill":
        lines = tuple(ApBillLine(a.account_no, v, "Correction", dict(a.dimensions)) for a, v in delta.items())
        return [ApBill(vendor_id=vendor_id, record_id=f"{number}-C{first_no}", when_created=when,
                       when_due=None if m.term_name else due_date(when, m.due_days), term_name=m.term_name or None,
                       description=text, lines=lines, **currencies(order, settings))]
    effect = adjustment_effect(m)
    docs: list[ApAdjustment | ApBill] = []
    for part in _by_sign(delta):
        lines_ = tuple(ApAdjustmentLine(a.account_no, v * effect, "Correction", dict(a.dimensions))
                       for a, v in part.items())
        docs.append(ApAdjustment(vendor_id=vendor_id, when_created=when,
                                 adjustment_no=f"{number}-C{first_no + len(docs)}", bill_no=number,
                                 description=text, lines=lines_, **currencies(order, settings)))
    return docs


def _by_sign(delta: Mapping[Account, Decimal]) -> list[Net]:
    up = {a: v for a, v in delta.items() if v > 0}
    down = {a: v for a, v in delta.items() if v < 0}
    return [part for part in (down, up) if part]
