"""Product categories for GL mapping: resolved to paths, cached with expiry (WOOCOMMERCE-API.md §5.7)."""

from __future__ import annotations

from core.woo.errors import WooNotFoundError
from core.woo.products import CategoryCache, CategoryPath, most_specific


class FakeSource:
    def __init__(self, products: dict[int, list[int]], categories: dict[int, tuple[str, int]],
                 categories_route: bool = True):
        self.products, self.categories, self.route = products, categories, categories_route
        self.product_calls: list[list[int]] = []

    async def get_products(self, ids):
        ids = sorted(ids)
        self.product_calls.append(ids)
        return [{"id": i, "categories": [{"id": c, "name": self.categories[c][0]} for c in self.products[i]]}
                for i in ids if i in self.products]

    async def get_categories(self, ids):
        if not self.route:
            raise WooNotFoundError("no route", status=404, method="GET", path="/products/categories")
        return [{"id": i, "name": self.categories[i][0], "parent": self.categories[i][1]} for i in ids]


TREE = {1: ("Parts", 0), 2: ("Brakes", 1), 3: ("Discs", 2), 4: ("Sale", 0)}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_products_categories_are_resolved_to_root_first_paths_through_parents():
    cache = CategoryCache(FakeSource({10: [3, 4]}, TREE), ttl_seconds=60)
    paths = (await cache.categories([10]))[10]
    assert paths == (CategoryPath(3, ("Parts", "Brakes", "Discs")), CategoryPath(4, ("Sale",)))


async def test_the_deepest_matching_category_wins():
    paths = [CategoryPath(4, ("Sale",)), CategoryPath(2, ("Parts", "Brakes"))]
    assert most_specific(paths, {"Sale", "Brakes"}) == CategoryPath(2, ("Parts", "Brakes"))
    assert most_specific(paths, {"Sale"}) == CategoryPath(4, ("Sale",))
    assert most_specific(paths, {"Nothing"}) is None


async def test_cached_products_are_not_fetched_again_until_they_expire():
    source, clock = FakeSource({10: [1], 11: [2]}, TREE), Clock()
    cache = CategoryCache(source, ttl_seconds=60, clock=clock)
    await cache.categories([10, 11])
    await cache.categories([10, 11])
    assert source.product_calls == [[10, 11]]
    clock.now += 61
    await cache.categories([10])
    assert source.product_calls == [[10, 11], [10]]


async def test_a_deleted_product_is_cached_as_having_no_categories():
    source = FakeSource({}, TREE)
    cache = CategoryCache(source, ttl_seconds=60)
    assert (await cache.categories([99]))[99] == ()
    await cache.categories([99])
    assert len(source.product_calls) == 1


async def test_without_a_categories_route_each_category_is_a_path_of_its_own_name():
    cache = CategoryCache(FakeSource({10: [3]}, TREE, categories_route=False), ttl_seconds=60)
    assert (await cache.categories([10]))[10] == (CategoryPath(3, ("Discs",)),)
