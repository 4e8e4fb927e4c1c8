"""Money from WooCommerce strings to ``Decimal`` in the currency's minor unit, in one place.

WooCommerce sends money as strings with the store's decimals (``"6.00"``) except item tax arrays, which are
raw (``"0.9"``, ``"0.375"``), and ``price``, a JSON number (WOOCOMMERCE-API.md §5.1). Floats never enter:
a JSON number is converted through ``str``. Amounts are rounded half-up to the currency's minor unit
(:mod:`.currency`: cents for EUR, whole yen for JPY, fils for KWD); without a currency, to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from core.mapping.currency import quantum
from core.mapping.errors import InvalidPayload

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Any, field: str = "amount", currency: str | None = None) -> Decimal:
    """``value`` (string, int or JSON number; empty/None = 0) as a Decimal rounded half-up to the minor unit
    of ``currency`` (the cent when ``None``)."""
    unit = quantum(currency)
    if value is None or value == "":
        return ZERO.quantize(unit)
    if isinstance(value, bool):
        raise InvalidPayload(f"{field} is {value!r}, not an amount")
    try:
        return Decimal(str(value)).quantize(unit, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise InvalidPayload(f"{field} is {value!r}, not an amount") from None


def total_of(items: list[dict[str, Any]], key: str, field: str, currency: str | None = None) -> Decimal:
    """Sum of ``item[key]`` over ``items`` as money of ``currency``."""
    return sum((money(item.get(key), f"{field}.{key}", currency) for item in items), ZERO.quantize(quantum(currency)))
