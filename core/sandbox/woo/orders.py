"""Building orders and refunds from a small spec, with WooCommerce's arithmetic.

Pure functions: they take the catalog and an id source and return records; the store does the
locking, timestamps and webhook events. Coupons are applied per line (``subtotal`` before, ``total``
after), tax per line on the discounted total, negative fees are untaxed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.sandbox.woo.errors import RestError
from core.sandbox.woo.model import (
    CouponLine,
    FeeLine,
    LineItem,
    Meta,
    Order,
    Product,
    Refund,
    RefundLine,
    ShippingLine,
    TaxRate,
)
from core.sandbox.woo.money import ZERO, cents, total
from core.sandbox.woo.totals import order_totals, tax_on

ORDER_STATUSES = ("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed",
                  "checkout-draft", "trash")

TAX_RATES: dict[str, TaxRate] = {
    "US": TaxRate(75, "US-CA-STATE TAX", "State Tax", Decimal("7.25")),
    "CA": TaxRate(76, "CA-GST-1", "GST", Decimal("5")),
    "GB": TaxRate(77, "GB-VAT-1", "VAT", Decimal("20"), shipping=True),
    "DE": TaxRate(78, "DE-MWST-1", "MwSt.", Decimal("19"), shipping=True),
    "FR": TaxRate(79, "FR-TVA-1", "TVA", Decimal("20"), shipping=True),
    "JP": TaxRate(80, "JP-CT-1", "Consumption tax", Decimal("10")),
}

IdSource = Callable[[], int]
LineSpec = tuple[int, int] | tuple[int, int, Mapping[str, Any]]


@dataclass
class OrderSpec:
    """What a caller chooses about a new order; everything else is derived."""

    lines: Sequence[LineSpec]
    customer_id: int = 0
    billing: dict[str, str] = field(default_factory=dict)
    shipping_address: dict[str, str] | None = None
    shipping: Decimal | None = Decimal("10.00")
    shipping_method: tuple[str, str] = ("Flat rate", "flat_rate:1")
    fees: Sequence[tuple[str, Decimal]] = ()
    coupon: tuple[str, int] | None = None
    currency: str = "USD"
    status: str = "processing"
    taxed: bool = True
    payment_method: tuple[str, str] = ("bacs", "Direct bank transfer")


def _line(product: Product, qty: int, meta: Mapping[str, Any], pct: int, rate: TaxRate | None,
          ids: IdSource, meta_ids: IdSource, places: int) -> LineItem:
    if qty < 1:
        raise RestError("woocommerce_rest_invalid_quantity", "Quantity must be a positive integer.", 400)
    subtotal = cents(product.price * qty, places)
    line_total = subtotal - cents(subtotal * pct / Decimal(100), places)
    percent = rate.percent if rate else None
    metas: tuple[Meta, ...] = tuple((meta_ids(), k, v) for k, v in meta.items())
    return LineItem(ids(), product.name, product.id, qty, subtotal, tax_on(subtotal, percent, places), line_total,
                    tax_on(line_total, percent, places), sku=product.sku, meta=metas)


def build_items(order: Order, spec: OrderSpec, products: Mapping[int, Product], ids: IdSource,
                meta_ids: IdSource) -> None:
    """Fill an order's line, shipping, fee and coupon items from the spec, amounts in ``order.decimals``."""
    rate, places = order.tax_rate, order.decimals
    pct = spec.coupon[1] if spec.coupon else 0
    for entry in spec.lines:
        product = products.get(entry[0])
        if product is None:
            raise RestError("woocommerce_rest_invalid_product_id", "Invalid product ID.", 400)
        meta: Mapping[str, Any] = entry[2] if len(entry) > 2 else {}  # type: ignore[misc]
        order.line_items.append(_line(product, entry[1], meta, pct, rate, ids, meta_ids, places))
    percent = rate.percent if rate else None
    if spec.shipping is not None:
        ship_tax = tax_on(spec.shipping, percent, places) if rate and rate.shipping else cents(ZERO, places)
        order.shipping_lines.append(ShippingLine(ids(), *spec.shipping_method, cents(spec.shipping, places),
                                                 ship_tax))
    for name, amount in spec.fees:
        order.fee_lines.append(FeeLine(ids(), name, cents(amount, places), tax_on(amount, percent, places)))
    if spec.coupon:
        items = order.line_items
        order.coupon_lines.append(CouponLine(
            ids(), spec.coupon[0], pct, total(i.subtotal - i.total for i in items),
            total(i.subtotal_tax - i.total_tax for i in items)))
    if rate is not None:
        order.tax_line_id = ids()


def resize_line(item: LineItem, qty: int, rate: TaxRate | None) -> None:
    """A line's new quantity at its unit price, keeping its discount share; tax on the new total."""
    unit, discounted = item.subtotal / item.quantity, item.total / item.quantity
    item.quantity = qty
    item.subtotal, item.total = cents(unit * qty), cents(discounted * qty)
    percent = rate.percent if rate else None
    item.subtotal_tax, item.total_tax = tax_on(item.subtotal, percent), tax_on(item.total, percent)


def resize_shipping(line: ShippingLine, amount: Decimal, rate: TaxRate | None) -> None:
    line.total = cents(amount)
    line.total_tax = tax_on(line.total, rate.percent) if rate and rate.shipping else ZERO


def refundable(order: Order, refunds: Sequence[Refund]) -> Decimal:
    """What is left to refund: order total minus every refund so far."""
    return order_totals(order).total - total(r.amount for r in refunds)


def _refunded_qty(item: LineItem, refunds: Sequence[Refund]) -> int:
    return -sum(line.quantity for r in refunds for line in r.lines if line.item is item)


def refund_lines(order: Order, lines: Mapping[int, int], refunds: Sequence[Refund], ids: IdSource,
                 meta_ids: IdSource) -> list[RefundLine]:
    """Negative refund lines for ``{order item id: quantity}``; the last unit takes the rounding rest."""
    items = {i.id: i for i in order.line_items}
    out: list[RefundLine] = []
    for item_id, qty in lines.items():
        item = items.get(int(item_id))
        done = _refunded_qty(item, refunds) if item else 0
        if item is None or qty < 1 or qty > item.quantity - done:
            raise RestError("woocommerce_rest_cannot_create_order_refund", "Invalid refund line item.", 500)
        if qty == item.quantity - done:
            prior = [ln for r in refunds for ln in r.lines if ln.item is item]
            line_total = -(item.total + total(ln.total for ln in prior))
            line_tax = -(item.total_tax + total(ln.total_tax for ln in prior))
        else:
            line_total = -cents(item.total * qty / item.quantity, order.decimals)
            line_tax = -cents(item.total_tax * qty / item.quantity, order.decimals)
        out.append(RefundLine(ids(), item, -qty, line_total, line_tax, meta_ids()))
    return out
