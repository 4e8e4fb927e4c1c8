"""Rows beside the events: refused deliveries, pings, alerts, webhook health and poll cursors.

Plain functions over a connection inside a write transaction; :class:`core.outbox.Outbox` wraps each.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.outbox.db import utc_now
from core.outbox.headers import redact_headers

MAX_HEADERS = 64
"""Headers kept per quarantined request or ping (each value cut to :data:`MAX_HEADER_VALUE` characters)."""
MAX_HEADER_VALUE = 1024
UNCONFIRMED_WEBHOOKS = 100
"""Webhook ids first seen in an (unsigned) ping get a health row only while fewer than this many exist."""


@dataclass(frozen=True)
class QuarantineLimits:
    """``[receiver] quarantine_*``: what one refusal keeps and what the table holds at most."""

    prefix_bytes: int = 4096
    max_rows: int = 1000
    max_bytes: int = 16 * 1024 * 1024


def bounded_headers(headers: Mapping[str, str]) -> str:
    """Redacted headers as JSON, at most :data:`MAX_HEADERS` of them, each value cut short."""
    kept = dict(list(redact_headers(headers).items())[:MAX_HEADERS])
    return json.dumps({k[:MAX_HEADER_VALUE]: v[:MAX_HEADER_VALUE] for k, v in kept.items()})


def insert_quarantine(
    conn: sqlite3.Connection, reason: str, http_status: int, headers: Mapping[str, str], body: bytes, *,
    authenticated: bool = False, size: int | None = None, sha256: str = "", limits: QuarantineLimits | None = None,
) -> int:
    """Keep a refusal within ``limits``: an unauthenticated one (no valid signature) keeps only a prefix of its
    body; ``size`` and ``sha256`` describe the whole body as it arrived (default: ``body`` itself). Older rows
    are dropped (and counted) until the new one fits the row and byte caps."""
    limits = limits or QuarantineLimits()
    size = len(body) if size is None else size
    sha256 = sha256 or hashlib.sha256(body).hexdigest()
    keep = len(body) if authenticated else min(len(body), limits.prefix_bytes)
    header_json = bounded_headers(headers)
    keep = max(0, min(keep, limits.max_bytes - len(header_json)))
    stored = body[:keep]
    _make_room(conn, "quarantine", "length(body) + length(headers)", limits.max_rows - 1,
               limits.max_bytes - len(stored) - len(header_json), "quarantine_dropped")
    cursor = conn.execute(
        "INSERT INTO quarantine (received_at, reason, http_status, headers, body, body_size, body_sha256, truncated) "
        "VALUES (?,?,?,?,?,?,?,?)",
        (utc_now(), reason[:500], http_status, header_json, stored, size, sha256, int(len(stored) < size)),
    )
    return int(cursor.lastrowid or 0)


def _make_room(conn: sqlite3.Connection, table: str, size_sql: str, rows: int, budget: int, counter: str) -> None:
    """Delete the oldest rows of ``table`` until at most ``rows`` remain within ``budget`` bytes."""
    found = conn.execute(f"SELECT id, {size_sql} AS n FROM {table} ORDER BY id DESC").fetchall()
    total, cut = 0, None
    for index, row in enumerate(found):
        total += int(row["n"] or 0)
        if index >= rows or total > budget:
            cut = int(row["id"])
            break
    if cut is None:
        return
    dropped = conn.execute(f"DELETE FROM {table} WHERE id <= ?", (cut,)).rowcount
    add_counter(conn, counter, dropped)


def add_counter(conn: sqlite3.Connection, name: str, amount: int) -> None:
    conn.execute("INSERT INTO outbox_counters (name, value) VALUES (?, ?) "
                 "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value", (name, amount))


def counters(conn: sqlite3.Connection) -> dict[str, int]:
    return {str(r["name"]): int(r["value"]) for r in conn.execute("SELECT name, value FROM outbox_counters")}


def insert_ping(conn: sqlite3.Connection, webhook_id: int | None, headers: Mapping[str, str],
                max_rows: int = 1000) -> int:
    """A ping row (the table keeps the newest ``max_rows``); the webhook's health row notes it, but an id
    nobody has seen yet only gets a row while few such unconfirmed rows exist (pings are unsigned)."""
    now = utc_now()
    header_json = bounded_headers(headers)
    _make_room(conn, "pings", "length(headers)", max(0, max_rows - 1), 2**62, "pings_dropped")
    cursor = conn.execute("INSERT INTO pings (received_at, webhook_id, headers) VALUES (?,?,?)",
                          (now, webhook_id, header_json))
    if webhook_id is not None:
        updated = conn.execute("UPDATE webhook_health SET last_ping_at = ? WHERE webhook_id = ?",
                               (now, webhook_id)).rowcount
        unconfirmed = 0 if updated else int(conn.execute(
            "SELECT count(*) FROM webhook_health WHERE status IS NULL AND deliveries = 0").fetchone()[0])
        if not updated and unconfirmed < UNCONFIRMED_WEBHOOKS:
            conn.execute("INSERT INTO webhook_health (webhook_id, last_ping_at) VALUES (?, ?)", (webhook_id, now))
    return int(cursor.lastrowid or 0)


def note_delivery(conn: sqlite3.Connection, webhook_id: int, topic: str) -> None:
    """Each signed delivery proves its webhook is alive: the watchdog reads ``last_delivery_at``."""
    conn.execute(
        "INSERT INTO webhook_health (webhook_id, last_topic, last_delivery_at, deliveries) VALUES (?, ?, ?, 1) "
        "ON CONFLICT(webhook_id) DO UPDATE SET last_topic = excluded.last_topic, "
        "last_delivery_at = excluded.last_delivery_at, deliveries = deliveries + 1",
        (webhook_id, topic, utc_now()),
    )


def set_webhook_status(conn: sqlite3.Connection, webhook_id: int, status: str, failure_count: int | None) -> None:
    conn.execute(
        "INSERT INTO webhook_health (webhook_id, status, failure_count, checked_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(webhook_id) DO UPDATE SET status = excluded.status, "
        "failure_count = excluded.failure_count, checked_at = excluded.checked_at",
        (webhook_id, status, failure_count, utc_now()),
    )


def insert_alert(
    conn: sqlite3.Connection, source: str, event: str, webhook_id: int | None, body: Mapping[str, Any]
) -> int:
    cursor = conn.execute(
        "INSERT INTO alerts (received_at, source, event, webhook_id, body) VALUES (?,?,?,?,?)",
        (utc_now(), source, event, webhook_id, json.dumps(dict(body), sort_keys=True)),
    )
    return int(cursor.lastrowid or 0)


def set_cursor(conn: sqlite3.Connection, name: str, value: str) -> None:
    conn.execute(
        "INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (name, value, utc_now()),
    )


def rows(conn: sqlite3.Connection, table: str, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Newest first; ``table`` is one of our own names, never user input."""
    assert table in {"quarantine", "pings", "alerts", "webhook_health", "audit", "cursors"}
    order = "webhook_id" if table == "webhook_health" else ("name" if table == "cursors" else "id DESC")
    result = conn.execute(f"SELECT * FROM {table} ORDER BY {order} LIMIT ? OFFSET ?", (limit, offset))
    return [dict(r) for r in result.fetchall()]
