"""Time in the store: UTC instants, shown as WooCommerce shows them.

WooCommerce keeps every date twice: ``date_x`` in the site's local time zone and ``date_x_gmt`` in UTC,
both ``YYYY-MM-DDTHH:MM:SS`` with no offset, whole seconds. The sandbox stores one naive UTC
``datetime`` per date and derives both forms, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

FORMAT = "%Y-%m-%dT%H:%M:%S"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current instant as a naive UTC datetime, truncated to the second like MySQL DATETIME."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class SiteTime:
    """Converts between stored UTC instants and the site's local wall clock."""

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)

    def local(self, utc: datetime) -> datetime:
        """The site-local wall-clock time (naive) for a naive UTC instant."""
        return utc.replace(tzinfo=UTC).astimezone(self.zone).replace(tzinfo=None)

    def to_utc(self, local: datetime) -> datetime:
        """The naive UTC instant for a naive site-local wall-clock time."""
        return local.replace(tzinfo=self.zone).astimezone(UTC).replace(tzinfo=None)

    def pair(self, utc: datetime | None) -> tuple[str | None, str | None]:
        """``(date_x, date_x_gmt)`` strings for a stored instant (``None`` stays ``None``)."""
        if utc is None:
            return None, None
        return self.local(utc).strftime(FORMAT), utc.strftime(FORMAT)
