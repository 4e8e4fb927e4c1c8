"""When a transiently failed event is tried again: exponential backoff with jitter, as an outbox timestamp.

The delay schedule is the Intacct client's (:func:`core.intacct.client.backoff_delay`: ``base·2^n`` capped,
stretched by up to 25 % jitter) so one rule governs both the request-level and the event-level retries.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from core.intacct.client import backoff_delay


def retry_at(attempt: int, now: datetime, base: float, cap: float,
             jitter: Callable[[], float] = random.random) -> str:
    """The ``next_attempt_at`` text (sortable ISO UTC) after failed attempt number ``attempt`` (1-based)."""
    delay = backoff_delay(max(0, attempt - 1), base, cap, jitter())
    return iso(now + timedelta(seconds=delay))


def iso(moment: datetime) -> str:
    """The outbox's timestamp format (``core.outbox.db.utc_now``), so ``next_attempt_at`` sorts as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc(now: float) -> datetime:
    return datetime.fromtimestamp(now, UTC)
