"""Decimal money, formatted the way WooCommerce's REST API formats it.

Totals are strings with exactly the store's price decimals (``wc_format_decimal`` with
``wc_get_price_decimals()``: 2 by default, 0 for a yen order, see :func:`order_decimals`); tax arrays inside
items are the raw, unpadded decimal string (``"0.9"``); ``line_items[].price`` is a JSON number.

``wc_get_price_decimals()`` is one store-wide setting in WooCommerce (``woocommerce_price_num_decimals``,
WooCommerce → Settings → General → "Number of decimals"). A store that sells in several currencies does so
through a multi-currency plugin, and those filter ``wc_get_price_decimals`` per currency with the ISO 4217
minor unit (e.g. WOOMC's ``Currency::Decimals``). The sandbox sells in several currencies, so by default it
behaves like such a store; ``WooStore.price_decimals`` set to a number is core WooCommerce's single setting.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from core.mapping.currency import minor_unit

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def order_decimals(currency: str, store_decimals: int | None) -> int:
    """``wc_get_price_decimals()`` for an order: the store's setting, else the currency's ISO 4217 minor unit."""
    return minor_unit(currency) if store_decimals is None else store_decimals


def cents(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals (the cent by default), as WooCommerce rounds totals and taxes."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal, places: int = 2) -> str:
    """A money string with ``places`` decimals: ``Decimal('3')`` → ``"3.00"`` (``"3"`` with 0 places)."""
    return f"{cents(value, places):.{places}f}"


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
