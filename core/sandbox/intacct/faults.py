"""Faults a test switches on to see how a client copes (INTACCT-API.md §4, §10.6).

All settings are read by the HTTP layer on every request; every method is thread-safe, so a test thread
may change them while the server runs. ``configure(**settings)`` is what ``POST /_sandbox/faults`` calls.

* ``request_latency`` / ``connection_latency``: seconds added to every request, and once more to the first
  request on each new TCP connection.
* ``fail_next(count, status)``: the next ``count`` requests answer HTTP ``status`` (502, 503, 524, …).
  Any status but 524 is answered *before* processing (nothing changes). 524 models Cloudflare cutting the
  connection while Intacct still works: the request is processed and committed, then 524 is answered.
* ``lose_next(count)``: the next ``count`` requests are processed and committed, then the connection is
  dropped mid-response, so the client sees a transport error (lost response).
* ``rate_limit_every``: every k-th request gets HTTP 429 with ``GW-0010`` (0 = off); nothing is processed.
* ``concurrency_limit``: at most N requests are processed at once; the N+1-th waits up to
  ``concurrency_hold_seconds`` (Sage: 30 s) for a slot, then gets the control failure "There are too many
  operations running for this company (200024)". ``None`` = no limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Plan:
    """What to do to one request, decided when it arrives."""

    status: int | None = None  # answer this HTTP status instead of 200
    processed: bool = True  # whether the request is processed before that status is answered
    lose: bool = False  # drop the connection after committing
    rate_limited: bool = False


class Faults:
    """Fault settings and one-shot fault queues, shared between the test thread and the server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.request_latency = 0.0
        self.connection_latency = 0.0
        self.rate_limit_every = 0
        self.concurrency_limit: int | None = None
        self.concurrency_hold_seconds = 30.0
        self._fail: list[int] = []
        self._lose = 0
        self._arrivals = 0

    def fail_next(self, count: int = 1, status: int = 503) -> None:
        """Answer HTTP ``status`` to the next ``count`` requests (524 still processes them)."""
        if not 500 <= status <= 599:
            raise ValueError(f"fail_next wants a 5xx status, not {status}")
        with self._lock:
            self._fail.extend([status] * count)

    def lose_next(self, count: int = 1) -> None:
        """Process and commit the next ``count`` requests, then drop the connection without an answer."""
        with self._lock:
            self._lose += count

    def reset(self) -> None:
        """Everything off."""
        with self._lock:
            self.request_latency = self.connection_latency = 0.0
            self.rate_limit_every, self.concurrency_limit = 0, None
            self.concurrency_hold_seconds = 30.0
            self._fail, self._lose = [], 0

    def configure(self, **settings: Any) -> None:
        """Apply a JSON-like dict: the attribute names above, plus ``fail_next: {count, status}``,
        ``lose_next: count`` and ``reset: true``. Unknown keys raise ``ValueError``."""
        if settings.pop("reset", False):
            self.reset()
        if "fail_next" in settings:
            spec = settings.pop("fail_next")
            self.fail_next(int(spec.get("count", 1)), int(spec.get("status", 503)))
        if "lose_next" in settings:
            self.lose_next(int(settings.pop("lose_next")))
        converters: dict[str, Callable[[Any], Any]] = {
            "request_latency": float, "connection_latency": float, "rate_limit_every": int,
            "concurrency_hold_seconds": float, "concurrency_limit": lambda v: None if v is None else int(v),
        }
        unknown = set(settings) - set(converters)
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        with self._lock:
            for key, value in settings.items():
                setattr(self, key, converters[key](value))

    def plan(self) -> Plan:
        """Decide, as a request arrives, which one-shot faults apply to it."""
        with self._lock:
            self._arrivals += 1
            if self.rate_limit_every > 0 and self._arrivals % self.rate_limit_every == 0:
                return Plan(status=429, processed=False, rate_limited=True)
            if self._fail:
                status = self._fail.pop(0)
                return Plan(status=status, processed=status == 524)
            if self._lose > 0:
                self._lose -= 1
                return Plan(lose=True)
            return Plan()

    def snapshot(self) -> dict[str, Any]:
        """The current settings as JSON-ready data."""
        with self._lock:
            return {"request_latency": self.request_latency, "connection_latency": self.connection_latency,
                    "rate_limit_every": self.rate_limit_every, "concurrency_limit": self.concurrency_limit,
                    "concurrency_hold_seconds": self.concurrency_hold_seconds,
                    "pending_failures": list(self._fail), "pending_lost_responses": self._lose}
