"""The worker lease: only one process pushes to Intacct at a time.

A lease is a row (name, owner, expires_at). Taking it succeeds when nobody holds it, when the holder let it
expire (a crashed worker), or when we already hold it. The holder keeps it with :func:`heartbeat` well
inside the ttl; a heartbeat fails once someone else has taken an expired lease, which tells the old holder
to stop pushing. Times are Unix seconds from an injectable clock, so tests need no sleeps.
"""

from __future__ import annotations

import sqlite3

from core.outbox.db import utc_now


def acquire(conn: sqlite3.Connection, name: str, owner: str, ttl: float, now: float) -> bool:
    row = conn.execute("SELECT owner, expires_at FROM leases WHERE name = ?", (name,)).fetchone()
    if row is not None and row["owner"] != owner and row["expires_at"] > now:
        return False
    conn.execute(
        "INSERT INTO leases (name, owner, expires_at, acquired_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, "
        "acquired_at = excluded.acquired_at",
        (name, owner, now + ttl, utc_now()),
    )
    return True


def heartbeat(conn: sqlite3.Connection, name: str, owner: str, ttl: float, now: float) -> bool:
    cursor = conn.execute(
        "UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?", (now + ttl, name, owner)
    )
    return cursor.rowcount == 1


def release(conn: sqlite3.Connection, name: str, owner: str) -> bool:
    return conn.execute("DELETE FROM leases WHERE name = ? AND owner = ?", (name, owner)).rowcount == 1
