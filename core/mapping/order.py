"""WooCommerce order → Intacct ``ApBill``.

RECORDID is the order ``number``; WHENCREATED the order date in the store's timezone (:mod:`.dates`);
WHENDUE = date + ``due_days``, or TERMNAME when ``term_name`` is set; DESCRIPTION names the order and links to
it in the store admin; CURRENCY/BASECURR, with EXCH_RATE_TYPE_ID only when they differ. Lines come from
:mod:`.lines`. With ``discount_account`` set, products are booked at their pre-discount ``subtotal`` and one
line books the coupon discount negative on that account. With ``per_line_tax`` a rounding difference between
the lines' taxes and the order's ``total_tax`` gets its own "Tax rounding" line.

The bill total must equal the order ``total`` to the cent; otherwise :class:`TotalsMismatch` stops the event
(a WooCommerce payload that does not add up is for a person to look at, not to be posted).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from core.intacct.records import ApBill, ApBillLine
from core.mapping.accounts import ProductInfo
from core.mapping.dates import due_date, local_date
from core.mapping.errors import InvalidPayload, TotalsMismatch
from core.mapping.lines import DraftLine, draft_lines
from core.mapping.money import ZERO, money, total_of
from core.mapping.vendorids import order_vendor_id
from core.settings import Settings


class Currencies(TypedDict):
    currency: str | None
    base_currency: str | None
    exchange_rate_type: str | None


def currencies(order: dict[str, Any], settings: Settings) -> Currencies:
    """CURRENCY, BASECURR and, only when they differ, EXCH_RATE_TYPE_ID, as record keyword arguments."""
    currency = str(order.get("currency") or "").strip().upper() or None
    base = settings.mapping.base_currency.strip().upper() or currency
    differ = currency is not None and base is not None and currency != base
    rate_type = settings.mapping.exchange_rate_type if differ else None
    return Currencies(currency=currency, base_currency=base, exchange_rate_type=rate_type)


def admin_link(order: dict[str, Any], settings: Settings) -> str | None:
    """The order's edit page in wp-admin (``post.php?post=<id>&action=edit``, redirected under HPOS)."""
    base = settings.mapping.store_admin_url or (
        f"{settings.woocommerce.url.rstrip('/')}/wp-admin" if settings.woocommerce.url else ""
    )
    return f"{base.rstrip('/')}/post.php?post={order['id']}&action=edit" if base else None


def bill_description(order: dict[str, Any], settings: Settings) -> str:
    """DESCRIPTION: ``WooCommerce order #<number>`` and the admin link when the store URL is known."""
    link = admin_link(order, settings)
    return f"WooCommerce order #{order_number(order)}" + (f" {link}" if link else "")


def order_number(order: dict[str, Any]) -> str:
    """The order ``number`` (a string; may differ from ``id`` with sequential-number plugins)."""
    number = str(order.get("number") or order.get("id") or "").strip()
    if not number:
        raise InvalidPayload("order has neither number nor id")
    return number


def _adjustments(order: dict[str, Any], settings: Settings, lines: list[DraftLine]) -> list[DraftLine]:
    """The discount line (``discount_account``) and the per-line tax rounding line, when they apply."""
    m = settings.mapping
    items = [i for i in order.get("line_items") or [] if isinstance(i, dict)]
    extra: list[DraftLine] = []
    if m.discount_account:
        discount = total_of(items, "subtotal", "line_items") - total_of(items, "total", "line_items")
        extra.append(DraftLine(m.discount_account, -discount, "Coupon discount", dict(m.dimensions)))
    if m.per_line_tax:
        booked = sum((line.amount for line in lines if line.account_no == m.tax_account), ZERO)
        rounding = money(order.get("total_tax"), "total_tax") - booked
        extra.append(DraftLine(m.tax_account, rounding, "Tax rounding", dict(m.dimensions)))
    return [line for line in extra if line.amount != 0]


def check_total(document: str, lines_total: Any, expected: Any) -> None:
    """Raise :class:`TotalsMismatch` unless the two totals are equal to the cent."""
    if lines_total != expected:
        raise TotalsMismatch(f"{document}: lines add up to {lines_total} but WooCommerce says {expected}")


def order_to_bill(
    order: dict[str, Any], settings: Settings, products: Mapping[int, ProductInfo] | None = None,
    vendor_id: str | None = None,
) -> ApBill:
    """The APBILL for an order; ``products`` holds what is known of the ordered products (else default)."""
    m = settings.mapping
    number = order_number(order)
    lines = draft_lines(order, products or {}, m, gross=bool(m.discount_account))
    lines += _adjustments(order, settings, lines)
    if not lines:
        raise InvalidPayload(f"order {number} has no non-zero line: there is nothing to bill")
    created = local_date(order, settings.woocommerce.timezone)
    bill = ApBill(
        vendor_id=vendor_id or order_vendor_id(order, m),
        record_id=number,
        when_created=created,
        when_due=None if m.term_name else due_date(created, m.due_days),
        term_name=m.term_name or None,
        description=bill_description(order, settings),
        lines=tuple(ApBillLine(d.account_no, d.amount, d.description, d.dimensions) for d in lines),
        **currencies(order, settings),
    )
    check_total(f"order {number}", bill.total, money(order.get("total"), "total"))
    return bill
