"""The dedup rule: which incoming change becomes a new event (pure decision over what is already stored).

WooCommerce sends the same change several times and out of order (WOOCOMMERCE-API.md §6.2, §6.3), and the
poller sees it again. So the key is the record *version* (``date_modified_gmt``), never the delivery id:

* the same (resource, id, version) with the same content never makes a second event (``duplicate``);
  the content matters because ``date_modified_gmt`` has whole seconds: two changes within one second (a
  pending order paid at once, two refunds in a row) share a version, and the second must not be lost.
  Content is the parsed JSON without ``_links`` (REST adds them, webhooks do not), so the same state seen
  by a webhook and by the poll is still one event;
* a version older than the newest known for that resource never makes an event to post (``stale``);
* deletions carry no version: a deletion is a ``duplicate`` while the newest event for the resource is that
  same deletion topic; after anything newer (a restore, an update) a new deletion is a new event;
* a non-deletion without a version is keyed by the payload's SHA-256 instead; it is never stale.
* a restore after a deletion is always new, even with the version the resource had before the deletion;
* within one version, a webhook delivery matching *any* stored state of it is a duplicate (a late re-delivery
  of an earlier state must not undo a later one), but the poll — which reads the store's current state —
  is a duplicate only of the *newest* stored state: a change and its undo within one second (processing →
  cancelled → processing) then reaches the books at the next poll instead of being taken for the first
  state seen again; and when the newest event is a deletion, the poll seeing the order (not in the trash:
  ``status=any`` leaves trash out) is new — the restore's webhook may have come first and been taken for a
  duplicate, or the deletion's webhook came late.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from core.outbox.model import IncomingEvent, Outcome, is_deletion


def decide(conn: sqlite3.Connection, event: IncomingEvent, sha256: str) -> tuple[Outcome, int | None]:
    """``(outcome, existing event id)`` for ``event``; call inside the write transaction that inserts it."""
    latest = conn.execute(
        "SELECT id, topic FROM events WHERE resource = ? AND resource_id = ? ORDER BY id DESC LIMIT 1",
        (event.resource, event.resource_id),
    ).fetchone()
    if is_deletion(event.topic):
        if latest is not None and latest["topic"] == event.topic:
            return "duplicate", int(latest["id"])
        return "new", None
    if not event.version:
        same = conn.execute(
            "SELECT id FROM events WHERE resource = ? AND resource_id = ? AND payload_sha256 = ? LIMIT 1",
            (event.resource, event.resource_id, sha256),
        ).fetchone()
        return ("duplicate", int(same["id"])) if same else ("new", None)
    newest = conn.execute(
        "SELECT max(version) FROM events WHERE resource = ? AND resource_id = ? AND version != ''",
        (event.resource, event.resource_id),
    ).fetchone()[0]
    if newest is not None and event.version < newest:
        return "stale", None
    came_back = latest is not None and is_deletion(latest["topic"]) and event.topic.endswith(".restored")
    same = conn.execute(
        "SELECT id, payload, payload_sha256 FROM events WHERE resource = ? AND resource_id = ? AND version = ? "
        "ORDER BY id DESC",
        (event.resource, event.resource_id, event.version),
    ).fetchall()
    if event.source != "webhook":  # the poll sees the current state: only the newest stored one can be it
        came_back |= latest is not None and is_deletion(latest["topic"])  # …and it is not deleted after all
        same = same[:1]
    match = _same_content(event.payload, sha256, same) if same and not came_back else None
    return ("duplicate", match) if match is not None else ("new", None)


def content_of(payload: bytes) -> Any:
    """What a payload says, independent of encoding and key order; the raw bytes when it is not JSON."""
    try:
        data = json.loads(payload)
    except ValueError:
        return payload
    if isinstance(data, dict):
        data.pop("_links", None)
    return data


def _same_content(payload: bytes, sha256: str, rows: Sequence[sqlite3.Row]) -> int | None:
    """The id of a stored event (same version) whose payload says the same as ``payload``, else None."""
    for row in rows:
        if row["payload_sha256"] == sha256:
            return int(row["id"])
    content = content_of(payload)
    for row in rows:
        if content_of(bytes(row["payload"] or b"")) == content:
            return int(row["id"])
    return None
