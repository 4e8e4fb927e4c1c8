"""A memo of collection selections, valid until the store's next change.

A backfill reads one query page after page (``modified_after=…&orderby=modified&page=1…200``). Without a memo
every page re-filters and re-sorts all orders (20,000 in the benchmark), which made the sandbox itself, not the
configured latency, the slowest part of a scan. The store empties the memo in ``WooStore.emit``, the one call
every mutation makes, so a page never comes from a selection older than the last change: what a page shows is
exactly what a fresh filter and sort would show.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")

NOT_SELECTION_ARGS = frozenset({"page", "per_page", "consumer_key", "consumer_secret"})
"""Query arguments that do not choose or order the records (paging, authentication) and so stay out of the key."""


def selection_key(kind: str, query: Sequence[tuple[str, str]]) -> tuple[Hashable, ...]:
    """The memo key of a collection query: its kind and every argument except paging and credentials.

    Unknown arguments stay in the key (a miss is only slower), so a filter added later can never be ignored.
    """
    return (kind, *((k, v) for k, v in query if k not in NOT_SELECTION_ARGS and not k.startswith("oauth_")))


class SelectionMemo:
    """The last few selections (lists of records), dropped all at once by :meth:`clear`."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._entries: dict[tuple[Hashable, ...], list[object]] = {}

    def get(self, key: tuple[Hashable, ...], select: Callable[[], list[T]]) -> list[T]:
        """The memoised selection for ``key``, computing (and keeping) it with ``select`` on a miss."""
        hit = self._entries.get(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        picked = select()
        if len(self._entries) >= self.size:
            del self._entries[next(iter(self._entries))]  # the oldest entry
        self._entries[key] = picked  # type: ignore[assignment]
        return picked

    def clear(self) -> None:
        self._entries.clear()
