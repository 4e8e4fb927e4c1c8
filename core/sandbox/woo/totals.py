"""Order arithmetic, in Decimal, in one place.

The invariant a downstream mapper relies on: ``total == Σ line totals + shipping + fees + total_tax``.
Coupons are already inside line totals (``subtotal`` is before the coupon, ``total`` after), so they are
never subtracted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.sandbox.woo.model import Order
from core.sandbox.woo.money import ZERO, cents, total


@dataclass(frozen=True, slots=True)
class OrderTotals:
    lines: Decimal
    discount: Decimal
    discount_tax: Decimal
    shipping: Decimal
    shipping_tax: Decimal
    fees: Decimal
    cart_tax: Decimal

    @property
    def total_tax(self) -> Decimal:
        return self.cart_tax + self.shipping_tax

    @property
    def total(self) -> Decimal:
        return self.lines + self.shipping + self.fees + self.total_tax


def tax_on(amount: Decimal, percent: Decimal | None, places: int = 2) -> Decimal:
    """Tax for one amount at one rate, rounded to ``places`` decimals (``None`` rate: untaxed)."""
    if percent is None or amount <= ZERO:
        return cents(ZERO, places)
    return cents(amount * percent / Decimal(100), places)


def order_totals(order: Order) -> OrderTotals:
    """Every header figure of an order, derived from its lines."""
    items = order.line_items
    return OrderTotals(
        lines=total(i.total for i in items),
        discount=total(i.subtotal - i.total for i in items),
        discount_tax=total(i.subtotal_tax - i.total_tax for i in items),
        shipping=total(s.total for s in order.shipping_lines),
        shipping_tax=total(s.total_tax for s in order.shipping_lines),
        fees=total(f.total for f in order.fee_lines),
        cart_tax=total(i.total_tax for i in items) + total(f.total_tax for f in order.fee_lines),
    )
