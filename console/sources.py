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
    ("topic", "Topic", 16, 4),
    ("number", "Woo #", 8, 0),
    ("customer", "Customer", 18, 2),
    ("amount", "Amount", 14, 3),
    ("state", "State", 15, 1),
    ("attempts", "Try", 3, 6),
    ("error", "Last error", 0, 7),
)
"""Display order; a width of 0 takes what is left (at least 10 columns)."""


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
        return [event_cells(r, self.needs) for r in self.pager.rows(self._ids[offset:offset + limit])]


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
        fixed = sum(w + 1 for _, _, w, _ in chosen if w) + 10
        if fixed <= width or len(chosen) <= 3:
            break
        drop = max((c for c in chosen if c[0] != "error"), key=lambda c: c[3])
        chosen.remove(drop)
    rest = max(10, width - sum(w + 1 for _, _, w, _ in chosen if w))
    return [(key, title, w or rest) for key, title, w, _ in chosen]
