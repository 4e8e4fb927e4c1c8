"""Product categories and meta for order lines, read from the store and cached (WOOCOMMERCE-API.md §5.7).

Order line items carry no categories; products do, and categories form a tree through ``parent``. Mapping
picks a GL account by category with "the most specific (deepest) category wins", so each product's
categories are resolved to full paths (root first); and by product meta (``mapping.account_meta_key``), so
each product's ``meta_data`` is kept too. Products are fetched ≤100 per request with ``/products?include=…``
and kept for ``woocommerce.product_cache_seconds``; a deleted product (absent from the answer) is cached as
having no categories and no meta, so it does not cost a request per order.

Category names arrive HTML-escaped: WordPress stores term names through ``_wp_specialchars``, so REST gives
``Parts &amp; Tools`` (woocommerce#40029, #16250). They are unescaped once, here at the edge, so a rule keyed
``"Parts & Tools"`` matches; nothing downstream unescapes again (a category really named ``&amp;`` would
arrive as ``&amp;amp;`` and still come out right).
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class ProductFacts:
    """What the mapping needs of one product: its category paths and its string meta (first value per key)."""

    paths: tuple[CategoryPath, ...] = ()
    meta: Mapping[str, str] = field(default_factory=dict)


def string_meta(meta_data: Any) -> dict[str, str]:
    """``meta_data`` entries with a string or integer value, key → value (the first one of a repeated key)."""
    out: dict[str, str] = {}
    for entry in meta_data or []:
        key, value = (entry.get("key"), entry.get("value")) if isinstance(entry, dict) else (None, None)
        if isinstance(key, str) and isinstance(value, (str, int)) and not isinstance(value, bool):
            out.setdefault(key, str(value))
    return out


def category_name(raw: Any) -> str:
    """A category name as the store owner typed it: REST's HTML-escaped form decoded once."""
    return html.unescape(str(raw or ""))


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
    """Product id → category paths and meta, with expiry. One instance per process (the poller/worker owns it)."""

    def __init__(self, source: ProductSource, ttl_seconds: float, clock: Callable[[], float] = time.monotonic):
        self._source, self._ttl, self._clock = source, ttl_seconds, clock
        self._products: dict[int, tuple[float, ProductFacts]] = {}
        self._categories: dict[int, tuple[str, int]] = {}  # id → (unescaped name, parent id)

    async def categories(self, product_ids: Iterable[int]) -> dict[int, tuple[CategoryPath, ...]]:
        """Category paths for each product id (variations: pass the parent ``product_id``)."""
        return {pid: facts.paths for pid, facts in (await self.products(product_ids)).items()}

    async def products(self, product_ids: Iterable[int]) -> dict[int, ProductFacts]:
        """Category paths and meta for each product id (variations: pass the parent ``product_id``)."""
        ids = {int(i) for i in product_ids if i}
        now = self._clock()
        stale = [i for i in ids if i not in self._products or self._products[i][0] <= now]
        if stale:
            await self._refresh(stale, now)
        return {i: self._products[i][1] for i in ids}

    async def _refresh(self, ids: list[int], now: float) -> None:
        found = {int(p["id"]): p for p in await self._source.get_products(ids)}
        refs = {int(c["id"]): category_name(c.get("name")) for p in found.values() for c in p.get("categories", [])}
        await self._learn_categories(refs)
        expires = now + self._ttl
        for pid in ids:
            product = found.get(pid, {})
            paths = tuple(self._path(int(c["id"])) for c in product.get("categories", []))
            self._products[pid] = (expires, ProductFacts(paths, string_meta(product.get("meta_data"))))

    async def _learn_categories(self, refs: dict[int, str]) -> None:
        """Fetch unknown categories and their ancestors, a level at a time (trees are shallow)."""
        missing = {i for i in refs if i not in self._categories}
        while missing:
            try:
                rows = await self._source.get_categories(missing)
            except WooNotFoundError:  # a store without the categories route: names only, no parents
                rows = [{"id": i, "name": refs.get(i, str(i)), "parent": 0} for i in missing]
            for row in rows:
                self._categories[int(row["id"])] = (category_name(row.get("name")), int(row.get("parent") or 0))
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
