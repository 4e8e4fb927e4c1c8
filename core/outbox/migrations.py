"""Versioned schema migrations (sqlite-utils ``Migrations``), never by hand.

Each migration runs in its own ``BEGIN IMMEDIATE`` transaction, so two processes starting at once cannot
both apply it: the second waits for the lock, then finds nothing pending. Add a new function at the end to
change the schema; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database as SqliteUtilsDatabase
from sqlite_utils.migrations import Migrations

migrations = Migrations("ml-connector-outbox")


@migrations(name="0001_initial")
def initial(db: SqliteUtilsDatabase) -> None:
    for statement in _INITIAL:
        db.execute(statement)


_INITIAL = (
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        topic TEXT NOT NULL,
        resource TEXT NOT NULL,
        resource_id INTEGER NOT NULL,
        version TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL,
        payload BLOB NOT NULL,
        payload_sha256 TEXT NOT NULL,
        delivery_id TEXT NOT NULL DEFAULT '',
        webhook_id INTEGER,
        received_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        control_ids TEXT NOT NULL DEFAULT '[]',
        record_no TEXT
    )""",
    "CREATE INDEX events_resource ON events (resource, resource_id, version)",
    "CREATE INDEX events_state ON events (state, next_attempt_at)",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        event_id INTEGER REFERENCES events(id),
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT,
        detail TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX audit_event ON audit (event_id)",
    """CREATE TABLE quarantine (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        headers TEXT NOT NULL,
        body BLOB NOT NULL,
        body_size INTEGER NOT NULL
    )""",
    """CREATE TABLE pings (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,
        webhook_id INTEGER,
        headers TEXT NOT NULL
    )""",
    """CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,
        source TEXT NOT NULL,
        event TEXT NOT NULL,
        webhook_id INTEGER,
        body TEXT NOT NULL,
        acknowledged_at TEXT
    )""",
    """CREATE TABLE webhook_health (
        webhook_id INTEGER PRIMARY KEY,
        last_topic TEXT,
        last_delivery_at TEXT,
        deliveries INTEGER NOT NULL DEFAULT 0,
        last_ping_at TEXT,
        status TEXT,
        failure_count INTEGER,
        checked_at TEXT
    )""",
    """CREATE TABLE cursors (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at REAL NOT NULL,
        acquired_at TEXT NOT NULL
    )""",
)


@migrations(name="0002_alert_lifecycle")
def alert_lifecycle(db: SqliteUtilsDatabase) -> None:
    """Alerts get a lifecycle (core.watchdog): what they are about, when resolved, who was told, backfill.

    ``kind``/``subject`` identify the problem (``webhook_disabled`` / ``webhook:12``); at most one open alert
    per pair. Companion rows arrive with ``kind`` NULL and are adopted by the watchdog.
    """
    for column in ("kind", "subject", "severity", "title", "message", "resolved_at", "resolution",
                   "backfill_from", "backfilled_at"):
        db.execute(f"ALTER TABLE alerts ADD COLUMN {column} TEXT")
    for column in ("notified_open", "notified_resolved"):
        db.execute(f"ALTER TABLE alerts ADD COLUMN {column} TEXT NOT NULL DEFAULT '[]'")
    db.execute("CREATE UNIQUE INDEX alerts_one_open ON alerts (kind, subject) "
               "WHERE resolved_at IS NULL AND kind IS NOT NULL")


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Apply every pending migration, one per immediate transaction; returns the names applied."""
    db = SqliteUtilsDatabase(conn)
    applied: list[str] = []
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            migrations.ensure_migrations_table(db)
            pending = [m.name for m in migrations.pending(db)]
            if pending:
                migrations.apply(db, stop_before=pending[1:])
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if not pending:
            return applied
        applied.append(pending[0])


@migrations(name="0003_sync_engine")
def sync_engine(db: SqliteUtilsDatabase) -> None:
    """The sync engine's own tables (core/sync): write-ahead writes, known vendors, bases, reference data."""
    for statement in _SYNC_ENGINE:
        db.execute(statement)


