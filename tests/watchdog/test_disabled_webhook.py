"""Specification (issue 6 must-show): a webhook WooCommerce disables is noticed within one watchdog interval,
told once with every way to re-enable it, and after ``webhooks enable`` the resolution is told once and the
backfill brings in every order changed during the outage.

The store is the sandbox over HTTP; deliveries go to our real receiver, which answers 500 for the webhook
under test; notifications go through apprise to a ``json://127.0.0.1:PORT/notify`` sink.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from core.cli.webhooks import run_enable, run_install
from core.outbox import Outbox
from core.sandbox.woo import WooSandbox
from core.settings import Settings
from core.watchdog import Watchdog, list_alerts, open_alerts
from core.woo.rest import WooClient
from tests.watchdog.conftest import FailingReceiver, Sink, base_settings, until, write_config

INTERVAL = 0.2
pytestmark = pytest.mark.timeout(60)


@dataclass
class Scenario:
    store: WooSandbox
    receiver: FailingReceiver
    sink: Sink
    outbox: Outbox
    settings: Settings
    args: object
    hook_id: int = 0
    orders: list[int] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)

    async def idle(self) -> None:
        await asyncio.to_thread(self.store.sender.wait_idle, 5)

    async def break_webhook(self) -> None:
        """Seven failing deliveries of order.updated: the 7th disables the webhook (WOOCOMMERCE-API.md §2.2)."""
        self.receiver.failing.add(self.hook_id)
        for order_id in self.orders[:7]:
            self.store.update_order(order_id, status="completed")
            self.touched.add(order_id)
            await self.idle()
        assert self.store.webhook(self.hook_id).status == "disabled"

    async def change_during_outage(self) -> None:
        for order_id in self.orders[7:]:
            self.store.update_order(order_id, status="on-hold")
            self.touched.add(order_id)
        await self.idle()

    async def enable(self) -> str:
        self.receiver.failing.clear()
        out = io.StringIO()
        assert await asyncio.to_thread(run_enable, self._args(id=self.hook_id), out) == 0
        return out.getvalue()

    def _args(self, **extra: object):
        ns = type(self.args)(**vars(self.args))  # a copy of the argparse namespace
        for key, value in extra.items():
            setattr(ns, key, value)
        return ns


@pytest.fixture
async def scenario(tmp_path, store, receiver, sink, outbox) -> AsyncIterator[Scenario]:
    settings = base_settings(tmp_path / "outbox.sqlite3", woocommerce={"url": store.url},
                             receiver={"public_url": receiver.url}, alerts={"urls": [sink.apprise_url]})
    args = write_config(tmp_path / "config.toml", settings, [sink.apprise_url])
    assert await asyncio.to_thread(run_install, args, io.StringIO()) == 0
    product = store.add_product("Widget", "12.50")["id"]
    found = Scenario(store, receiver, sink, outbox, settings, args)
    found.hook_id = next(h.id for h in store.registry.listing() if h.topic == "order.updated")
    found.orders = [store.create_order([(product, 1)])["id"] for _ in range(10)]
    await found.idle()
    await asyncio.sleep(1.1)  # the outage's versions (date_modified_gmt, whole seconds) differ from these
    stop = asyncio.Event()
    async with WooClient(settings.woocommerce) as client:
        dog = Watchdog(settings, outbox, client)
        task = asyncio.create_task(dog.run_forever(stop, interval=INTERVAL, tick=0.05))
        try:
            yield found
        finally:
            stop.set()
            await asyncio.wait_for(task, 5)
            dog.close()


async def test_disabled_webhook_opens_an_alert_row_within_one_interval(scenario):
    await scenario.break_webhook()
    disabled_at = time.monotonic()
    alerts = await until(lambda: [a for a in open_alerts(scenario.outbox) if a.webhook_id == scenario.hook_id])
    assert time.monotonic() - disabled_at <= INTERVAL + 1.0
    assert [a.kind for a in alerts] == ["webhook_inactive"]
    assert alerts[0].opened_at and alerts[0].resolved_at is None


async def test_disabled_webhook_is_notified_exactly_once_with_every_way_to_reenable_it(scenario):
    await scenario.break_webhook()
    await until(lambda: scenario.sink.messages)
    await asyncio.sleep(INTERVAL * 4)  # several more intervals: still one notification
    (message,) = scenario.sink.messages
    hook = scenario.hook_id
    text = message["message"]
    assert f"webhook {hook}" in message["title"] and "disabled" in message["title"]
    for instruction in ("WooCommerce → Settings → Advanced → Webhooks", "Status: Active",
                        f"PUT /wp-json/wc/v3/webhooks/{hook}", '{"status":"active"}',
                        f"wp wc webhook update {hook} --status=active --user=<admin>",
                        f"wp ml-connector reenable {hook}", f"ml-connector webhooks enable {hook}"):
        assert instruction in text
    assert "whsec_watchdog_1234" not in text and "cs_watchdog" not in text


async def test_enable_warns_that_woocommerce_keeps_the_failure_count(scenario):
    await scenario.break_webhook()
    output = await scenario.enable()
    assert "is now active" in output
    assert "one more failed delivery" in output.lower() and f"wp ml-connector reenable {scenario.hook_id}" in output


async def test_after_enable_the_alert_is_resolved_and_told_once(scenario):
    await scenario.break_webhook()
    await until(lambda: scenario.sink.messages)
    await scenario.enable()
    await until(lambda: len(scenario.sink.messages) >= 2)
    await asyncio.sleep(INTERVAL * 4)
    titles = [m["title"] for m in scenario.sink.messages]
    assert len(titles) == 2 and titles[1].startswith("Resolved:")
    (alert,) = [a for a in list_alerts(scenario.outbox) if a.webhook_id == scenario.hook_id]
    assert alert.resolved_at is not None and "active again" in alert.resolution
    assert open_alerts(scenario.outbox) == []


async def test_backfill_brings_in_every_order_changed_while_the_webhook_was_failing_or_disabled(scenario):
    await scenario.break_webhook()
    await until(lambda: open_alerts(scenario.outbox))
    await scenario.change_during_outage()
    await scenario.enable()
    await until(lambda: all(a.backfilled_at for a in list_alerts(scenario.outbox)))
    for order_id in sorted(scenario.touched):
        version = scenario.store.store.order_json(order_id)["date_modified_gmt"]
        events = [e for e in scenario.outbox.list_events(search=str(order_id))
                  if e.resource == "order" and e.resource_id == order_id and e.version == version]
        assert [e.source for e in events] == ["backfill"], f"order {order_id} version {version} missing"
