"""Refunds → an AP adjustment or a negative bill, one document per WooCommerce refund.

The refunds to post are listed in the order's ``refunds[]`` summary; their detail (line items, shipping,
tax) comes from ``/orders/<id>/refunds``, passed in. Lines are first worked out as positive magnitudes with
the bill's account rules (:mod:`.lines`, ``factor=-1``). Then:

* itemised lines adding up to less than the refund amount get one more line for the rest on
  ``default_account`` ("Refund not itemised");
* an amount-only refund, a refund without detail (a full refund made with "Refund manually" often has
  none), or itemised lines that exceed the amount or mix signs are split over the BILL's lines in
  proportion to them, rounded to the amount's own minor unit, the rounding on the last line — so a full
  refund reverses exactly the accounts and dimensions the bill used (products, shipping, tax). Intacct
  requires the lines of an adjustment to be all positive or all negative (INTACCT-API.md §5.6): when the
  bill itself mixes signs (a negative fee) the refund becomes ONE line on ``default_account``.

So the absolute total of each document always equals the refund amount to the cent. The sign is applied in
one place, :func:`signed`: ``negative_bill`` lines are negative; adjustment lines follow
``mapping.adjustment_sign`` (default ``negative``: INTACCT-API.md §5.6 reads positive adjustments as credit
memos, which *increase* what is owed, and negative ones as debit memos, which decrease it — a refund
decreases it; §9 item 5 marks this for a sandbox check, hence the setting).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core.intacct.records import ApAdjustment, ApAdjustmentLine, ApBill, ApBillLine
from core.mapping.accounts import ProductInfo
from core.mapping.dates import due_date, local_date
from core.mapping.errors import MappingError
from core.mapping.lines import DraftLine, draft_lines
from core.mapping.money import ZERO, money
from core.mapping.order import check_total, currencies, order_currency, order_number, order_to_bill
from core.mapping.vendorids import order_vendor_id
from core.settings import MappingSettings, Settings


def signed(magnitude: Decimal, mapping: MappingSettings) -> Decimal:
    """THE sign rule for refund documents (see the module doc): the one place a refund amount is signed."""
    if mapping.refunds == "negative_bill" or mapping.adjustment_sign == "negative":
        return -magnitude
    return magnitude


def refund_document_id(order: dict[str, Any], refund_id: int | str) -> str:
    """``<order number>-R<refund id>``: the adjustment number or negative bill RECORDID of a refund."""
    return f"{order_number(order)}-R{refund_id}"


def proportional(amount: Decimal, bill: Sequence[DraftLine], memo: str) -> list[DraftLine]:
    """``amount`` split over ``bill``'s lines in proportion to them (same accounts and dimensions), rounded to
    ``amount``'s minor unit with the rounding on the last line; [] when the bill is empty or mixes signs."""
    if not bill or any(line.amount <= 0 for line in bill) or amount <= 0:
        return []
    exponent = amount.as_tuple().exponent
    quantum = Decimal(1).scaleb(exponent if isinstance(exponent, int) else -2)  # the amount's minor unit
    whole = sum((line.amount for line in bill), ZERO)
    out: list[DraftLine] = []
    for n, line in enumerate(bill):
        if n == len(bill) - 1:
            share = amount - sum((o.amount for o in out), ZERO)
        else:
            share = (amount * line.amount / whole).quantize(quantum, rounding=ROUND_HALF_UP)
        out.append(DraftLine(line.account_no, share, f"{memo}, in proportion to the bill", line.dimensions))
    return [line for line in out if line.amount != 0]


def refund_magnitudes(
    detail: dict[str, Any], amount: Decimal, products: Mapping[int, ProductInfo], mapping: MappingSettings,
    memo: str, bill: Sequence[DraftLine] = (), currency: str | None = None,
) -> list[DraftLine]:
    """Positive lines for one refund whose sum is exactly ``amount`` (rules in the module doc); ``bill`` is
    the order's bill lines, over which a refund without usable line detail is split."""
    lines = draft_lines(detail, products, mapping, factor=-1, currency=currency)
    whole = proportional(amount, bill, memo) or [
        DraftLine(mapping.default_account, amount, memo, dict(mapping.dimensions))]
    itemised = sum((line.amount for line in lines), ZERO)
    if not lines or any(line.amount < 0 for line in lines) or itemised > amount:
        return whole
    rest = amount - itemised
    if rest:
        lines.append(DraftLine(mapping.default_account, rest, "Refund not itemised", dict(mapping.dimensions)))
    return lines