_SYNC_ENGINE = (
    """CREATE TABLE sync_writes (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events(id),
        control_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        wave INTEGER NOT NULL,
        operation TEXT NOT NULL,
        object TEXT NOT NULL,
        doc_key TEXT NOT NULL,
        vendor_id TEXT NOT NULL DEFAULT '',
        function_xml BLOB NOT NULL,
        status TEXT NOT NULL,
        record_no TEXT,
        detail TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX sync_writes_event ON sync_writes (event_id, seq)",
    "CREATE INDEX sync_writes_doc ON sync_writes (object, doc_key, status)",
    "CREATE INDEX sync_writes_control ON sync_writes (control_id)",
    """CREATE TABLE sync_vendors (
        vendor_id TEXT PRIMARY KEY,
        record_no TEXT,
        seen_at TEXT NOT NULL
    )""",
    """CREATE TABLE sync_basis (
        resource TEXT NOT NULL,
        resource_id INTEGER NOT NULL,
        event_id INTEGER NOT NULL REFERENCES events(id),
        PRIMARY KEY (resource, resource_id)
    )""",
    """CREATE TABLE sync_acks (
        event_id INTEGER PRIMARY KEY REFERENCES events(id),
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    """CREATE TABLE reference_items (
        object TEXT NOT NULL,
        item_id TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (object, item_id)
    )""",
    """CREATE TABLE reference_meta (
        object TEXT PRIMARY KEY,
        refreshed_at REAL NOT NULL,
        item_count INTEGER NOT NULL,
        error TEXT NOT NULL DEFAULT ''
    )""",
)


@migrations(name="0004_bounded_quarantine")
def bounded_quarantine(db: SqliteUtilsDatabase) -> None:
    """Refusals are bounded (issue 16): an unauthenticated refusal keeps a prefix of its body plus the SHA-256
    of what arrived, and what the caps drop is counted in ``outbox_counters`` (``quarantine_dropped``,
    ``pings_dropped``)."""
    db.execute("ALTER TABLE quarantine ADD COLUMN body_sha256 TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE quarantine ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE TABLE outbox_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL DEFAULT 0)")


@migrations(name="0005_books_open_items")
def books_open_items(db: SqliteUtilsDatabase) -> None:
    """Open items (core/sync, docs/mapping.md "The net-effect rule"): per order, the difference between what
    the store implies and what Intacct holds that was not posted, until a person resolves it.

    ``delta`` is the per-account difference as JSON (core.mapping.net.to_json); at most one open item per
    order (``closed_at`` NULL). ``resolution``: ``posted`` (the correction went to Intacct), ``handled`` (an
    operator fixed it in Intacct by hand: its delta then counts as held by Intacct), ``cleared`` (the store
    came back in line), ``superseded`` (a newer difference replaced it).
    """
    db.execute("""CREATE TABLE sync_open_items (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL,
        order_number TEXT NOT NULL,
        event_id INTEGER NOT NULL REFERENCES events(id),
        causes TEXT NOT NULL,
        delta TEXT NOT NULL,
        reason TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT,
        resolution TEXT,
        note TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("CREATE UNIQUE INDEX sync_open_items_one_open ON sync_open_items (order_id) WHERE closed_at IS NULL")
    db.execute("CREATE INDEX sync_open_items_order ON sync_open_items (order_id, resolution)")
    db.execute("CREATE INDEX sync_open_items_event ON sync_open_items (event_id)")


@migrations(name="0006_reconcile_acks")
def reconcile_acks(db: SqliteUtilsDatabase) -> None:
    """Acknowledged reconcile differences (core/reconcile/acks.py, docs/operations.md "Reconcile"): an operator
    accepted a difference with a note, so it stops alerting. ``fingerprint`` identifies the exact difference
    (kind, order, document, per-account amounts): if the difference changes it is new and alerts again. Who
    and why are kept (``actor``, ``note``, ``at``); acknowledgements are never deleted."""
    db.execute("""CREATE TABLE reconcile_acks (
        fingerprint TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        order_number TEXT NOT NULL,
        document TEXT NOT NULL,
        detail TEXT NOT NULL,
        note TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX reconcile_acks_order ON reconcile_acks (order_number)")
