"""WooCommerce's own JavaScript client (npm ``@woocommerce/woocommerce-rest-api`` 1.0.2), unchanged.

Over http it signs OAuth 1.0a (``oauth-1.0a``, HMAC-SHA256) over the URL with its query string; over https
it sends Basic or ``consumer_key`` query parameters, which the store tries only behind TLS. The proxy's CA
reaches node through ``NODE_EXTRA_CA_CERTS``, Node's own setting.
"""

from __future__ import annotations

from tests.contract.conftest import WOO_KEY, WOO_SECRET, node_scenario


def run(url, scenario, **env):
    return node_scenario("woo.js", scenario, {"WOO_URL": url, "WOO_KEY": WOO_KEY, "WOO_SECRET": WOO_SECRET, **env})


def test_oauth_over_http_pages_through_every_order(store):
    store.generate(customers=5, orders=25, refunds=0)
    pages = run(store.url, "listing")["pages"]
    assert [p["status"] for p in pages] == [200, 200, 200]
    assert {(p["headers"]["total"], p["headers"]["pages"]) for p in pages} == {("25", "3")}
    assert 'rel="next"' in pages[0]["headers"]["link"] and 'rel="prev"' in pages[2]["headers"]["link"]
    assert [i for p in pages for i in p["ids"]] == sorted(store.store.orders)


def test_modified_after_with_dates_are_gmt(hourly):
    url, ids = hourly
    answer = run(url, "modified_after")
    assert answer["status"] == 200, answer
    assert [o["id"] for o in answer["body"]] == ids[2:]


def test_webhook_crud(store):
    out = run(store.url, "webhooks")
    assert out["created"]["status"] == 201 and out["created"]["body"]["status"] == "active"
    assert (out["paused"]["status"], out["paused"]["body"]["status"]) == (200, "paused")
    assert (out["invalid"]["status"], out["invalid"]["body"]["code"]) == (400, "rest_invalid_param")
    assert out["deleted"]["status"] == 200
    assert (out["gone"]["status"], out["gone"]["body"]["message"]) == (400, "ID is invalid.")
    assert (out["goneDelete"]["status"], out["goneDelete"]["body"]["message"]) == (404, "Invalid ID.")
    assert store.registry.listing() == []


def test_wrong_secret_over_http_is_a_signature_mismatch(store):
    out = run(store.url, "wrong_secret")
    assert (out["status"], out["body"]["message"]) == (401, "Invalid signature - provided signature does not match.")


def test_basic_and_query_credentials_behind_tls(tls_store):
    _, url, ca = tls_store
    out = run(url, "basic", NODE_EXTRA_CA_CERTS=ca)
    assert out["basic"]["status"] == 200 and out["query"]["status"] == 200, out
    assert (out["wrong"]["status"], out["wrong"]["body"]["message"]) == (401, "Consumer secret is invalid.")
    assert out["wrong"]["headers"]["authenticate"].startswith('Basic realm="WooCommerce API.')
