"""The sync engine's rows in the outbox database: write-ahead writes, known vendors, bases, acks.

Every change of a round is committed in ONE ``BEGIN IMMEDIATE`` transaction (:meth:`Ledger.commit`):
the events' state moves (audited, via the outbox's own state machine), the write-ahead rows, their
outcomes, the vendors learned and the new bases. One fsync per round instead of several per event is what
lets a push of thousands of orders stay near the gateway's floor, and a crash can never leave an event
``posting`` without the controlids it may have sent.

Tables (migration ``0003_sync_engine``):

* ``sync_writes``: one row per Intacct write an event needs, written *before* it is sent, with the
  function's XML so a retry or a recovery re-sends the very same function (same controlid) instead of
  planning again. ``status``: ``pending`` (maybe sent), ``done`` (in Intacct; ``record_no``), ``failed``
  (refused; ``detail`` has Intacct's words), ``dropped`` (never sent: its event stopped first).
* ``sync_vendors``: VENDORIDs known to exist in Intacct.
* ``sync_basis``: per resource, the event whose payload Intacct now reflects (the "previous payload").
* ``sync_acks``: events an operator approved after the engine flagged them for review.
* ``sync_open_items`` (migration ``0005``): per order, a difference between the store and Intacct that was
  not posted (held by a ``[books]`` policy), open until it is posted, handled by a person or cleared.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.outbox import EventRecord, Outbox
from core.outbox.db import Database, utc_now
from core.outbox.model import APPROVED, POSTING, RETRY
from core.outbox.store import StateMove, event_record, fetch_event

ACTIVE_STATES = (APPROVED, RETRY, POSTING)
"""States of events the worker still has to carry to an outcome."""


@dataclass(frozen=True)
class NewWrite:
    """One write to store ahead of sending it."""

    event_id: int
    control_id: str
    seq: int
    wave: int
    operation: str
    object: str
    doc_key: str
    vendor_id: str
    function_xml: bytes
    status: str = "pending"
    record_no: str | None = None


@dataclass(frozen=True)
class WriteRow(NewWrite):
    """One write-ahead row of ``sync_writes`` as read back (``id`` and ``detail`` are the database's)."""

    id: int = 0
    detail: str = ""


Move = StateMove
"""A path of state moves for one event (e.g. ``[posting, posted]``) with the fields to set at the end."""


@dataclass
class Commit:
    """Everything one round changes, applied atomically by :meth:`Ledger.commit`."""

    moves: list[Move] = field(default_factory=list)
    new_writes: list[NewWrite] = field(default_factory=list)
    write_updates: list[tuple[int, str, str | None, str]] = field(default_factory=list)
    """(write id, status, record_no, detail)."""
    vendors: dict[str, str | None] = field(default_factory=dict)
    bases: list[tuple[str, int, int]] = field(default_factory=list)
    """(resource, resource_id, event_id)."""
    acks: list[tuple[int, str]] = field(default_factory=list)
    items_open: list[OpenItem] = field(default_factory=list)
    """Open items to open (an open item of the same order is closed as ``superseded`` first)."""
    items_close: list[tuple[int, str, str, str]] = field(default_factory=list)
    """(order id, resolution, actor, note): close that order's open item, if any."""

    def __bool__(self) -> bool:
        return bool(self.moves or self.new_writes or self.write_updates or self.vendors or self.bases
                    or self.acks or self.items_open or self.items_close)


@dataclass(frozen=True)
class OpenItem:
    """A difference between what the store implies for an order and what Intacct holds (docs/mapping.md)."""

    order_id: int
    order_number: str
    event_id: int
    causes: str
    """Comma-separated: ``cancelled``, ``refund_deleted``, ``edited``."""
    delta: str
    """Per-account difference, JSON (:func:`core.mapping.net.to_json`): what Intacct must gain."""
    reason: str
    id: int = 0
    opened_at: str = ""
    closed_at: str | None = None
    closed_by: str | None = None
    resolution: str | None = None
    note: str = ""


class Ledger:
    """Reads and atomic writes of the sync tables over the outbox's database."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox
        self._db: Database = outbox.db  # the same connection and lock as the outbox (one writer per process)

    # -- reads ------------------------------------------------------------------------------------------------

    def active_events(self, limit: int = 5000) -> list[EventRecord]:
        """Events still to be carried to an outcome, due work first (:meth:`Outbox.active_events`)."""
        return self.outbox.active_events(ACTIVE_STATES, limit)

    def events(self, ids: Iterable[int]) -> list[EventRecord]:
        """The events ``ids`` in the order given (one query per 500 ids: a round reads a thousand at once);
        an unknown id raises :class:`~core.outbox.errors.EventNotFound`."""
        wanted = list(ids)
        rows: dict[int, sqlite3.Row] = {}
        with self._db.read() as conn:
            distinct = sorted(set(wanted))
            for start in range(0, len(distinct), 500):
                chunk = distinct[start : start + 500]
                found = conn.execute(f"SELECT * FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk)
                rows.update({int(r["id"]): r for r in found})
            return [event_record(rows[i] if i in rows else fetch_event(conn, i)) for i in wanted]

    def basis(self, resource: str, resource_id: int) -> EventRecord | None:
        """The event whose payload Intacct reflects for this resource (None: nothing posted yet)."""
        return self.bases([(resource, resource_id)]).get((resource, resource_id))

    def bases(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], EventRecord]:
        """:meth:`basis` for many ``(resource, resource_id)`` at once; resources never posted are absent."""
        by_resource: dict[str, set[int]] = {}
        for resource, resource_id in keys:
            by_resource.setdefault(resource, set()).add(resource_id)
        found: dict[tuple[str, int], EventRecord] = {}
        with self._db.read() as conn:
            for resource, id_set in by_resource.items():
                ids = sorted(id_set)
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    rows = conn.execute("SELECT b.resource_id AS basis_of, e.* FROM sync_basis b JOIN events e ON "
                                        f"e.id = b.event_id WHERE b.resource = ? AND b.resource_id IN "
                                        f"({','.join('?' * len(chunk))})", (resource, *chunk)).fetchall()
                    for row in rows:
                        data = dict(row)
                        basis_of = int(data.pop("basis_of"))
                        found[(resource, basis_of)] = event_record(data)
        return found

    def known_vendors(self, vendor_ids: Iterable[str]) -> dict[str, str | None]:
        ids = sorted(set(vendor_ids))
        found: dict[str, str | None] = {}
        with self._db.read() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = conn.execute(f"SELECT vendor_id, record_no FROM sync_vendors WHERE vendor_id IN "
                                    f"({','.join('?' * len(chunk))})", chunk).fetchall()
                found.update({str(r["vendor_id"]): r["record_no"] for r in rows})
        return found

    def document_record_no(self, obj: str, doc_key: str, vendor_id: str) -> str | None:
        """RECORDNO of a document some event already created in Intacct (the duplicate guard)."""
        with self._db.read() as conn:
            row = conn.execute("SELECT record_no FROM sync_writes WHERE object = ? AND doc_key = ? AND "
                               "vendor_id = ? AND status = 'done' AND operation LIKE 'create-%' LIMIT 1",
                               (obj, doc_key, vendor_id)).fetchone()
        return None if row is None else str(row["record_no"] or "") or None

    def documents_done(self, docs: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str, str], str]:
        """:meth:`document_record_no` for many ``(object, doc_key, vendor_id)`` at once (one query per 500)."""
        wanted = sorted(set(docs))
        found: dict[tuple[str, str, str], str] = {}
        keys = sorted({k for _, k, _ in wanted})
        with self._db.read() as conn:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute("SELECT object, doc_key, vendor_id, record_no FROM sync_writes WHERE status = "
                                    f"'done' AND operation LIKE 'create-%' AND doc_key IN ({marks})", chunk).fetchall()
                found.update({(str(r["object"]), str(r["doc_key"]), str(r["vendor_id"])): str(r["record_no"] or "")
                              for r in rows if r["record_no"]})
        return {d: found[d] for d in wanted if d in found}

    def writes(self, event_ids: Iterable[int]) -> list[WriteRow]:
        ids = sorted(set(event_ids))
        out: list[WriteRow] = []
        with self._db.read() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = conn.execute(f"SELECT * FROM sync_writes WHERE event_id IN ({','.join('?' * len(chunk))}) "
                                    "ORDER BY event_id, seq", chunk).fetchall()
                out += [_write_row(r) for r in rows]
        return out

    def order_writes(self, order_ids: Iterable[int]) -> dict[int, list[WriteRow]]:
        """Every write of every event of these orders (order id → writes, oldest first)."""
        ids = sorted(set(order_ids))
        out: dict[int, list[WriteRow]] = {}
        with self._db.read() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = conn.execute("SELECT e.resource_id AS order_id, w.* FROM sync_writes w JOIN events e ON "
                                    "e.id = w.event_id WHERE e.resource = 'order' AND e.resource_id IN "
                                    f"({','.join('?' * len(chunk))}) ORDER BY w.id", chunk).fetchall()
                for row in rows:
                    data = dict(row)
                    out.setdefault(int(data.pop("order_id")), []).append(_write_row(data))
        return out

    def open_items(self, order_ids: Iterable[int] | None = None, *, resolution: str | None = None,
                   limit: int = 10_000) -> list[OpenItem]:
        """Open items (``resolution`` None) or closed ones with that resolution, of these orders or all."""
        where = "closed_at IS NULL" if resolution is None else "resolution = ?"
        params: list[object] = [] if resolution is None else [resolution]
        with self._db.read() as conn:
            if order_ids is None:
                rows = conn.execute(f"SELECT * FROM sync_open_items WHERE {where} ORDER BY id LIMIT ?",
                                    (*params, limit)).fetchall()
            else:
                ids, rows = sorted(set(order_ids)), []
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    rows += conn.execute(f"SELECT * FROM sync_open_items WHERE {where} AND order_id IN "
                                         f"({','.join('?' * len(chunk))}) ORDER BY id", (*params, *chunk)).fetchall()
        return [OpenItem(**dict(r)) for r in rows]

    def held_reason(self, event_id: int) -> str | None:
        """The reason of the open item an event holds (its order's held residual), if any."""
        with self._db.read() as conn:
            row = conn.execute("SELECT reason FROM sync_open_items WHERE event_id = ? AND closed_at IS NULL",
                               (event_id,)).fetchone()
        return None if row is None else str(row["reason"])

    def acked(self, event_id: int) -> bool:
        with self._db.read() as conn:
            return conn.execute("SELECT 1 FROM sync_acks WHERE event_id = ?", (event_id,)).fetchone() is not None

    # -- the one write --------------------------------------------------------------------------------------

    def commit(self, change: Commit) -> None:
        """Apply a round's changes in one transaction (see the module doc)."""
        if not change:
            return
        now = utc_now()

        def rows(conn: sqlite3.Connection) -> None:
            _insert_writes(conn, change.new_writes, now)
            conn.executemany("UPDATE sync_writes SET status = ?, record_no = coalesce(?, record_no), detail = ?, "
                             "updated_at = ? WHERE id = ?",
                             [(s, r, d, now, i) for i, s, r, d in change.write_updates])
            conn.executemany("INSERT INTO sync_vendors (vendor_id, record_no, seen_at) VALUES (?,?,?) ON CONFLICT"
                             "(vendor_id) DO UPDATE SET record_no = coalesce(excluded.record_no, record_no)",
                             [(v, r, now) for v, r in change.vendors.items()])
            conn.executemany("INSERT INTO sync_basis (resource, resource_id, event_id) VALUES (?,?,?) ON CONFLICT"
                             "(resource, resource_id) DO UPDATE SET event_id = excluded.event_id", change.bases)
            conn.executemany("INSERT OR REPLACE INTO sync_acks (event_id, actor, at) VALUES (?,?,?)",
                             [(e, a, now) for e, a in change.acks])
            _close_items(conn, change.items_close, now)
            _close_items(conn, [(i.order_id, "superseded", "worker", "") for i in change.items_open], now)
            conn.executemany("INSERT INTO sync_open_items (order_id, order_number, event_id, causes, delta, reason, "
                             "opened_at) VALUES (?,?,?,?,?,?,?)",
                             [(i.order_id, i.order_number, i.event_id, i.causes, i.delta, i.reason, now)
                              for i in change.items_open])

        self.outbox.transition_many(change.moves, also=rows)


def _close_items(conn: sqlite3.Connection, closes: Sequence[tuple[int, str, str, str]], now: str) -> None:
    conn.executemany("UPDATE sync_open_items SET closed_at = ?, resolution = ?, closed_by = ?, note = ? "
                     "WHERE order_id = ? AND closed_at IS NULL", [(now, r, a, n, o) for o, r, a, n in closes])


def _insert_writes(conn: sqlite3.Connection, writes: Sequence[NewWrite], now: str) -> None:
    conn.executemany(
        "INSERT INTO sync_writes (event_id, control_id, seq, wave, operation, object, doc_key, vendor_id, "
        "function_xml, status, record_no, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(w.event_id, w.control_id, w.seq, w.wave, w.operation, w.object, w.doc_key, w.vendor_id,
          w.function_xml, w.status, w.record_no, now, now) for w in writes])


def _write_row(row: sqlite3.Row | dict[str, object]) -> WriteRow:
    data = dict(row)
    for drop in ("created_at", "updated_at"):
        data.pop(drop, None)
    data["function_xml"] = bytes(data["function_xml"])
    return WriteRow(**data)
