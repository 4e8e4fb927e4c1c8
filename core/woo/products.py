"""Product categories for order lines, read from the store and cached (WOOCOMMERCE-API.md §5.7).

Order line items carry no categories; products do, and categories form a tree through ``parent``. Mapping
picks a GL account by category with "the most specific (deepest) category wins", so each product's
categories are resolved to full paths (root first). Products are fetched ≤100 per request with
``/products?include=…`` and kept for ``woocommerce.product_cache_seconds``; a deleted product (absent from the
answer) is cached as having no categories, so it does not cost a request per order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from core.woo.errors import WooNotFoundError


@dataclass(frozen=True)
class CategoryPath:
    """One category with its ancestors: ``names`` root first, e.g. ``("Parts", "Brakes")``."""

    id: int
    names: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.names[-1]

    @property
    def depth(self) -> int:
        return len(self.names)


class ProductSource(Protocol):
    """What the cache needs from :class:`core.woo.rest.WooClient`."""

    async def get_products(self, ids: Iterable[int]) -> list[dict[str, Any]]: ...

    async def get_categories(self, ids: Iterable[int]) -> list[dict[str, Any]]: ...


def most_specific(paths: Iterable[CategoryPath], wanted: Iterable[str] | None = None) -> CategoryPath | None:
    """The deepest path whose own name is in ``wanted`` (all when ``None``); ties go to the lower id."""
    names = None if wanted is None else set(wanted)
    candidates = [p for p in paths if names is None or p.name in names]
    return min(candidates, key=lambda p: (-p.depth, p.id), default=None)


class CategoryCache:
    """Product id → category paths, with expiry. One instance per process (the poller/worker owns it)."""

    def __init__(self, source: ProductSource, ttl_seconds: float, clock: Callable[[], float] = time.monotonic):
        self._source, self._ttl, self._clock = source, ttl_seconds, clock
        self._products: dict[int, tuple[float, tuple[CategoryPath, ...]]] = {}
        self._categories: dict[int, tuple[str, int]] = {}  # id → (name, parent id)

    async def categories(self, product_ids: Iterable[int]) -> dict[int, tuple[CategoryPath, ...]]:
        """Category paths for each product id (variations: pass the parent ``product_id``)."""
        ids = {int(i) for i in product_ids if i}
        now = self._clock()
        stale = [i for i in ids if i not in self._products or self._products[i][0] <= now]
        if stale:
            await self._refresh(stale, now)
        return {i: self._products[i][1] for i in ids}

    async def _refresh(self, ids: list[int], now: float) -> None:
        found = {int(p["id"]): p for p in await self._source.get_products(ids)}
        refs = {int(c["id"]): str(c.get("name", "")) for p in found.values() for c in p.get("categories", [])}
        await self._learn_categories(refs)
        expires = now + self._ttl
        for pid in ids:
            cats = found.get(pid, {}).get("categories", [])
            self._products[pid] = (expires, tuple(self._path(int(c["id"])) for c in cats))

    async def _learn_categories(self, refs: dict[int, str]) -> None:
        """Fetch unknown categories and their ancestors, a level at a time (trees are shallow)."""
        missing = {i for i in refs if i not in self._categories}
        while missing:
            try:
                rows = await self._source.get_categories(missing)
            except WooNotFoundError:  # a store without the categories route: names only, no parents
                rows = [{"id": i, "name": refs.get(i, str(i)), "parent": 0} for i in missing]
            for row in rows:
                self._categories[int(row["id"])] = (str(row.get("name", "")), int(row.get("parent") or 0))
            for i in missing - {int(r["id"]) for r in rows}:  # deleted meanwhile: keep the name we saw
                self._categories[i] = (refs.get(i, str(i)), 0)
            missing = {parent for _, parent in self._categories.values() if parent and parent not in self._categories}

    def _path(self, category_id: int) -> CategoryPath:
        names: list[str] = []
        current, seen = category_id, set()
        while current and current in self._categories and current not in seen:  # `seen` guards bad data cycles
            seen.add(current)
            name, current = self._categories[current]
            names.append(name)
        return CategoryPath(category_id, tuple(reversed(names)))
