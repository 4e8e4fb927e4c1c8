"""Specification: the watchdog's rules, pass by pass, against a scripted webhook list (httpx MockTransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from core.outbox import IncomingEvent
from core.watchdog import Watchdog, acknowledge_alert, list_alerts, open_alerts
from core.woo.rest import WooClient
from tests.watchdog.conftest import base_settings

DELIVERY = "https://connector.example.com/webhooks/woocommerce"
TOPICS = ("order.created", "order.updated", "customer.created", "customer.updated")


class Webhooks:
    """The store's ``GET /webhooks`` answer; tests edit ``hooks``; ``down`` makes the store unreachable."""

    def __init__(self) -> None:
        self.hooks = [{"id": 10 + i, "name": t, "topic": t, "status": "active", "delivery_url": DELIVERY}
                      for i, t in enumerate(TOPICS)]
        self.down = False
        self.paths: list[str] = []

    def set(self, webhook_id: int, status: str) -> None:
        next(h for h in self.hooks if h["id"] == webhook_id)["status"] = status

    def handler(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        self.paths.append(request.url.path)
        found = self.hooks if request.url.path.endswith("/webhooks") else []  # orders, customers: none
        return httpx.Response(200, json=found, headers={"X-WP-TotalPages": "1"})


@pytest.fixture
def webhooks() -> Webhooks:
    return Webhooks()


@pytest.fixture
async def dog(tmp_path, outbox, sink, webhooks) -> AsyncIterator[Watchdog]:
    settings = base_settings(tmp_path / "outbox.sqlite3", woocommerce={"url": "https://shop.example.com"},
                             receiver={"public_url": DELIVERY}, alerts={"urls": [sink.apprise_url]},
                             sync={"silence_warning_minutes": 5})
    async with WooClient(settings.woocommerce, transport=httpx.MockTransport(webhooks.handler),
                         max_attempts=1) as client:
        watchdog = Watchdog(settings, outbox, client)
        yield watchdog
        watchdog.close()


def _event(source: str, order_id: int, webhook_id: int | None = None) -> IncomingEvent:
    return IncomingEvent(source=source, topic="order.updated", resource="order", resource_id=order_id,
                         version=f"2024-05-01T10:00:0{order_id % 10}", payload=b'{"id": %d}' % order_id,
                         webhook_id=webhook_id)


async def test_a_webhook_that_stays_disabled_is_one_alert_and_one_notification(dog, webhooks, sink, outbox):
    webhooks.set(11, "disabled")
    for _ in range(3):
        await dog.run_once()
    assert [a.subject for a in list_alerts(outbox)] == ["webhook:11"]
    assert len(sink.messages) == 1


async def test_a_paused_webhook_opens_an_alert(dog, webhooks, outbox):
    webhooks.set(12, "paused")
    report = await dog.run_once()
    assert [a.title for a in report.opened] == ["WooCommerce webhook 12 (customer.created) is paused"]


async def test_a_deleted_webhook_opens_a_missing_topic_alert_that_install_resolves(dog, webhooks, outbox):
    removed = webhooks.hooks.pop(0)
    await dog.run_once()
    assert [a.subject for a in open_alerts(outbox)] == ["topic:order.created"]
    webhooks.hooks.append({**removed, "id": 99})
    report = await dog.run_once()
    assert report.resolved and open_alerts(outbox) == []
    assert "/wp-json/wc/v3/orders" in webhooks.paths and len(report.backfills) == 1


async def test_a_companion_alert_is_notified_without_waiting_for_the_store_check(dog, sink, outbox, webhooks):
    webhooks.down = True  # the quick tick does not even need the store
    outbox.record_alert("companion", "webhook_disabled", 13, {"event": "webhook_disabled", "webhook_id": 13,
                                                               "topic": "customer.updated"})
    await dog.run_quick()
    (message,) = sink.messages
    assert "webhook 13 (customer.updated)" in message["title"] and "wp ml-connector reenable 13" in message["message"]
    assert [a.kind for a in open_alerts(outbox)] == ["webhook_inactive"]


async def test_a_companion_alert_for_an_already_open_problem_is_not_told_twice(dog, webhooks, sink, outbox):
    webhooks.set(13, "disabled")
    await dog.run_once()
    outbox.record_alert("companion", "webhook_disabled", 13, {"event": "webhook_disabled", "webhook_id": 13})
    await dog.run_quick()
    await dog.run_once()
    assert len(sink.messages) == 1 and len(open_alerts(outbox)) == 1


async def test_a_failed_notification_is_retried_next_interval_and_then_sent_once(dog, webhooks, sink):
    webhooks.set(10, "disabled")
    sink.status = 500
    await dog.run_once()
    sink.status = 200
    await dog.run_once()
    await dog.run_once()
    assert [m["title"] for m in sink.messages][1:] == ["WooCommerce webhook 10 (order.created) is disabled"]
    assert len(sink.messages) == 2  # the refused attempt, then exactly one delivered


async def test_an_unreachable_store_is_reported_and_does_not_stop_the_watchdog(dog, webhooks, outbox):
    webhooks.down = True
    report = await dog.run_once()
    assert "did not answer" in report.error and open_alerts(outbox) == []


async def test_silence_while_the_poll_finds_changes_is_a_warning(dog, outbox, sink):
    outbox.ingest(_event("poll", 701))
    report = await dog.run_once()
    assert [(a.kind, a.severity) for a in report.opened] == [("silence", "warning")]
    assert sink.messages[0]["type"] == "warning"


async def test_a_delivery_resolves_the_silence_warning(dog, outbox):
    outbox.ingest(_event("poll", 701))
    await dog.run_once()
    outbox.ingest(_event("webhook", 702, webhook_id=11))
    report = await dog.run_once()
    assert report.resolved and open_alerts(outbox) == []


async def test_no_silence_warning_while_deliveries_arrive(dog, outbox):
    outbox.ingest(_event("webhook", 702, webhook_id=11))
    outbox.ingest(_event("poll", 701))
    report = await dog.run_once()
    assert report.opened == []


async def test_acknowledging_marks_the_time_and_keeps_the_alert_open(dog, webhooks, outbox):
    webhooks.set(11, "disabled")
    await dog.run_once()
    (alert,) = open_alerts(outbox)
    assert acknowledge_alert(outbox, alert.id)
    (after,) = open_alerts(outbox)
    assert after.acknowledged_at is not None and after.resolved_at is None