def bill_lines(order: dict[str, Any], settings: Settings, products: Mapping[int, ProductInfo]) -> list[DraftLine]:
    """The order's bill lines, merged per account and dimensions (what a proportional refund reverses); []
    when the order cannot be billed as it stands."""
    try:
        bill = order_to_bill(order, settings, products)
    except MappingError:
        return []
    merged: dict[tuple[str, tuple[tuple[str, str], ...]], DraftLine] = {}
    for line in bill.lines:
        key = (line.account_no, tuple(sorted(line.dimensions.items())))
        seen = merged.get(key)
        merged[key] = DraftLine(line.account_no, line.amount + (seen.amount if seen else ZERO), "",
                                line.dimensions)
    return list(merged.values())


class _LazyBill(Sequence[DraftLine]):
    """The order's :func:`bill_lines`, worked out only when a refund needs splitting over them."""

    def __init__(self, order: dict[str, Any], settings: Settings, products: Mapping[int, ProductInfo]) -> None:
        self._args = (order, settings, products)
        self._lines: list[DraftLine] | None = None

    def _get(self) -> list[DraftLine]:
        if self._lines is None:
            self._lines = bill_lines(*self._args)
        return self._lines

    def __getitem__(self, index: int) -> DraftLine:  # type: ignore[override]
        return self._get()[index]

    def __len__(self) -> int:
        return len(self._get())


def _summaries(order: dict[str, Any]) -> list[dict[str, Any]]:
    """The order's refund summaries, oldest (lowest id) first, so documents come out in a stable order."""
    return sorted((r for r in order.get("refunds") or [] if isinstance(r, dict)), key=lambda r: int(r["id"]))


def refund_documents(
    order: dict[str, Any], details: Sequence[dict[str, Any]], settings: Settings,
    products: Mapping[int, ProductInfo] | None = None, only_ids: frozenset[int] | None = None,
    vendor_id: str | None = None,
) -> list[ApAdjustment | ApBill]:
    """One document per refund in ``order['refunds']`` (restricted to ``only_ids`` when given)."""
    by_id = {int(d["id"]): d for d in details if isinstance(d, dict) and "id" in d}
    bill = _LazyBill(order, settings, products or {})
    docs: list[ApAdjustment | ApBill] = []
    for summary in _summaries(order):
        rid = int(summary["id"])
        if only_ids is not None and rid not in only_ids:
            continue
        detail = by_id.get(rid, {})
        amount = abs(money(detail.get("amount", summary.get("total")), f"refund {rid} amount", order_currency(order)))
        docs.append(_document(order, rid, detail, amount, settings, products or {}, vendor_id, bill))
    return docs


def _document(
    order: dict[str, Any], rid: int, detail: dict[str, Any], amount: Decimal, settings: Settings,
    products: Mapping[int, ProductInfo], vendor_id: str | None, bill: Sequence[DraftLine],
) -> ApAdjustment | ApBill:
    m = settings.mapping
    number = order_number(order)
    reason = str(detail.get("reason") or "").strip()
    text = f"Refund #{rid} of WooCommerce order #{number}" + (f": {reason}" if reason else "")
    lines = [replace(line, amount=signed(line.amount, m)) for line in refund_magnitudes(
        detail, amount, products, m, reason or f"Refund #{rid}", bill, order_currency(order))]
    when = local_date(detail, settings.woocommerce.timezone) if detail.get("date_created") else local_date(
        order, settings.woocommerce.timezone)
    vendor = vendor_id or order_vendor_id(order, m)
    doc: ApAdjustment | ApBill
    if m.refunds == "negative_bill":
        doc = ApBill(
            vendor_id=vendor, record_id=refund_document_id(order, rid), when_created=when,
            when_due=None if m.term_name else due_date(when, m.due_days), term_name=m.term_name or None,
            description=text, **currencies(order, settings),
            lines=tuple(ApBillLine(d.account_no, d.amount, d.description, d.dimensions) for d in lines),
        )
    else:
        doc = ApAdjustment(
            vendor_id=vendor, when_created=when, adjustment_no=refund_document_id(order, rid), bill_no=number,
            description=text, **currencies(order, settings),
            lines=tuple(ApAdjustmentLine(d.account_no, d.amount, d.description, d.dimensions) for d in lines),
        )
    check_total(f"refund {rid}", abs(doc.total), amount)
    return doc
