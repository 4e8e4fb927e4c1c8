"""The outbox's exceptions: a small tree so callers can tell "your mistake" from "the disk's".

::

    OutboxError                 anything the outbox refuses or cannot do
    ├── EventNotFound           no event with that id
    ├── InvalidTransition       the state machine forbids this move (e.g. posted → approved)
    └── OutboxBusy              SQLite stayed locked past busy_timeout (another process held the write lock)
"""

from __future__ import annotations


class OutboxError(Exception):
    """Base class for every outbox failure."""


class EventNotFound(OutboxError, LookupError):
    """No event has this id."""


class InvalidTransition(OutboxError):
    """An event was asked to move to a state its current state does not lead to."""

    def __init__(self, event_id: int, current: str, wanted: str) -> None:
        self.event_id, self.current, self.wanted = event_id, current, wanted
        super().__init__(f"event {event_id}: cannot move from {current!r} to {wanted!r}")


class OutboxBusy(OutboxError):
    """The database stayed locked longer than the busy timeout."""
