"""The date of an order or refund in the store's timezone, and the due date.

WooCommerce sends ``date_created`` in site-local time and ``date_created_gmt`` in UTC, both without an
offset (WOOCOMMERCE-API.md §5.1). With ``woocommerce.timezone`` set, the GMT time is converted to that zone
(the tz name is an input, no clock is read). Without it the local date is ``date_created`` itself: it *is*
``date_created_gmt`` plus the store's offset at that moment, so the offset needs no separate derivation.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.mapping.errors import InvalidPayload


def _parse(value: Any, field: str) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidPayload(f"{field} is {value!r}, not a WooCommerce date (YYYY-MM-DDTHH:MM:SS)") from None


def local_date(payload: dict[str, Any], timezone: str = "", prefix: str = "date_created") -> date:
    """The store-local date of ``payload[prefix]`` (see the module doc for the two ways)."""
    gmt, local = payload.get(f"{prefix}_gmt"), payload.get(prefix)
    if timezone and gmt:
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidPayload(f"woocommerce.timezone {timezone!r} is not an IANA timezone name") from None
        try:
            return _parse(gmt, f"{prefix}_gmt").replace(tzinfo=UTC).astimezone(zone).date()
        except OverflowError:
            raise InvalidPayload(f"{prefix}_gmt is {gmt!r}: out of range in {timezone}") from None
    if local:
        return _parse(local, prefix).date()
    if gmt:
        return _parse(gmt, f"{prefix}_gmt").date()
    raise InvalidPayload(f"{prefix} is missing")


def due_date(when_created: date, due_days: int) -> date:
    """WHENDUE = bill date + ``mapping.due_days``; a date that would pass year 9999 is a mapping error."""
    try:
        return when_created + timedelta(days=due_days)
    except OverflowError:
        raise InvalidPayload(f"due date of {when_created.isoformat()} + {due_days} days is past year 9999") from None
