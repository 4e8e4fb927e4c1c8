"""The durable outbox: every accepted change is a row here before anyone answers 2xx or pushes anything.

One :class:`Outbox` per process wraps one SQLite connection (see :mod:`core.outbox.db` for the pragmas and
why). Every write is one short ``BEGIN IMMEDIATE`` transaction, so the receiver, the poller, the worker and
the console can share the file from different processes. State changes always write an ``audit`` row
naming who did what.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.outbox import lease, side_tables
from core.outbox.db import Database, utc_now
from core.outbox.dedup import decide
from core.outbox.errors import EventNotFound, InvalidTransition
from core.outbox.migrations import apply_migrations
from core.outbox.model import (
    APPROVED,
    AWAITING_REVIEW,
    POSTING,
    RECEIVED,
    RETRY,
    TRANSITIONS,
    EventRecord,
    IncomingEvent,
    IngestResult,
)

_UNSET: Any = object()
MOVE_FIELDS = frozenset({"last_error", "next_attempt_at", "record_no", "control_ids"})
"""Event columns a :class:`StateMove` may set (``control_ids`` is a list, stored as JSON)."""


@dataclass(frozen=True)
class StateMove:
    """One event's path of moves for :meth:`Outbox.transition_many` (e.g. ``("posting", "posted")``; empty:
    only set fields) and the :data:`MOVE_FIELDS` to set once it has arrived."""

    event_id: int
    path: tuple[str, ...]
    actor: str
    note: str = ""
    fields: dict[str, Any] = field(default_factory=dict)


class Outbox:
    """The outbox API the receiver, poller, sync worker and console share."""

    def __init__(self, db: Database, *, auto_approve: bool = False, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self.auto_approve = auto_approve
        """``sync.mode = "auto"``: new events go straight to ``approved`` instead of ``awaiting_review``."""
        self._clock = clock

    @classmethod
    def open(cls, path: Path, *, auto_approve: bool = False, clock: Callable[[], float] = time.time) -> Outbox:
        """Open (creating if needed) the database at ``path`` and apply pending migrations."""
        db = Database(Path(path))
        with db.read() as conn:
            apply_migrations(conn)
        return cls(db, auto_approve=auto_approve, clock=clock)

    @property
    def db(self) -> Database:
        """The outbox's connection and write lock, for modules that add their own tables to this file
        (the sync engine's ledger and reference cache): one writer per process, as here."""
        return self._db

    @property
    def path(self) -> Path:
        return self._db.path

    def close(self) -> None:
        self._db.close()

    def check_writable(self) -> None:
        """Write once (count a start in ``outbox_counters``): raises :class:`sqlite3.Error` (or
        :class:`OutboxBusy`) when the file, its directory or the disk cannot take a write."""
        with self._db.write() as conn:
            side_tables.add_counter(conn, "starts", 1)

    # -- intake ---------------------------------------------------------------------------------------------

    def ingest(self, event: IncomingEvent) -> IngestResult:
        """Store ``event`` unless the dedup rule (:mod:`core.outbox.dedup`) says it is a duplicate or stale."""
        with self._db.write() as conn:
            return self._ingest_in(conn, event)

    def ingest_many(self, events: Sequence[IncomingEvent]) -> list[IngestResult]:
        """Ingest several events in ONE transaction (one fsync): group commit for the receiver, pages for
        the poller. Events are decided in order, so duplicates inside the batch collapse too. All or nothing."""
        with self._db.write() as conn:
            return [self._ingest_in(conn, event) for event in events]

    def _ingest_in(self, conn: sqlite3.Connection, event: IncomingEvent) -> IngestResult:
        sha = hashlib.sha256(event.payload).hexdigest()
        if event.webhook_id is not None:
            side_tables.note_delivery(conn, event.webhook_id, event.topic)
        outcome, existing = decide(conn, event, sha)
        detail = json.dumps(
            {"topic": event.topic, "resource": event.resource, "resource_id": event.resource_id,
             "version": event.version, "delivery_id": event.delivery_id, "sha256": sha}
        )
        if outcome != "new":
            _audit(conn, existing, event.source, f"ingest_{outcome}", None, None, detail)
            return IngestResult(existing, outcome)
        first = APPROVED if self.auto_approve else AWAITING_REVIEW
        event_id = self._insert(conn, event, sha, first)
        # Two audit rows, one write: the event is born "received" and moved on by the outbox's mode.
        conn.executemany(
            "INSERT INTO audit (at, event_id, actor, action, from_state, to_state, detail) VALUES (?,?,?,?,?,?,?)",
            [(utc_now(), event_id, event.source, "ingest_new", None, RECEIVED, detail),
             (utc_now(), event_id, "outbox", "transition", RECEIVED, first,
              "auto mode" if self.auto_approve else "review mode")],
        )
        return IngestResult(event_id, "new")

    def _insert(self, conn: sqlite3.Connection, event: IncomingEvent, sha: str, state: str) -> int:
        now = utc_now()
        cursor = conn.execute(
            "INSERT INTO events (source, topic, resource, resource_id, version, state, payload, payload_sha256, "
            "delivery_id, webhook_id, received_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (event.source, event.topic, event.resource, event.resource_id, event.version, state,
             event.payload, sha, event.delivery_id, event.webhook_id, now, now),
        )
        return int(cursor.lastrowid or 0)

    def quarantine(self, reason: str, http_status: int, headers: Mapping[str, str], body: bytes, *,
                   authenticated: bool = False, size: int | None = None, sha256: str = "",
                   limits: side_tables.QuarantineLimits | None = None) -> int:
        """Keep a refused delivery (headers redacted) so nothing is lost silently; returns its row id.

        Bounded (:func:`core.outbox.side_tables.insert_quarantine`): an ``authenticated`` refusal (valid
        signature) keeps its body, any other only a prefix plus the SHA-256 and ``size`` of what arrived; the
        oldest rows are dropped and counted to stay within ``limits``."""
        with self._db.write() as conn:
            return side_tables.insert_quarantine(conn, reason, http_status, headers, body, authenticated=authenticated,
                                                 size=size, sha256=sha256, limits=limits)

    def record_ping(self, webhook_id: int | None, headers: Mapping[str, str], max_rows: int = 1000) -> int:
        """WooCommerce's unsigned ping (``webhook_id=N``): a sign of life, never data (newest ``max_rows`` kept)."""
        with self._db.write() as conn:
            return side_tables.insert_ping(conn, webhook_id, headers, max_rows)

    def counters(self) -> dict[str, int]:
        """What the caps dropped: ``quarantine_dropped``, ``pings_dropped`` (absent: nothing yet)."""
        with self._db.read() as conn:
            return side_tables.counters(conn)

    def record_alert(self, source: str, event: str, webhook_id: int | None, body: Mapping[str, Any]) -> int:
        """An alert from the companion plugin (source ``companion``) or the watchdog."""
        with self._db.write() as conn:
            return side_tables.insert_alert(conn, source, event, webhook_id, body)

    def set_webhook_status(self, webhook_id: int, status: str, failure_count: int | None = None) -> None:
        """What the watchdog last read from the store's ``/webhooks``."""
        with self._db.write() as conn:
            side_tables.set_webhook_status(conn, webhook_id, status, failure_count)

    # -- cursors (poll watermarks) -----------------------------------------------------------------------

    def get_cursor(self, name: str) -> str | None:
        with self._db.read() as conn:
            row = conn.execute("SELECT value FROM cursors WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row["value"])

    def set_cursor(self, name: str, value: str) -> None:
        with self._db.write() as conn:
            side_tables.set_cursor(conn, name, value)

    # -- state machine ----------------------------------------------------------------------------------------

    def transition(
        self,
        event_id: int,
        to_state: str,
        *,
        actor: str,
        note: str = "",
        last_error: str | None = _UNSET,
        next_attempt_at: str | None = _UNSET,
        control_ids: list[str] | None = None,
        record_no: str | None = _UNSET,
    ) -> EventRecord:
        """Move one event (allowed moves: :data:`core.outbox.model.TRANSITIONS`) and audit who did it and why.

        Entering ``posting`` counts an attempt. Omitted keyword fields keep their stored values.
        """
        with self._db.write() as conn:
            current = _state_of(conn, event_id)
            _move(conn, event_id, current, to_state, actor, note)
            sets: dict[str, Any] = {}
            if to_state == POSTING:
                conn.execute("UPDATE events SET attempts = attempts + 1 WHERE id = ?", (event_id,))
            if last_error is not _UNSET:
                sets["last_error"] = last_error
            if next_attempt_at is not _UNSET:
                sets["next_attempt_at"] = next_attempt_at
            if record_no is not _UNSET:
                sets["record_no"] = record_no
            if control_ids is not None:
                sets["control_ids"] = json.dumps(control_ids)
            if sets:
                assignments = ", ".join(f"{k} = ?" for k in sets)
                conn.execute(f"UPDATE events SET {assignments} WHERE id = ?", (*sets.values(), event_id))
            return event_record(fetch_event(conn, event_id))

    def transition_many(self, moves: Sequence[StateMove],
                        also: Callable[[sqlite3.Connection], None] | None = None) -> None:
        """Apply ``moves`` in order in ONE transaction, audited exactly as :meth:`transition` audits each move
        (one row per step, in order), together with ``also`` (the caller's own writes, run first).

        All or nothing: a move the state machine forbids raises :class:`InvalidTransition`, an unknown event
        :class:`EventNotFound`, and nothing is written. Why batch: the sync engine settles a whole chunk of
        events at once; moving them one by one (a read and two writes per step) was up to a fifth of its CPU.
        """
        with self._db.write() as conn:
            if also is not None:
                also(conn)
            _apply_moves(conn, moves)

    # -- reads ------------------------------------------------------------------------------------------------

    def get_event(self, event_id: int) -> EventRecord:
        with self._db.read() as conn:
            return event_record(fetch_event(conn, event_id))

    def list_events(
        self, state: str | None = None, limit: int = 100, offset: int = 0, search: str | None = None,
        *, payloads: bool = True,
    ) -> list[EventRecord]:
        """One page, newest first. ``search`` matches topic, resource id, version or delivery id.
        ``payloads=False`` leaves every payload out (``b""``): listings of many events never read them."""
        where, params = _event_filter(state, search)
        columns = "*" if payloads else ", ".join(c for c in EVENT_COLUMNS if c != "payload") + ", x'' AS payload"
        sql = f"SELECT {columns} FROM events" + where
        with self._db.read() as conn:
            found = conn.execute(sql + " ORDER BY id DESC LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
        return [event_record(r) for r in found]

    def event_ids(self, state: str | None = None, search: str | None = None, *, before: int | None = None,
                  limit: int = 1000) -> list[int]:
        """Ids only, newest first, below ``before``: page through any number of events in bounded memory
        (``before`` = the last id of the previous page), e.g. to approve every waiting one, however many."""
        where, params = _event_filter(state, search)
        if before is not None:
            where += (" AND " if where else " WHERE ") + "id < ?"
            params.append(before)
        with self._db.read() as conn:
            found = conn.execute(f"SELECT id FROM events{where} ORDER BY id DESC LIMIT ?", (*params, limit))
            return [int(r[0]) for r in found]

    def active_events(self, states: Sequence[str], limit: int) -> list[EventRecord]:
        """Work to carry on, due work first: the oldest event in ``states`` of each resource (a newer one waits
        behind it anyway), those not in ``retry`` by id, then retries by ``next_attempt_at``.

        Why not simply by id: with more waiting retries than ``limit`` ahead of it, a new approved event was
        never selected (issue 16). Older versions still come first per resource, so the ordering rule holds.
        """
        marks = ",".join("?" * len(states))
        sql = (f"SELECT * FROM events e WHERE e.state IN ({marks}) AND NOT EXISTS (SELECT 1 FROM events o "
               f"WHERE o.resource = e.resource AND o.resource_id = e.resource_id AND o.id < e.id "
               f"AND o.state IN ({marks})) ORDER BY e.state = ?, "
               "CASE WHEN e.state = ? THEN e.next_attempt_at END, e.id LIMIT ?")
        with self._db.read() as conn:
            rows = conn.execute(sql, (*states, *states, RETRY, RETRY, limit)).fetchall()
        return [event_record(r) for r in rows]

    def events_in_state(self, state: str, limit: int = 1000) -> list[EventRecord]:
        """Oldest first: e.g. ``posting`` at start-up, which the sync engine reconciles (never blindly re-sends)."""
        with self._db.read() as conn:
            found = conn.execute("SELECT * FROM events WHERE state = ? ORDER BY id LIMIT ?", (state, limit))
            return [event_record(r) for r in found.fetchall()]

    def count_by_state(self) -> dict[str, int]:
        with self._db.read() as conn:
            found = conn.execute("SELECT state, count(*) AS n FROM events GROUP BY state").fetchall()
        return {str(r["state"]): int(r["n"]) for r in found}

    def audit_for(self, event_id: int) -> list[dict[str, Any]]:
        """The audit trail of one event, oldest first."""
        with self._db.read() as conn:
            found = conn.execute("SELECT * FROM audit WHERE event_id = ? ORDER BY id", (event_id,)).fetchall()
        return [dict(r) for r in found]

    def table_rows(self, table: str, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Newest rows of ``quarantine``, ``pings``, ``alerts``, ``webhook_health``, ``audit`` or ``cursors``."""
        with self._db.read() as conn:
            return side_tables.rows(conn, table, limit, offset)

    # -- worker lease -----------------------------------------------------------------------------------------

    def acquire_lease(self, name: str, owner: str, ttl: float) -> bool:
        """Take the lease ``name`` for ``ttl`` seconds unless another owner holds it unexpired."""
        with self._db.write() as conn:
            return lease.acquire(conn, name, owner, ttl, self._clock())

    def heartbeat(self, name: str, owner: str, ttl: float) -> bool:
        """Extend our lease; ``False`` means another owner took it and we must stop."""
        with self._db.write() as conn:
            return lease.heartbeat(conn, name, owner, ttl, self._clock())

    def release(self, name: str, owner: str) -> bool:
        with self._db.write() as conn:
            return lease.release(conn, name, owner)


EVENT_COLUMNS = ("id", "source", "topic", "resource", "resource_id", "version", "state", "payload", "payload_sha256",
                 "delivery_id", "webhook_id", "received_at", "updated_at", "attempts", "next_attempt_at", "last_error",
                 "control_ids", "record_no")
"""The ``events`` columns, as :class:`EventRecord` has them."""


def _event_filter(state: str | None, search: str | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if state:
        where.append("state = ?")
        params.append(state)
    if search:
        where.append("(topic LIKE ? OR CAST(resource_id AS TEXT) = ? OR version LIKE ? OR delivery_id = ?)")
        params += [f"%{search}%", search, f"%{search}%", search]
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _audit(
    conn: sqlite3.Connection, event_id: int | None, actor: str, action: str,
    from_state: str | None, to_state: str | None, detail: str,
) -> None:
    conn.execute(
        "INSERT INTO audit (at, event_id, actor, action, from_state, to_state, detail) VALUES (?,?,?,?,?,?,?)",
        (utc_now(), event_id, actor, action, from_state, to_state, detail),
    )


def _move(conn: sqlite3.Connection, event_id: int, current: str, to_state: str, actor: str, note: str) -> None:
    if to_state not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(event_id, current, to_state)
    conn.execute("UPDATE events SET state = ?, updated_at = ? WHERE id = ?", (to_state, utc_now(), event_id))
    _audit(conn, event_id, actor, "transition", current, to_state, note)


def _apply_moves(conn: sqlite3.Connection, moves: Sequence[StateMove]) -> None:
    """The body of :meth:`Outbox.transition_many`: validate every step, then write with ``executemany``."""
    states = _states_of(conn, {m.event_id for m in moves})
    now = utc_now()
    audits: list[tuple[Any, ...]] = []
    attempts: dict[int, int] = {}
    fields: dict[int, dict[str, Any]] = {}
    for move in moves:
        current = states[move.event_id]
        for to_state in move.path:
            if to_state not in TRANSITIONS.get(current, frozenset()):
                raise InvalidTransition(move.event_id, current, to_state)
            audits.append((now, move.event_id, move.actor, "transition", current, to_state, move.note))
            attempts[move.event_id] = attempts.get(move.event_id, 0) + (to_state == POSTING)
            current = to_state
        states[move.event_id] = current
        unknown = set(move.fields) - MOVE_FIELDS
        if unknown:
            raise ValueError(f"a state move cannot set {sorted(unknown)}")
        fields.setdefault(move.event_id, {}).update(move.fields)
    conn.executemany("UPDATE events SET state = ?, updated_at = ?, attempts = attempts + ? WHERE id = ?",
                     [(states[i], now, n, i) for i, n in attempts.items()])
    conn.executemany("INSERT INTO audit (at, event_id, actor, action, from_state, to_state, detail) "
                     "VALUES (?,?,?,?,?,?,?)", audits)
    by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for event_id, sets in fields.items():
        values = [json.dumps(v) if k == "control_ids" else v for k, v in sets.items()]
        by_columns.setdefault(tuple(sets), []).append((*values, event_id))
    for columns, rows in by_columns.items():
        if columns:
            assignments = ", ".join(f"{k} = ?" for k in columns)
            conn.executemany(f"UPDATE events SET {assignments} WHERE id = ?", rows)


def _states_of(conn: sqlite3.Connection, event_ids: Iterable[int]) -> dict[int, str]:
    """Current states of ``event_ids`` (one query per 500); an unknown id raises :class:`EventNotFound`."""
    ids = sorted(set(event_ids))
    states: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(f"SELECT id, state FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        states.update({int(r["id"]): str(r["state"]) for r in rows})
    missing = [i for i in ids if i not in states]
    if missing:
        raise EventNotFound(f"no outbox event {missing[0]}")
    return states


def _state_of(conn: sqlite3.Connection, event_id: int) -> str:
    row = conn.execute("SELECT state FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise EventNotFound(f"no outbox event {event_id}")
    return str(row["state"])


def fetch_event(conn: sqlite3.Connection, event_id: int) -> sqlite3.Row:
    """One ``events`` row read on ``conn`` (inside the caller's transaction); unknown ids raise."""
    row = conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise EventNotFound(f"no outbox event {event_id}")
    return row  # type: ignore[no-any-return]


def event_record(row: sqlite3.Row | Mapping[str, Any]) -> EventRecord:
    """An ``events`` row (or any mapping of its columns) as an :class:`EventRecord`."""
    data = dict(row)
    data["control_ids"] = json.loads(data.get("control_ids") or "[]")
    data["payload"] = bytes(data["payload"])
    return EventRecord(**data)
