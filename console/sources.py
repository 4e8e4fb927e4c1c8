"""What the outbox table shows: a count and a window of rows, read from the database on demand.

A source never holds more than the rows asked for, so a tab of 100,000 events costs one ``count(*)`` and
one page per screenful. Search results are the matching ids only (small ints), their rows read per window.
"""

from __future__ import annotations

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


class RowSource(Protocol):
    def count(self) -> int: ...

    def rows(self, offset: int, limit: int) -> list[Row]: ...


def event_cells(row: EventRow) -> Row:
    amount = f"{row.amount} {row.currency}".strip()
    return Row(row.id, {
        "time": row.received_at[:16].replace("T", " "), "topic": row.topic, "number": row.number,
        "customer": row.customer or row.email, "amount": amount, "state": row.state,
        "attempts": str(row.attempts), "error": row.last_error.replace("\n", " "),
    }, row.state)


class EventSource:
    """One tab (``review``, ``failed``, ``posted``, ``all``), optionally narrowed to search results."""

    def __init__(self, pager: EventPager, view: str, matches: list[int] | None = None) -> None:
        self.pager, self.view, self.matches = pager, view, matches

    def count(self) -> int:
        return len(self.matches) if self.matches is not None else self.pager.count(self.view)

    def rows(self, offset: int, limit: int) -> list[Row]:
        if self.matches is not None:
            found = self.pager.rows(self.matches[offset:offset + limit])
        else:
            found = self.pager.page(self.view, offset, limit)
        return [event_cells(r) for r in found]


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
