"""The REST client and the poller against the sandbox store over real HTTP on 127.0.0.1.

The sandbox serves plain HTTP, so ``auth = "auto"`` signs every call with OAuth 1.0a and the sandbox checks
the signature, timestamp and nonce the way WooCommerce does.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.outbox import IncomingEvent, Outbox
from core.sandbox.woo import php_json_dumps
from core.sandbox.woo.sandbox import WooSandbox
from core.settings import with_overrides
from core.woo.errors import WooAuthError
from core.woo.poller import ORDERS_CURSOR, Poller
from core.woo.products import CategoryCache, most_specific
from core.woo.rest import WooClient
from tests.woo_rest.support import full_settings

KEY, SECRET = "ck_sandbox_key_0001", "cs_sandbox_secret_0001"
SINCE = datetime.now(UTC) - timedelta(days=40)  # the generator spreads records over the last 30 days


@pytest.fixture(scope="module")
def sandbox():
    store = WooSandbox(seed=7, consumer_key=KEY, consumer_secret=SECRET)
    store.generate(customers=20, orders=230, refunds=6)
    with store.run_in_thread() as url:
        yield store, url


@pytest.fixture
def outbox(tmp_path):
    box = Outbox.open(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


def _settings(url: str, secret: str = SECRET):
    from core.secret import Secret

    return with_overrides(full_settings(url), woocommerce={"consumer_key": Secret(KEY),
                                                           "consumer_secret": Secret(secret)})


async def test_poller_reads_every_order_and_customer_of_the_sandbox_with_oauth_over_http(sandbox, outbox):
    store, url = sandbox
    settings = _settings(url)
    async with WooClient(settings.woocommerce) as client:
        report = await Poller(settings, outbox, client).run_once(since=SINCE)
    assert report.counts["order"]["new"] == len(store.store.orders) == 230
    assert report.counts["customer"]["new"] == len(store.store.customers) == 20
    newest = max(store.store.order_json(i)["date_modified_gmt"] for i in store.store.orders)
    assert outbox.get_cursor(ORDERS_CURSOR) == newest


async def test_an_order_delivered_by_webhook_and_then_polled_is_one_event(sandbox, outbox):
    store, url = sandbox
    order = store.store.order_json(sorted(store.store.orders)[0])
    webhook = IncomingEvent(source="webhook", topic="order.updated", resource="order", resource_id=order["id"],
                            version=order["date_modified_gmt"], payload=php_json_dumps(order), delivery_id="d1")
    assert outbox.ingest(webhook).outcome == "new"
    settings = _settings(url)
    async with WooClient(settings.woocommerce) as client:
        report = await Poller(settings, outbox, client).run_once(since=SINCE)
    assert report.counts["order"]["duplicate"] == 1 and report.counts["order"]["new"] == 229
    sources = [e.source for e in outbox.list_events(limit=1000, offset=0) if e.resource_id == order["id"]
               and e.resource == "order"]
    assert sources == ["webhook"]


async def test_a_wrong_consumer_secret_is_reported_as_an_auth_error_naming_the_settings(sandbox):
    _, url = sandbox
    async with WooClient(_settings(url, secret="cs_wrong_0000").woocommerce) as client:
        with pytest.raises(WooAuthError, match=r"\[woocommerce\] consumer_key and consumer_secret"):
            await client.get_json("/orders")


async def test_category_paths_come_from_the_sandbox_catalog_through_parents(sandbox):
    store, url = sandbox
    drill = next(p for p in store.store.products.values() if p.name == "Cordless drill")
    async with WooClient(_settings(url).woocommerce) as client:
        paths = (await CategoryCache(client, ttl_seconds=60).categories([drill.id]))[drill.id]
    assert most_specific(paths).names == ("Tools", "Power tools")


async def test_refunds_of_a_refunded_order_are_read_in_full(sandbox):
    store, url = sandbox
    order_id = next(i for i in sorted(store.store.orders) if store.store.order_json(i)["refunds"])
    async with WooClient(_settings(url).woocommerce) as client:
        refunds = await client.list_refunds(order_id)
    assert {r["id"] for r in refunds} == {r["id"] for r in store.store.order_json(order_id)["refunds"]}
    assert all("amount" in r and "line_items" in r for r in refunds)


async def test_webhooks_can_be_created_listed_and_re_enabled(sandbox):
    store, url = sandbox
    async with WooClient(_settings(url).woocommerce) as client:
        created = await client.create_webhook(name="ml-connector order.updated", topic="order.updated",
                                              delivery_url="http://127.0.0.1:9/hook", secret="whsec_test")
        store.set_webhook_status(created["id"], "disabled")
        listed = {h["id"]: h["status"] for h in await client.list_webhooks()}
        enabled = await client.update_webhook(created["id"], status="active")
    assert listed[created["id"]] == "disabled" and enabled["status"] == "active"
