"""The outbox's value types and its state machine, with no I/O.

An event's life (docs/outbox.md has the diagram)::

    received → awaiting_review (review mode) → approved → posting → posted | retry | failed | skipped
    received → approved (auto mode)
    posting → awaiting_review (its writes are done, its order holds a difference a person must resolve)

``retry`` goes back to ``posting`` when its ``next_attempt_at`` comes; an operator may skip what is not yet
posted, send a failed event back to ``approved``, or send an approved one back to review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Source = Literal["webhook", "poll", "backfill"]
Outcome = Literal["new", "duplicate", "stale"]

RECEIVED = "received"
AWAITING_REVIEW = "awaiting_review"
APPROVED = "approved"
POSTING = "posting"
POSTED = "posted"
RETRY = "retry"
FAILED = "failed"
SKIPPED = "skipped"

STATES: tuple[str, ...] = (RECEIVED, AWAITING_REVIEW, APPROVED, POSTING, POSTED, RETRY, FAILED, SKIPPED)

TRANSITIONS: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({AWAITING_REVIEW, APPROVED, SKIPPED}),
    AWAITING_REVIEW: frozenset({APPROVED, SKIPPED}),
    APPROVED: frozenset({POSTING, AWAITING_REVIEW, SKIPPED}),
    POSTING: frozenset({POSTED, RETRY, FAILED, AWAITING_REVIEW}),
    RETRY: frozenset({POSTING, FAILED, SKIPPED}),
    FAILED: frozenset({APPROVED, SKIPPED}),
    POSTED: frozenset(),
    SKIPPED: frozenset(),
}
"""Allowed moves. ``posted`` and ``skipped`` are final; ``posting`` only ends by an outcome — ``awaiting_review``
when its writes are done but its order keeps a held difference (an open item) for a person."""

INGESTED_TOPICS: frozenset[str] = frozenset(
    {
        "order.created",
        "order.updated",
        "order.deleted",
        "order.restored",
        "customer.created",
        "customer.updated",
        "customer.deleted",
    }
)
"""Topics that become outbox events (WOOCOMMERCE-API.md §3.1: there is no customer.restored)."""


def is_deletion(topic: str) -> bool:
    """Deleted topics carry only ``{"id": N}``: no version, so they dedup by topic instead."""
    return topic.endswith(".deleted")


@dataclass(frozen=True)
class IncomingEvent:
    """One change to one Woo resource, as a webhook delivery, a poll or a backfill saw it."""

    source: Source
    topic: str
    resource: str
    """``order`` or ``customer``."""
    resource_id: int
    version: str
    """The payload's ``date_modified_gmt`` (``YYYY-MM-DDTHH:MM:SS``, UTC); ``""`` when absent (deletions)."""
    payload: bytes
    """The raw JSON exactly as received (the bytes a signature was checked over)."""
    delivery_id: str = ""
    webhook_id: int | None = None


@dataclass(frozen=True)
class IngestResult:
    """What :meth:`Outbox.ingest` did: a new event, or why not (the existing event's id for duplicates)."""

    event_id: int | None
    outcome: Outcome


@dataclass(frozen=True)
class EventRecord:
    """One row of the ``events`` table, as read back (payload included; never print it whole)."""

    id: int
    source: str
    topic: str
    resource: str
    resource_id: int
    version: str
    state: str
    payload: bytes
    payload_sha256: str
    delivery_id: str
    webhook_id: int | None
    received_at: str
    updated_at: str
    attempts: int
    next_attempt_at: str | None
    last_error: str | None
    control_ids: list[str] = field(default_factory=list)
    record_no: str | None = None

    def summary(self) -> dict[str, Any]:
        """Every field except the payload: what lists, logs and ``--json`` show."""
        return {k: v for k, v in self.__dict__.items() if k != "payload"}
