"""Specification: ``serve`` runs the scheduled poll on ``sync.poll_interval_seconds`` (0 disables it)."""

from __future__ import annotations

from contextlib import closing

from core.outbox import Outbox
from core.service import background_tasks
from core.settings import with_overrides
from tests.e2e.harness import connector_config, sandboxes, settings_of, wait_until
from tests.e2e.service_thread import running_service


def _settings(tmp_path, woo_url: str, **sync: int):
    config = connector_config(woo_url, "http://127.0.0.1:9/ia/xml/xmlgw.phtml", tmp_path / "o.sqlite3", 0, **sync)
    config["intacct"]["sender_id"] = ""  # no Intacct: the service runs without the sync worker
    return settings_of(config)


def test_serve_polls_in_an_order_that_never_came_as_a_webhook(tmp_path):
    with sandboxes(seed=11) as (store, _):
        settings = _settings(tmp_path, store.base_url, poll_interval_seconds=1)
        outbox = Outbox.open(settings.database_path(), auto_approve=True)
        try:
            with running_service(settings, outbox):
                customer = store.create_customer("Zoë", "Åberg")["id"]
                product = store.add_product("Relay 12V", "4.99")["id"]
                order = store.create_order([(product, 2)], customer_id=customer)["id"]
                found = wait_until(lambda: [e for e in outbox.list_events(limit=50) if e.resource_id == order],
                                   timeout=15, what=f"order {order} in the outbox")
        finally:
            outbox.close()
    assert [(e.resource, e.source) for e in found] == [("order", "poll")]


def test_poll_interval_zero_starts_no_poller(tmp_path):
    settings = _settings(tmp_path, "http://127.0.0.1:9", poll_interval_seconds=0)
    with closing(Outbox.open(settings.database_path())) as outbox:
        assert "poller" not in [t.name for t in background_tasks(settings, outbox)]


def test_a_store_url_is_needed_for_the_poller(tmp_path):
    settings = with_overrides(_settings(tmp_path, "http://127.0.0.1:9"), woocommerce={"url": ""})
    with closing(Outbox.open(settings.database_path())) as outbox:
        assert "poller" not in [t.name for t in background_tasks(settings, outbox)]
