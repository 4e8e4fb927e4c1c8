"""Paged, searchable reads of the outbox for screens that must never load the whole table.

The console's outbox view shows one window of rows at a time over tens of thousands of events, so every
read here is bounded: counts use the ``events_state`` index, a page is ``LIMIT``/``OFFSET`` over the rowid
(cheap: no payload is read for skipped rows), and only the rows of the page have their payload parsed for
the display columns (Woo number, customer, email, amount). A search by order number, customer name or email
returns matching ids (newest first), found with a cheap substring pre-filter before any JSON is parsed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.outbox.db import connect
from core.outbox.model import AWAITING_REVIEW, FAILED, POSTED, RECEIVED, RETRY, STATES

VIEWS: dict[str, tuple[str, ...]] = {
    "review": (RECEIVED, AWAITING_REVIEW),
    "failed": (FAILED, RETRY),
    "posted": (POSTED,),
    "all": STATES,
}
"""The named views an operator switches between, as the event states each one shows."""


@dataclass(frozen=True)
class EventRow:
    """One line of the outbox list: the event's columns plus what its payload says, for display only."""

    id: int
    received_at: str
    topic: str
    resource_id: int
    number: str
    """The Woo order number (or the customer id for customer events)."""
    customer: str
    email: str
    amount: str
    """The order total as text exactly as Woo sent it (money is never re-computed here)."""
    currency: str
    state: str
    attempts: int
    last_error: str


def _states(view: str) -> tuple[str, ...]:
    if view not in VIEWS:
        raise ValueError(f"unknown outbox view {view!r} (one of {', '.join(VIEWS)})")
    return VIEWS[view]


def _in(states: Sequence[str]) -> str:
    return ",".join("?" for _ in states)


def count_view(conn: sqlite3.Connection, view: str) -> int:
    """How many events the view holds (index-only for a state subset)."""
    states = _states(view)
    if view == "all":
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    sql = f"SELECT count(*) FROM events WHERE state IN ({_in(states)})"
    return int(conn.execute(sql, states).fetchone()[0])


def page_view(conn: sqlite3.Connection, view: str, offset: int, limit: int) -> list[EventRow]:
    """Rows ``offset`` … ``offset + limit`` of the view, newest first."""
    states = _states(view)
    where = "" if view == "all" else f"WHERE state IN ({_in(states)})"
    ids = [int(r[0]) for r in conn.execute(
        f"SELECT id FROM events {where} ORDER BY id DESC LIMIT ? OFFSET ?",
        (*([] if view == "all" else states), max(0, limit), max(0, offset)),
    )]
    return rows_by_id(conn, ids)


def view_ids(conn: sqlite3.Connection, view: str) -> list[int]:
    """Every id in the view, newest first (ids only: an index scan, no payloads)."""
    states = _states(view)
    where = "" if view == "all" else f"WHERE state IN ({_in(states)})"
    params = () if view == "all" else states
    return [int(r[0]) for r in conn.execute(f"SELECT id FROM events {where} ORDER BY id DESC", params)]


def rows_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> list[EventRow]:
    """The display rows of ``ids``, in the order given (ids that no longer exist are left out)."""
    if not ids:
        return []
    found = conn.execute(
        "SELECT id, received_at, topic, resource_id, state, attempts, last_error, payload "
        f"FROM events WHERE id IN ({_in([str(i) for i in ids])})",
        tuple(ids),
    ).fetchall()
    by_id = {int(r["id"]): _row(r) for r in found}
    return [by_id[i] for i in ids if i in by_id]


def search_ids(conn: sqlite3.Connection, view: str, text: str, limit: int = 100_000) -> list[int]:
    """Ids in the view whose order number, customer name or email matches ``text``, newest first.

    An order number matches exactly; names and emails match case-insensitively as substrings.
    """
    needle = text.strip()
    if not needle:
        return []
    states = _states(view)
    where = "" if view == "all" else f"state IN ({_in(states)}) AND "
    cursor = conn.execute(
        f"SELECT id, payload FROM events WHERE {where}CAST(payload AS TEXT) LIKE ? ORDER BY id DESC",
        (*([] if view == "all" else states), f"%{needle}%"),
    )
    out: list[int] = []
    for row in cursor:
        if _matches(_payload(row["payload"]), needle.casefold()):
            out.append(int(row["id"]))
            if len(out) >= limit:
                break
    return out


