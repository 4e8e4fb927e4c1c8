"""WooCommerce's own Python client (PyPI ``woocommerce`` 3.0.0, unchanged) against the store sandbox.

Over http the client signs OAuth 1.0a and then lets ``requests`` append every query parameter a second time
(``__request``: ``url?{urlencode(params)}`` signed, plus ``params=``); WooCommerce signs PHP's ``$_GET``,
one value per key, so that works there and must work here. Over https it sends HTTP Basic (or
``consumer_key`` query parameters), which WooCommerce only tries when ``is_ssl()``: behind TLS.
"""

from __future__ import annotations

from woocommerce import API

from tests.contract.conftest import WOO_KEY, WOO_SECRET

TIMEOUT = 10


def client(url: str, key: str = WOO_KEY, secret: str = WOO_SECRET, **kw) -> API:
    return API(url=url, consumer_key=key, consumer_secret=secret, version="wc/v3", timeout=TIMEOUT, **kw)


def test_oauth_over_http_pages_through_orders_with_the_pagination_headers(store):
    store.generate(customers=5, orders=25, refunds=0)
    wc = client(store.url)
    second = wc.get("orders", params={"per_page": 10, "page": 2})
    assert second.status_code == 200, second.text
    assert (second.headers["X-WP-Total"], second.headers["X-WP-TotalPages"]) == ("25", "3")
    assert 'rel="prev"' in second.headers["Link"] and 'rel="next"' in second.headers["Link"]
    seen = []
    for page in range(1, int(second.headers["X-WP-TotalPages"]) + 1):
        response = wc.get("orders", params={"per_page": 10, "page": page, "orderby": "id", "order": "asc"})
        assert response.status_code == 200, response.text
        seen += [order["id"] for order in response.json()]
    assert seen == sorted(store.store.orders)


def test_status_filter_and_a_single_order(store):
    store.generate(customers=5, orders=15, refunds=0)
    wc = client(store.url)
    completed = wc.get("orders", params={"status": "completed", "per_page": 100})
    assert completed.status_code == 200, completed.text
    expected = sorted(o.id for o in store.store.orders.values() if o.status == "completed")
    assert expected and sorted(o["id"] for o in completed.json()) == expected
    assert {o["status"] for o in completed.json()} == {"completed"}
    one = wc.get(f"orders/{expected[0]}")
    assert one.status_code == 200 and one.json()["id"] == expected[0]


def test_modified_after_with_dates_are_gmt_polls_what_changed_since(hourly):
    url, ids = hourly
    wc = client(url)
    response = wc.get("orders", params={"modified_after": "2024-05-01T13:00:00", "dates_are_gmt": "true",
                                        "orderby": "modified", "order": "asc", "per_page": 100})
    assert response.status_code == 200, response.text
    assert [o["id"] for o in response.json()] == ids[2:]
    assert [o["date_modified_gmt"] for o in response.json()] == ["2024-05-01T14:00:00", "2024-05-01T15:00:00"]


def test_refunds_of_an_order(store):
    store.generate(customers=5, orders=20, refunds=4)
    refunded = next(o for o in store.store.orders.values() if store.store.refunds_json(o.id))
    wc = client(store.url)
    response = wc.get(f"orders/{refunded.id}/refunds")
    assert response.status_code == 200, response.text
    listed = response.json()
    summary = wc.get(f"orders/{refunded.id}").json()["refunds"]
    assert sorted(r["id"] for r in listed) == sorted(r["id"] for r in summary)
    assert {r["id"]: "-" + r["amount"] for r in listed} == {r["id"]: r["total"] for r in summary}


def test_webhook_crud(store):
    wc = client(store.url)
    created = wc.post("webhooks", {"name": "contract", "topic": "order.updated",
                                   "delivery_url": "http://127.0.0.1:9/hook", "secret": "whsec_contract"})
    assert created.status_code == 201, created.text
    hook_id = created.json()["id"]
    assert wc.get(f"webhooks/{hook_id}").json()["status"] == "active"
    paused = wc.put(f"webhooks/{hook_id}", {"status": "paused"})
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    bad = wc.put(f"webhooks/{hook_id}", {"status": "sleeping"})
    assert (bad.status_code, bad.json()["code"]) == (400, "rest_invalid_param")
    listed = wc.get("webhooks", params={"status": "paused"})
    assert [h["id"] for h in listed.json()] == [hook_id]
    assert wc.delete(f"webhooks/{hook_id}").status_code == 501  # no force: webhooks do not support trashing
    deleted = wc.delete(f"webhooks/{hook_id}", params={"force": True})
    assert deleted.status_code == 200, deleted.text
    gone = wc.get(f"webhooks/{hook_id}")
    assert (gone.status_code, gone.json()["code"]) == (400, "woocommerce_rest_shop_webhook_invalid_id")
    assert wc.put(f"webhooks/{hook_id}", {"status": "active"}).status_code == 400
    assert wc.delete(f"webhooks/{hook_id}", params={"force": True}).status_code == 404


def test_wrong_secret_or_key_over_http(store):
    wrong_secret = client(store.url, secret="cs_wrong").get("orders")
    assert wrong_secret.status_code == 401
    assert wrong_secret.json()["message"] == "Invalid signature - provided signature does not match."
    wrong_key = client(store.url, key="ck_wrong").get("orders")
    assert (wrong_key.status_code, wrong_key.json()["message"]) == (401, "Consumer key is invalid.")


def test_basic_behind_tls_and_query_string_credentials(tls_store):
    _, url, ca = tls_store
    basic = client(url, verify_ssl=ca).get("orders", params={"per_page": 5})
    assert basic.status_code == 200, basic.text
    query = client(url, verify_ssl=ca, query_string_auth=True).get("customers")
    assert query.status_code == 200, query.text


def test_wrong_secret_or_key_behind_tls(tls_store):
    _, url, ca = tls_store
    wrong_secret = client(url, secret="cs_wrong", verify_ssl=ca).get("orders")
    assert (wrong_secret.status_code, wrong_secret.json()["message"]) == (401, "Consumer secret is invalid.")
    assert wrong_secret.headers["WWW-Authenticate"].startswith('Basic realm="WooCommerce API.')
    unknown_key = client(url, key="ck_wrong", verify_ssl=ca).get("orders")
    assert (unknown_key.status_code, unknown_key.json()["code"]) == (401, "woocommerce_rest_cannot_view")
