"""Decimal money, formatted the way WooCommerce's REST API formats it.

Totals are strings with exactly 2 decimals (``wc_format_decimal`` with the store's 2 dp); tax arrays
inside items are the raw, unpadded decimal string (``"0.9"``); ``line_items[].price`` is a JSON number.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    """Round half-up to the cent, as WooCommerce rounds line totals and taxes."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """A 2-dp money string: ``Decimal('3')`` → ``"3.00"``."""
    return f"{cents(value):.2f}"


def raw(value: Decimal) -> str:
    """The unpadded string WooCommerce puts in ``taxes[]``: ``Decimal('0.90')`` → ``"0.9"``."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


def total(values: Iterable[Decimal]) -> Decimal:
    """Sum that stays a Decimal even when empty."""
    return sum(values, ZERO)


def price_number(line_total: Decimal, quantity: int) -> float | int:
    """``line_items[].price``: total / quantity as PHP's float (integral values become ints)."""
    value = float(line_total) / quantity if quantity else 0.0
    return int(value) if value.is_integer() else value