def posted_since(conn: sqlite3.Connection, since_iso: str) -> int:
    """Events posted at or after ``since_iso`` (the header's "posted today")."""
    sql = "SELECT count(*) FROM events WHERE state = ? AND updated_at >= ?"
    return int(conn.execute(sql, (POSTED, since_iso)).fetchone()[0])


def _payload(raw: bytes | str | None) -> dict[str, Any]:
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _person(data: dict[str, Any]) -> tuple[str, str]:
    found = data.get("billing")
    billing: dict[str, Any] = found if isinstance(found, dict) else {}
    first = _text(data.get("first_name") or billing.get("first_name"))
    last = _text(data.get("last_name") or billing.get("last_name"))
    name = " ".join(p for p in (first, last) if p) or _text(billing.get("company"))
    return name, _text(data.get("email") or billing.get("email"))


def _matches(data: dict[str, Any], needle: str) -> bool:
    if _text(data.get("number")).casefold() == needle or _text(data.get("id")) == needle:
        return True
    name, email = _person(data)
    return needle in name.casefold() or needle in email.casefold()


def _row(row: sqlite3.Row) -> EventRow:
    data = _payload(row["payload"])
    name, email = _person(data)
    number = _text(data.get("number") or row["resource_id"])
    return EventRow(
        id=int(row["id"]), received_at=str(row["received_at"]), topic=str(row["topic"]),
        resource_id=int(row["resource_id"]), number=number, customer=name, email=email,
        amount=_text(data.get("total")), currency=_text(data.get("currency")), state=str(row["state"]),
        attempts=int(row["attempts"]), last_error=_text(row["last_error"]),
    )


def count_quarantine(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM quarantine").fetchone()[0])


def page_quarantine(conn: sqlite3.Connection, offset: int, limit: int) -> list[dict[str, Any]]:
    """Refused deliveries, newest first, without their bodies (only the size is shown)."""
    found = conn.execute(
        "SELECT id, received_at, reason, http_status, body_size FROM quarantine ORDER BY id DESC LIMIT ? OFFSET ?",
        (max(0, limit), max(0, offset)),
    )
    return [dict(r) for r in found.fetchall()]


class EventPager:
    """A read-only view of one outbox database on its own connection.

    Its own connection (WAL: readers never wait for writers) keeps a screen's scrolling independent of the
    worker, poller and receiver writing through :class:`core.outbox.Outbox` in the same process.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = connect(path)

    def ids(self, view: str) -> list[int]:
        return view_ids(self.conn, view)

    def count(self, view: str) -> int:
        return count_view(self.conn, view)

    def page(self, view: str, offset: int, limit: int) -> list[EventRow]:
        return page_view(self.conn, view, offset, limit)

    def rows(self, ids: Sequence[int]) -> list[EventRow]:
        return rows_by_id(self.conn, ids)

    def search(self, view: str, text: str) -> list[int]:
        return search_ids(self.conn, view, text)

    def posted_since(self, since_iso: str) -> int:
        return posted_since(self.conn, since_iso)

    def count_quarantine(self) -> int:
        return count_quarantine(self.conn)

    def quarantine(self, offset: int, limit: int) -> list[dict[str, Any]]:
        return page_quarantine(self.conn, offset, limit)

    def live_leases(self, now: float) -> list[dict[str, Any]]:
        return live_leases(self.conn, now)

    def close(self) -> None:
        self.conn.close()



def live_leases(conn: sqlite3.Connection, now: float) -> list[dict[str, Any]]:
    """Leases held right now (e.g. a ``serve`` worker on this database): how the console knows it is attached."""
    found = conn.execute("SELECT name, owner, expires_at FROM leases WHERE expires_at > ? ORDER BY name", (now,))
    return [dict(r) for r in found.fetchall()]

