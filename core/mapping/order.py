"""WooCommerce order → Intacct ``ApBill``.

RECORDID is the order ``number``; WHENCREATED the order date in the store's timezone (:mod:`.dates`);
WHENDUE = date + ``due_days``, or TERMNAME when ``term_name`` is set; DESCRIPTION names the order and links to
it in the store admin. CURRENCY is the order's, BASECURR always ``mapping.base_currency`` (the company's; an
order with a currency fails naming the key while it is empty), EXCH_RATE_TYPE_ID only when they differ.
Amounts are in the currency's minor unit (:mod:`.currency`). Lines come from :mod:`.lines`. With
``discount_account`` set, products are booked at their pre-discount ``subtotal`` and one line books the coupon
discount negative on that account. With ``per_line_tax`` a rounding difference between the lines' taxes and
the order's ``total_tax`` gets its own "Tax rounding" line.

The bill total must equal the order ``total`` exactly. What the lines leave over is booked, never dropped:
up to ``rounding_tolerance_per_line`` minor units per line as a "Rounding" line on ``rounding_account`` (tax
rounded at subtotal, WooCommerce #25720); beyond that as an "Order-level adjustment" line on
``order_adjustment_account`` (gift cards, store credit). Without the account the event stops with a message
naming the key to set (a WooCommerce payload that does not add up is for a person to look at, not to be
guessed at).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypedDict

from core.intacct.records import ApBill, ApBillLine
from core.mapping.accounts import ProductInfo
from core.mapping.currency import minor_unit, quantum
from core.mapping.dates import due_date, local_date
from core.mapping.errors import InvalidPayload, SettingRequired, TotalsMismatch
from core.mapping.lines import DraftLine, draft_lines
from core.mapping.money import ZERO, money, total_of
from core.mapping.vendorids import order_vendor_id
from core.settings import Settings


class Currencies(TypedDict):
    currency: str | None
    base_currency: str | None
    exchange_rate_type: str | None


def order_currency(order: dict[str, Any]) -> str | None:
    """The order's ``currency`` code, upper case (``None`` when the payload has none)."""
    return str(order.get("currency") or "").strip().upper() or None


def currencies(order: dict[str, Any], settings: Settings) -> Currencies:
    """CURRENCY, BASECURR and, only when they differ, EXCH_RATE_TYPE_ID, as record keyword arguments.

    BASECURR is the company's (``mapping.base_currency``), never the order's: with it empty an order that
    names a currency raises :class:`SettingRequired`, since the connector cannot tell whether it is foreign.
    """
    currency = order_currency(order)
    base = settings.mapping.base_currency.strip().upper() or None
    if currency is not None and base is None:
        raise SettingRequired(
            f"order {order_number(order)} is in {currency} but the company's base currency is not configured: "
            "set [mapping] base_currency to the Intacct company's base currency (BASECURR), e.g. \"USD\"")
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
    currency = order_currency(order)
    items = [i for i in order.get("line_items") or [] if isinstance(i, dict)]
    extra: list[DraftLine] = []
    if m.discount_account:
        discount = total_of(items, "subtotal", "line_items", currency) - total_of(items, "total", "line_items",
                                                                                  currency)
        extra.append(DraftLine(m.discount_account, -discount, "Coupon discount", dict(m.dimensions)))
    if m.per_line_tax:
        booked = sum((line.amount for line in lines if line.account_no == m.tax_account), ZERO)
        rounding = money(order.get("total_tax"), "total_tax", currency) - booked
        extra.append(DraftLine(m.tax_account, rounding, "Tax rounding", dict(m.dimensions)))
    return [line for line in extra if line.amount != 0]


def rounding_tolerance(line_count: int, currency: str | None, settings: Settings) -> Decimal:
    """The largest difference booked as rounding: the configured minor units per bill line."""
    return quantum(currency) * settings.mapping.rounding_tolerance_per_line * max(line_count, 1)


def balancing_line(number: str, lines: list[DraftLine], expected: Decimal, currency: str | None,
                   settings: Settings) -> DraftLine | None:
    """The line that makes ``lines`` add up to the order total (module doc), ``None`` when they already do.

    Raises :class:`SettingRequired` (rounding) or :class:`TotalsMismatch` (beyond it) naming the key to set
    when the account for the difference is not configured.
    """
    m = settings.mapping
    difference = expected - sum((line.amount for line in lines), ZERO)
    if difference == 0:
        return None
    tolerance = rounding_tolerance(len(lines), currency, settings)
    unit = f" {currency}" if currency else ""
    if abs(difference) <= tolerance:
        if not m.rounding_account:
            raise SettingRequired(
                f"order {number}: the lines differ from the order total by {difference}{unit} (rounding, within "
                f"the tolerance of {tolerance}): set [mapping] rounding_account to the GL account for rounding")
        return DraftLine(m.rounding_account, difference, "Rounding", dict(m.dimensions))
    if not m.order_adjustment_account:
        raise TotalsMismatch(
            f"order {number}: lines add up to {expected - difference} but WooCommerce says {expected} (a "
            f"difference of {difference}{unit}, beyond the rounding tolerance of {tolerance}; a gift card or "
            "store credit?): set [mapping] order_adjustment_account to book order-level differences")
    text = "Order-level credit (gift card, store credit)" if difference < 0 else "Order-level charge"
    return DraftLine(m.order_adjustment_account, difference, text, dict(m.dimensions))


def check_exact(number: str, lines: list[DraftLine], currency: str | None) -> None:
    """Intacct rounds amounts beyond 2 decimals (INTACCT-API.md §5.4): a 3-decimal amount that is not a whole
    cent (KWD, BHD, …) cannot be booked exactly, so it stops the event instead of drifting."""
    if minor_unit(currency) <= 2:
        return
    for line in lines:
        if line.amount != line.amount.quantize(Decimal("0.01")):
            raise InvalidPayload(f"order {number}: {line.description} is {line.amount} {currency}, but Intacct "
                                 "rounds amounts to 2 decimals, so it cannot be booked exactly")


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
    currency = order_currency(order)
    record_currencies = currencies(order, settings)
    lines = draft_lines(order, products or {}, m, gross=bool(m.discount_account), currency=currency)
    lines += _adjustments(order, settings, lines)
    if not lines:
        raise InvalidPayload(f"order {number} has no non-zero line: there is nothing to bill")
    expected = money(order.get("total"), "total", currency)
    balance = balancing_line(number, lines, expected, currency, settings)
    lines += [balance] if balance else []
    check_exact(number, lines, currency)
    created = local_date(order, settings.woocommerce.timezone)
    bill = ApBill(
        vendor_id=vendor_id or order_vendor_id(order, m),
        record_id=number,
        when_created=created,
        when_due=None if m.term_name else due_date(created, m.due_days),
        term_name=m.term_name or None,
        description=bill_description(order, settings),
        lines=tuple(ApBillLine(d.account_no, d.amount, d.description, d.dimensions) for d in lines),
        **record_currencies,
    )
    check_total(f"order {number}", bill.total, expected)
    return bill
