"""Rows beside the events: refused deliveries, pings, alerts, webhook health and poll cursors.

Plain functions over a connection inside a write transaction; :class:`core.outbox.Outbox` wraps each.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from core.outbox.db import utc_now
from core.outbox.headers import redact_headers


def insert_quarantine(
    conn: sqlite3.Connection, reason: str, http_status: int, headers: Mapping[str, str], body: bytes
) -> int:
    cursor = conn.execute(
        "INSERT INTO quarantine (received_at, reason, http_status, headers, body, body_size) VALUES (?,?,?,?,?,?)",
        (utc_now(), reason, http_status, json.dumps(redact_headers(headers)), body, len(body)),
    )
    return int(cursor.lastrowid or 0)


def insert_ping(conn: sqlite3.Connection, webhook_id: int | None, headers: Mapping[str, str]) -> int:
    now = utc_now()
    cursor = conn.execute(
        "INSERT INTO pings (received_at, webhook_id, headers) VALUES (?,?,?)",
        (now, webhook_id, json.dumps(redact_headers(headers))),
    )
    if webhook_id is not None:
        conn.execute(
            "INSERT INTO webhook_health (webhook_id, last_ping_at) VALUES (?, ?) "
            "ON CONFLICT(webhook_id) DO UPDATE SET last_ping_at = excluded.last_ping_at",
            (webhook_id, now),
        )
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
