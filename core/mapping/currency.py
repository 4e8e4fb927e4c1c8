"""Each currency's minor unit (ISO 4217 "exponent"): how many decimals its amounts have.

Only the currencies whose exponent is not 2 are listed; every other code (and a missing one) has 2. Source:
the ISO 4217 list of currency codes maintained by SIX for ISO (table A.1, column "Minor unit"), as published
at https://www.six-group.com/en/products-services/financial-information/data-standards.html and mirrored by
the ``iso4217`` PyPI package (``Currency.JPY.exponent == 0``). Funds codes (CLF 4, UYW 4) are included
because a store can in principle be set to them.
"""

from __future__ import annotations

from decimal import Decimal

MINOR_UNITS: dict[str, int] = {
    # no minor unit
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0,
    "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    # three decimals (dinars, rials)
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    # four decimals (units of account)
    "CLF": 4, "UYW": 4,
}
DEFAULT_MINOR_UNIT = 2


def minor_unit(currency: str | None) -> int:
    """Decimals of ``currency`` (an ISO 4217 code, any case); 2 for unknown or missing codes."""
    return MINOR_UNITS.get((currency or "").strip().upper(), DEFAULT_MINOR_UNIT)


def quantum(currency: str | None) -> Decimal:
    """The smallest amount of ``currency``: ``Decimal('1')`` for JPY, ``Decimal('0.01')`` for EUR."""
    return Decimal(1).scaleb(-minor_unit(currency))
