"""Telling people: alert texts with the re-enable instructions, and the apprise notifier that sends them.

``core.watchdog`` decides *when* to tell; this package decides *what* is said and *how* it leaves the
process (every text passes :func:`core.redact.redact`, so a secret never reaches a chat room or a mailbox).
"""

from core.alerts.messages import (
    reenable_instructions,
    resolved_text,
    silence_text,
    topic_missing_text,
    webhook_inactive_text,
)
from core.alerts.notifier import Notifier, NotifyKind, url_key

__all__ = [
    "Notifier",
    "NotifyKind",
    "reenable_instructions",
    "resolved_text",
    "silence_text",
    "topic_missing_text",
    "url_key",
    "webhook_inactive_text",
]
