"""Specification: a whole store's worth of changes reaches Intacct exactly once, whatever goes wrong on the way.

Both sandboxes run over HTTP on 127.0.0.1 and the connector runs as ``serve`` does (receiver, poller and sync
worker in one :class:`~core.service.Service`, auto mode). The store makes 60 customers, 150 orders (guests
included), status changes, 5 address changes and 30 refunds; WooCommerce delivers some webhooks twice and some
out of order; the ``order.updated`` webhook points at a dead URL for a while, fails 7 times and is disabled by
WooCommerce (what happens meanwhile only the poll can see) until the operator re-enables it. Intacct answers
502s, a 524, drops answers after committing, expires every session and allows 2 requests at a time.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest

from core.outbox import Outbox
from core.sandbox.intacct import IntacctSandbox
from core.sandbox.woo import WooSandbox
from tests.e2e.harness import (
    Shop,
    add_webhooks,
    bills_posted,
    connector_config,
    drained,
    enable_webhook,
    end_state_problems,
    failed_events,
    sandboxes,
    settings_of,
    wait_until,
)
from tests.e2e.service_thread import receiver_url, running_service

SEED = 4242
pytestmark = pytest.mark.timeout(180)


def closed_port_url() -> str:
    """A URL nothing listens on (the port is bound and released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/webhooks/woocommerce"


def out_of_order(store: WooSandbox, place: Callable[[], None], duplicates: int) -> None:
    """Queue deliveries while held, then send them newest first, some twice."""
    store.sender.hold()
    place()
    store.sender.duplicate_next(duplicates)
    store.sender.release(reverse=True)


def disable_by_failures(shop: Shop, webhook_id: int) -> None:
    """Point the webhook at a dead URL and change orders until WooCommerce disables it (7th failure)."""
    enable_webhook(shop.store, webhook_id, delivery_url=closed_port_url())
    for _ in range(20):
        shop.change_statuses(4)
        shop.store.sender.wait_idle(5)
        if shop.store.webhook(webhook_id).status == "disabled":
            return
    raise AssertionError("WooCommerce did not disable the webhook")


def store_day(shop: Shop, intacct: IntacctSandbox, hooks: dict[str, int], url: str) -> None:
    store, faults = shop.store, intacct.faults
    store.sender.duplicate_next(5)
    shop.customers(60)
    out_of_order(store, lambda: shop.place_orders(40), duplicates=4)
    faults.fail_next(2, status=502)
    shop.place_orders(30)
    disable_by_failures(shop, hooks["order.updated"])
    faults.fail_next(1, status=524)
    intacct.expire_all_sessions()
    faults.lose_next(2)
    out_of_order(store, lambda: shop.place_orders(40), duplicates=3)
    shop.change_statuses(15)  # only the poll can see these: order.updated is disabled
    shop.place_orders(40)
    shop.update_customers(5)
    wait_until(lambda: bills_posted(intacct, shop), timeout=90, what="a bill for every billable order")
    faults.lose_next(1)
    shop.refunds(15)  # during the outage of order.updated
    enable_webhook(store, hooks["order.updated"], delivery_url=url)  # the operator re-enables it
    out_of_order(store, lambda: shop.refunds(15), duplicates=3)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WooSandbox, IntacctSandbox, Outbox, Shop]]:
    with sandboxes(SEED) as (store, intacct):
        db = tmp_path_factory.mktemp("e2e") / "outbox.sqlite3"
        settings = settings_of(connector_config(store.base_url, intacct.url, db, 0))
        outbox = Outbox.open(settings.database_path(), auto_approve=True)
        try:
            with running_service(settings, outbox) as service:
                url = receiver_url(service)
                shop = Shop(store, SEED)
                store_day(shop, intacct, add_webhooks(store, url), url)
                wait_until(lambda: drained(outbox, shop), timeout=90, what="the outbox drained")
                yield store, intacct, outbox, shop
        finally:
            outbox.close()


def test_store_day_ends_with_exactly_the_records_the_store_implies(world):
    store, intacct, outbox, shop = world
    assert len(shop.orders) == 150 and len(store.store.customers) == 60
    assert sum(len(r) for r in store.store.refunds.values()) >= 25
    assert failed_events(outbox) == []
    assert end_state_problems(store, intacct) == []


def test_store_day_exercised_every_fault_it_claims(world):
    store, intacct, outbox, _ = world
    assert intacct.faults.snapshot()["pending_failures"] == []
    assert intacct.faults.snapshot()["pending_lost_responses"] == 0
    assert intacct.state.login_count >= 2  # the expired session forced a new one
    assert intacct.state.max_in_flight <= 2
    assert {e.source for e in outbox.list_events(limit=10_000)} == {"webhook", "poll"}
