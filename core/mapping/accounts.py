"""Which GL account and dimensions a product line goes to.

Precedence for the account: (1) the line item's meta ``mapping.account_meta_key``, (2) the same key in the
product's meta, (3) the most specific configured product category, (4) ``mapping.default_account``.

"Most specific" means deepest in the category tree: a product in ``Clothing > T-shirts`` with both names
configured books to ``T-shirts``. Ties (two categories at the same depth, e.g. a product in two trees) go to
the category whose name sorts first (case-insensitively, then exactly), so the choice never depends on the
order WooCommerce lists categories in. Dimensions start from ``mapping.dimensions`` and are overridden by
``category_dimensions`` of every matching category, least specific first, so the winner's values prevail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.settings import MappingSettings


@dataclass(frozen=True)
class ProductInfo:
    """What the mapping needs from ``/products/<id>``, fetched and cached by the caller."""

    id: int
    category_paths: tuple[tuple[str, ...], ...] = ()
    """Each of the product's categories as its path of names from the root, e.g. ``("Clothing", "T-shirts")``."""
    meta: Mapping[str, str] = field(default_factory=dict)
    """Product meta_data key → value (only string values matter here)."""


@dataclass(frozen=True)
class Routing:
    account_no: str
    dimensions: Mapping[str, str]
    source: str
    """Why this account: ``line meta``, ``product meta``, ``category <name>`` or ``default``."""


def meta_value(meta_data: Any, key: str) -> str | None:
    """The stripped string value of ``key`` in a WooCommerce ``meta_data`` list, if present and non-empty."""
    for entry in meta_data or []:
        if isinstance(entry, dict) and entry.get("key") == key and isinstance(entry.get("value"), (str, int)):
            text = str(entry["value"]).strip()
            if text:
                return text
    return None


def _matches(product: ProductInfo | None, configured: Mapping[str, Any]) -> list[tuple[int, str]]:
    """(depth, name) of every configured category on the product, least specific first."""
    found: set[tuple[int, str]] = set()
    for path in product.category_paths if product else ():
        for depth, name in enumerate(path, start=1):
            if name in configured:
                found.add((depth, name))
    winner_first = sorted(found, key=lambda m: (-m[0], m[1].casefold(), m[1]))
    return winner_first[::-1]


def route_line(item: dict[str, Any], product: ProductInfo | None, mapping: MappingSettings) -> Routing:
    """Account and dimensions for one line item (order or refund) by the precedence in the module doc."""
    dims = dict(mapping.dimensions)
    for _, name in _matches(product, mapping.category_dimensions):
        dims.update(mapping.category_dimensions[name])
    key = mapping.account_meta_key
    if key and (account := meta_value(item.get("meta_data"), key)):
        return Routing(account, dims, "line meta")
    if key and product and (account := (product.meta.get(key) or "").strip()):
        return Routing(account, dims, "product meta")
    categories = _matches(product, mapping.category_accounts)
    if categories:
        name = categories[-1][1]
        return Routing(mapping.category_accounts[name], dims, f"category {name}")
    return Routing(mapping.default_account, dims, "default")
