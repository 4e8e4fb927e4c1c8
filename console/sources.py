"""What the outbox table shows: a count and a window of rows, read from the database on demand.

A source never holds more than the rows asked for, so a tab of 100,000 events costs one ``count(*)`` and
one page per screenful. Search results are the matching ids only (small ints), their rows read per window.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Protocol

from core.outbox.paging import EventPager, EventRow

COLUMNS: tuple[tuple[str, str, int, int], ...] = (
    # key, title, width, priority (lower survives longer on a narrow terminal)
    ("time", "Received (UTC)", 16, 5),
    ("topic", "Topic", 14, 4),
    ("number", "Woo #", 8, 0),
    ("customer", "Customer", 14, 2),
    ("amount", "Amount", 13, 3),
    ("state", "State", 15, 1),
    ("attempts", "Try", 3, 6),
    ("error", "Last error", 0, 7),
)
"""Display order; a width of 0 takes what is left (at least :data:`MIN_REST` columns). At 80 columns every
column but the time and the attempts fits (Topic included)."""
MIN_REST = 8


@dataclass(frozen=True)
class Row:
    key: int
    """The event id (or quarantine row id)."""
    cells: dict[str, str]
    state: str
    amount: str = ""
    """The amount as the store sent it (for the selection's totals; money is never re-computed here)."""
    currency: str = ""


class RowSource(Protocol):
    def count(self) -> int: ...

    def rows(self, offset: int, limit: int) -> list[Row]: ...


NEEDS_ACTION = "needs action"
"""The state shown for an event whose order holds an open item (the books differ; a person decides)."""


def event_cells(row: EventRow, needs: frozenset[int] = frozenset()) -> Row:
    amount = f"{row.amount} {row.currency}".strip()
    state = NEEDS_ACTION if row.id in needs and row.state == "awaiting_review" else row.state
    return Row(row.id, {
        "time": row.received_at[:16].replace("T", " "), "topic": row.topic, "number": row.number,
        "customer": row.customer or row.email, "amount": amount, "state": ("⚑ " + state) if state == NEEDS_ACTION
        else state, "attempts": str(row.attempts), "error": row.last_error.replace("\n", " "),
    }, state, row.amount, row.currency)


def describe_selection(rows: list[Row]) -> str:
    """``3 event(s) (2 order(s)) · EUR 1,234.50, USD 10.00`` (+ how many need action) for the footer and
    the confirmations of a bulk action."""
    from console.books import currency_totals, describe_totals

    orders = [r for r in rows if r.cells.get("topic", "").startswith("order")]
    needs = sum(1 for r in rows if r.state == NEEDS_ACTION)
    money = describe_totals(currency_totals((r.amount, r.currency) for r in orders))
    text = f"{len(rows)} event(s) ({len(orders)} order(s)) · {money}"
    return text + (f" · {needs} need action (approving posts the correction)" if needs else "")


def open_item_events(pager: EventPager) -> list[int]:
    """Events holding an open item (needs action), newest first: a few rows of ``sync_open_items``."""
    try:
        found = pager.conn.execute("SELECT event_id FROM sync_open_items WHERE closed_at IS NULL "
                                   "ORDER BY event_id DESC").fetchall()
    except sqlite3.OperationalError:  # an outbox from before the books migration
        return []
    return [int(r[0]) for r in found]


def view_ids(pager: EventPager, view: str) -> list[int]:
    """Every id of a view, newest first, read from the ``events_state`` index alone and sorted here.

    ``ORDER BY id`` over several states makes SQLite sort the whole view for every page (~200 ms at 100,000
    events); the index holds every row's id, so one index-only read (~60 ms) serves every page after it.
    """
    from core.outbox.paging import VIEWS

    states = VIEWS[view]
    cursor = pager.conn.cursor()
    cursor.row_factory = None
    if view == "all":
        found = [i for (i,) in cursor.execute("SELECT id FROM events INDEXED BY events_state")]
    else:
        found = [i for (i,) in cursor.execute(
            f"SELECT id FROM events INDEXED BY events_state WHERE state IN ({','.join('?' * len(states))})",
            states)]
    found.sort(reverse=True)
    return found


class EventSource:
    """One tab (``review``, ``needs``, ``failed``, ``posted``, ``all``), optionally narrowed to search results.

    :meth:`count` reads the tab's ids (ints only, no payload); :meth:`rows` then reads just the rows of
    the window asked for, so a page costs the same at the top and at the end of 100,000 events.
    """

    def __init__(self, pager: EventPager, view: str, matches: list[int] | None = None) -> None:
        self.pager, self.view, self.matches = pager, view, matches
        self.needs: frozenset[int] = frozenset()
        self._ids: list[int] | None = None

    def ids(self) -> list[int]:
        """The ids this source shows, newest first (search results, needs action, or the whole view)."""
        if self.view == "needs":
            found = open_item_events(self.pager)
            return found if self.matches is None else [i for i in found if i in set(self.matches)]
        return list(self.matches) if self.matches is not None else view_ids(self.pager, self.view)

    def count(self) -> int:
        self.needs = frozenset(open_item_events(self.pager))
        self._ids = self.ids()
        return len(self._ids)

    def rows(self, offset: int, limit: int) -> list[Row]:
        if self._ids is None:
            self.count()
        assert self._ids is not None
        rows = [event_cells(r, self.needs) for r in self.pager.rows(self._ids[offset:offset + limit])]
        refunds = new_refunds(self.pager, [r.key for r in rows if r.cells.get("topic", "").startswith("order")])
        return [refund_row(r, refunds[r.key]) if r.key in refunds else r for r in rows]


def new_refunds(pager: EventPager, ids: list[int]) -> dict[int, list[str]]:
    """Per order event, the totals of the refunds it adds to the version Intacct holds (its basis), if any.

    One query per page: such an event posts an AP adjustment for the refunds, not a bill for the order.
    """
    if not ids:
        return {}
    try:
        found = pager.conn.execute(
            "SELECT e.id, json_extract(CAST(e.payload AS TEXT), '$.refunds') AS now, "
            "json_extract(CAST(p.payload AS TEXT), '$.refunds') AS before FROM events e "
            "JOIN sync_basis b ON b.resource = 'order' AND b.resource_id = e.resource_id "
            f"JOIN events p ON p.id = b.event_id WHERE e.id IN ({','.join('?' * len(ids))}) AND e.id != b.event_id",
            ids).fetchall()
    except sqlite3.OperationalError:  # no sync tables yet, or a payload that is not JSON
        return {}
    out: dict[int, list[str]] = {}
    for row in found:
        now, before = _refunds(row["now"]), _refunds(row["before"])
        added = [str(r.get("total", "")) for r in now if r.get("id") not in {b.get("id") for b in before}]
        if added:
            out[int(row["id"])] = added
    return out


def _refunds(text: str | None) -> list[dict[str, object]]:
    import json

    try:
        found = json.loads(text or "[]")
    except ValueError:
        return []
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def refund_row(row: Row, totals: list[str]) -> Row:
    """The row of an event that adds refunds: the refund amount and "adjustment", not the order's total."""
    from console.books import money

    amounts = [money(t) for t in totals]
    amount = str(sum(abs(a) for a in amounts if a is not None)) if all(a is not None for a in amounts) else ""
    cells = {**row.cells, "topic": "refund → adjustment",
             "amount": f"-{amount} {row.currency}".strip() if amount else "refund"}
    return Row(row.key, cells, row.state, f"-{amount}" if amount else "", row.currency)


class QuarantineSource:
    """Refused deliveries: kept so nothing is lost silently, never pushed."""

    def __init__(self, pager: EventPager) -> None:
        self.pager = pager

    def count(self) -> int:
        return self.pager.count_quarantine()

    def rows(self, offset: int, limit: int) -> list[Row]:
        return [Row(int(q["id"]), {
            "time": str(q["received_at"])[:16].replace("T", " "), "topic": "(refused)", "number": "",
            "customer": f"HTTP {q['http_status']}", "amount": f"{q['body_size']} B", "state": "quarantined",
            "attempts": "", "error": str(q["reason"]),
        }, "quarantined") for q in self.pager.quarantine(offset, limit)]


def layout(width: int) -> list[tuple[str, str, int]]:
    """The columns that fit ``width``, with their widths (the last error column takes the rest)."""
    chosen = list(COLUMNS)
    while True:
        fixed = sum(w + 1 for _, _, w, _ in chosen if w) + MIN_REST
        if fixed <= width or len(chosen) <= 3:
            break
        drop = max((c for c in chosen if c[0] != "error"), key=lambda c: c[3])
        chosen.remove(drop)
    rest = max(MIN_REST, width - sum(w + 1 for _, _, w, _ in chosen if w))
    return [(key, title, w or rest) for key, title, w, _ in chosen]
