"""Specification: the schema is created by versioned migrations, safely re-run by every process."""

from __future__ import annotations

import sqlite3

from core.outbox import Outbox


def _applied(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def test_opening_creates_every_table(db_path):
    Outbox.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"events", "audit", "quarantine", "pings", "alerts", "webhook_health", "cursors", "leases"} <= tables


def test_reopening_applies_no_migration_twice(db_path):
    Outbox.open(db_path).close()
    first = _applied(db_path)
    Outbox.open(db_path).close()
    assert first and _applied(db_path) == first


def test_database_is_in_wal_mode_with_full_sync(outbox):
    with outbox.db.read() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_data_survives_reopen(db_path):
    from tests.outbox.conftest import order_event

    box = Outbox.open(db_path)
    event_id = box.ingest(order_event()).event_id
    box.close()
    again = Outbox.open(db_path)
    assert again.get_event(event_id).resource_id == 727
