"""Collections are read page by page, lazily, with WooCommerce's polling parameters (§4.2–4.3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.woo_rest.support import mock_client


def _paged(total_items: int, seen: list[dict[str, list[str]]], per_page_cap: int = 100):
    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(urlsplit(str(request.url)).query)
        seen.append(query)
        page, per_page = int(query["page"][0]), min(int(query["per_page"][0]), per_page_cap)
        ids = range((page - 1) * per_page + 1, min(page * per_page, total_items) + 1)
        pages = -(-total_items // per_page)
        return httpx.Response(200, json=[{"id": i} for i in ids],
                              headers={"X-WP-Total": str(total_items), "X-WP-TotalPages": str(pages)})

    return handler


async def test_pages_follow_x_wp_totalpages_with_per_page_100_until_the_last():
    seen: list[dict[str, list[str]]] = []
    async with mock_client(_paged(1234, seen)) as woo:
        ids = [item["id"] async for item in woo.items("/orders")]
    assert ids == list(range(1, 1235))
    assert [q["page"][0] for q in seen] == [str(n) for n in range(1, 14)]
    assert {q["per_page"][0] for q in seen} == {"100"}


async def test_the_next_page_is_fetched_only_after_the_previous_one_is_consumed():
    seen: list[dict[str, list[str]]] = []
    async with mock_client(_paged(50_000, seen)) as woo:
        pages = woo.pages("/orders")
        first = await anext(pages)
        assert len(seen) == 1 and first.total_pages == 500 and first.total == 50_000
        await anext(pages)
        assert len(seen) == 2
        await pages.aclose()


async def test_an_empty_collection_is_one_request_and_no_items():
    seen: list[dict[str, list[str]]] = []
    async with mock_client(_paged(0, seen)) as woo:
        assert [item async for item in woo.items("/customers")] == []
    assert len(seen) == 1


async def test_iter_orders_asks_for_gmt_modified_after_oldest_change_first():
    seen: list[dict[str, list[str]]] = []
    berlin = timezone(timedelta(hours=2))
    async with mock_client(_paged(3, seen)) as woo:
        orders = [o async for o in woo.iter_orders(datetime(2024, 5, 1, 14, 0, 0, 123, tzinfo=berlin))]
    assert len(orders) == 3
    q = seen[0]
    assert q["modified_after"] == ["2024-05-01T12:00:00"] and q["dates_are_gmt"] == ["true"]
    assert (q["orderby"], q["order"]) == (["modified"], ["asc"])


async def test_iter_orders_passes_modified_before_for_a_closed_window():
    seen: list[dict[str, list[str]]] = []
    async with mock_client(_paged(1, seen)) as woo:
        start, end = datetime(2024, 5, 1, tzinfo=UTC), datetime(2024, 5, 2, tzinfo=UTC)
        [o async for o in woo.iter_orders(start, end)]
    assert seen[0]["modified_before"] == ["2024-05-02T00:00:00"]


async def test_products_are_fetched_by_include_in_batches_of_at_most_100_ids():
    seen: list[dict[str, list[str]]] = []
    async with mock_client(_paged(1, seen)) as woo:
        await woo.get_products(range(1, 251))
    batches = [q["include"][0].split(",") for q in seen]
    assert [len(b) for b in batches] == [100, 100, 50]


async def test_refunds_come_from_the_orders_refunds_route():
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(200, json=[{"id": 9, "amount": "5.00"}], headers={"X-WP-TotalPages": "1"})

    async with mock_client(handler) as woo:
        refunds = await woo.list_refunds(727)
    assert refunds == [{"id": 9, "amount": "5.00"}]
    assert paths == ["/wp-json/wc/v3/orders/727/refunds"]


async def test_webhooks_are_listed_with_status_all_and_updated_with_put():
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.method == "GET":
            return httpx.Response(200, json=[{"id": 7, "status": "disabled"}], headers={"X-WP-TotalPages": "1"})
        return httpx.Response(200, json={"id": 7, "status": "active"})

    async with mock_client(handler) as woo:
        hooks = await woo.list_webhooks()
        updated = await woo.update_webhook(7, status="active")
    assert parse_qs(sent[0].url.query.decode())["status"] == ["all"] and hooks[0]["status"] == "disabled"
    assert sent[1].method == "PUT" and sent[1].url.path.endswith("/webhooks/7")
    assert sent[1].content == b'{"status":"active"}' and updated["status"] == "active"


async def test_prefetch_keeps_exactly_one_page_in_flight_while_the_caller_works():
    import asyncio

    from core.woo.rest import prefetch

    seen: list[dict[str, list[str]]] = []
    async with mock_client(_paged(1000, seen)) as woo:
        pages = prefetch(woo.pages("/orders"))
        first = await anext(pages)
        await asyncio.sleep(0.01)  # the caller "works" on page 1
        assert first.number == 1 and [q["page"][0] for q in seen] == ["1", "2"]
        await pages.aclose()
    assert len(seen) == 2
