"""REST v3 over real HTTP: pagination, filters, validation and error shapes as WooCommerce answers them."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox_woo.conftest import KEY, SECRET, OAuth1, hourly_orders


@pytest.fixture
def stepped():
    store, ids = hourly_orders(KEY, SECRET, 3)
    with store.run_in_thread() as url, \
            httpx.Client(base_url=url + "/wp-json/wc/v3", auth=OAuth1(KEY, SECRET)) as client:
        yield store, client, ids


def test_orders_paginate_with_total_headers_and_prev_next_links(sandbox, api):
    sandbox.generate(customers=5, orders=25, refunds=0)
    response = api.get("/orders", params={"per_page": 10, "page": 2})
    assert response.headers["X-WP-Total"] == "25" and response.headers["X-WP-TotalPages"] == "3"
    link = response.headers["Link"]
    assert 'page=1>; rel="prev"' in link and 'page=3>; rel="next"' in link and "first" not in link
    assert len(response.json()) == 10


def test_last_page_has_no_next_link(sandbox, api):
    sandbox.generate(customers=2, orders=5, refunds=0)
    response = api.get("/orders", params={"per_page": 5})
    assert "Link" not in response.headers and response.headers["X-WP-TotalPages"] == "1"


@pytest.mark.parametrize("per_page", ["0", "101"])
def test_per_page_outside_1_to_100_is_rest_invalid_param(api, per_page):
    response = api.get("/orders", params={"per_page": per_page})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rest_invalid_param" and body["message"] == "Invalid parameter(s): per_page"
    assert body["data"]["status"] == 400 and "per_page" in body["data"]["params"]


def test_modified_after_with_dates_are_gmt_compares_utc(stepped):
    _, client, ids = stepped
    found = client.get("/orders", params={"modified_after": "2024-05-01T12:30:00", "dates_are_gmt": "true",
                                          "orderby": "modified", "order": "asc"}).json()
    assert [o["id"] for o in found] == ids[1:]


def test_modified_after_defaults_to_site_local_time(stepped):
    _, client, ids = stepped
    # 09:30 New York (EDT, UTC-4) is 13:30 UTC: only the third order (14:00 UTC) is later.
    found = client.get("/orders", params={"modified_after": "2024-05-01T09:30:00"}).json()
    assert [o["id"] for o in found] == ids[2:]


def test_modified_after_is_exclusive(stepped):
    _, client, ids = stepped
    found = client.get("/orders", params={"modified_after": "2024-05-01T13:00:00", "dates_are_gmt": "1"}).json()
    assert [o["id"] for o in found] == ids[2:]


def test_default_order_is_newest_first_and_asc_reverses_it(stepped):
    _, client, ids = stepped
    assert [o["id"] for o in client.get("/orders").json()] == ids[::-1]
    assert [o["id"] for o in client.get("/orders", params={"order": "asc"}).json()] == ids


def test_status_any_excludes_trash_but_status_trash_lists_it(stepped):
    store, client, ids = stepped
    store.trash_order(ids[0])
    assert ids[0] not in [o["id"] for o in client.get("/orders").json()]
    assert [o["id"] for o in client.get("/orders", params={"status": "trash"}).json()] == [ids[0]]


def test_include_filters_orders(stepped):
    _, client, ids = stepped
    assert [o["id"] for o in client.get("/orders", params={"include": f"{ids[0]},{ids[2]}"}).json()] == [
        ids[2], ids[0]]


def test_unknown_order_is_404_invalid_id(api):
    body = api.get("/orders/999999").json()
    assert body == {"code": "woocommerce_rest_shop_order_invalid_id", "message": "Invalid ID.",
                    "data": {"status": 404}}


def test_customers_default_to_name_ascending_and_ignore_date_filters(sandbox, api):
    for first in ("Zed", "Amy", "Mia"):
        sandbox.create_customer(first, "X")
    names = [c["first_name"] for c in api.get("/customers", params={"modified_after": "2999-01-01T00:00:00"}).json()]
    assert names == ["Amy", "Mia", "Zed"]


def test_products_filter_by_include_and_show_categories(sandbox, api):
    parent = sandbox.add_category("Parts")
    child = sandbox.add_category("Electrical", parent)
    a = sandbox.add_product("Relay", "4.99", (child,))["id"]
    sandbox.add_product("Other", "1.00")
    found = api.get("/products", params={"include": str(a)}).json()
    assert [p["id"] for p in found] == [a]
    assert found[0]["categories"] == [{"id": child, "name": "Electrical", "slug": "electrical"}]
    assert api.get(f"/products/categories/{child}").json()["parent"] == parent


def test_refunds_endpoint_lists_newest_first(sandbox, api, product):
    oid = sandbox.create_order([(product, 3)], billing={"country": "US"})["id"]
    first = sandbox.refund_order(oid, amount="1.00")["id"]
    second = sandbox.refund_order(oid, amount="2.00")["id"]
    assert [r["id"] for r in api.get(f"/orders/{oid}/refunds").json()] == [second, first]


def test_unknown_route_is_rest_no_route(api):
    assert api.get("/nothing-here").json()["code"] == "rest_no_route"


def test_latency_delays_each_rest_request(sandbox, api):
    sandbox.latency = 0.2
    response = api.get("/orders")
    assert response.status_code == 200 and response.elapsed.total_seconds() >= 0.2
