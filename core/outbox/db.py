"""Opening the outbox database and running one short write transaction.

The pragmas are the durability promise of the receiver: WAL so readers never block the writer,
``synchronous=FULL`` so a committed event survives a power cut before the 2xx goes out, and a busy timeout
so a second process (``serve`` beside ``push`` or the console) waits for the write lock instead of failing.
Writes start with ``BEGIN IMMEDIATE``: the write lock is taken up front, so two writers never deadlock
upgrading a read lock, and check-then-insert (the dedup rule) is atomic across processes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from core.files import create_private, tighten
from core.outbox.errors import OutboxBusy

BUSY_TIMEOUT_MS = 10_000

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys=ON",
)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN/COMMIT ourselves), shareable across threads.

    The file holds customers' personal data: it is created 0600 in a 0700 directory if missing, and an
    existing one (and its ``-wal``/``-shm``, which SQLite creates with the database's own mode) is tightened.
    """
    create_private(path)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            tighten(companion)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def utc_now() -> str:
    """Timestamps are ISO 8601 UTC with microseconds, so they sort as text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Database:
    """One connection plus a lock: SQLite serialises writers anyway, the lock keeps threads from interleaving."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = connect(path)
        self.lock = threading.RLock()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any exception."""
        with self.lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise OutboxBusy(f"{self.path}: {exc}") from exc
                raise
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Reads need no transaction in WAL mode; the lock only keeps threads off each other's cursors."""
        with self.lock:
            yield self.conn

    def close(self) -> None:
        with self.lock:
            self.conn.close()
