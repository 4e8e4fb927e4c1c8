"""The durable outbox between WooCommerce and Intacct (docs/outbox.md).

Everything the connector learns about a store change is ingested here first, deduplicated by record
version, and then moves through review, posting and its outcome, with an audit row for every move.
"""

from core.outbox.errors import EventNotFound, InvalidTransition, OutboxBusy, OutboxError
from core.outbox.model import (
    INGESTED_TOPICS,
    STATES,
    TRANSITIONS,
    EventRecord,
    IncomingEvent,
    IngestResult,
)
from core.outbox.store import Outbox

__all__ = [
    "INGESTED_TOPICS",
    "STATES",
    "TRANSITIONS",
    "EventNotFound",
    "EventRecord",
    "IncomingEvent",
    "IngestResult",
    "InvalidTransition",
    "Outbox",
    "OutboxBusy",
    "OutboxError",
]
