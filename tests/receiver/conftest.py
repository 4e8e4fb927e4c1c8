from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from core.outbox import Outbox
from core.service import BackgroundTask, Service
from core.settings import Settings, settings_from_dict
from core.woo.signature import sign, wc_json_encode

SECRET = "wc_test_secret"
PATH = "/webhooks/woocommerce"
ALERT_PATH = "/webhooks/companion-alert"


def make_settings(db: Path, port: int = 0, max_body_bytes: int = 64 * 1024) -> Settings:
    return settings_from_dict({
        "woocommerce": {"webhook_secret": SECRET},
        "receiver": {"host": "127.0.0.1", "port": port, "max_body_bytes": max_body_bytes},
        "database": {"path": str(db)},
    })


def signed_headers(body: bytes, topic: str = "order.updated", webhook_id: int = 7, secret: str = SECRET) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": "WooCommerce/9.0.0 Hookshot (WordPress/6.5)",
        "X-WC-Webhook-Source": "https://shop.example.com/",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": topic.split(".")[0],
        "X-WC-Webhook-Event": topic.split(".")[1],
        "X-WC-Webhook-Signature": sign(body, secret),
        "X-WC-Webhook-ID": str(webhook_id),
        "X-WC-Webhook-Delivery-ID": "36e520ebabc2fa725092ff4a47acedf2",
    }


def order_body(order_id: int = 727, modified: str = "2024-05-01T10:00:00", **extra) -> bytes:
    return wc_json_encode({"id": order_id, "status": "processing", "date_modified_gmt": modified, **extra})


@dataclass
class Running:
    url: str
    outbox: Outbox
    client: httpx.Client

    def deliver(self, body: bytes, topic: str = "order.updated", **kw) -> httpx.Response:
        return self.client.post(self.url + PATH, content=body, headers=signed_headers(body, topic, **kw))

    def quarantined(self) -> list[dict]:
        return self.outbox.table_rows("quarantine")


def run_service_in_thread(settings: Settings, outbox: Outbox, tasks: list[BackgroundTask] | None = None):
    service = Service(settings, outbox, tasks=tasks or [])
    thread = threading.Thread(target=lambda: asyncio.run(service.run()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while service.port is None or not service.server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "receiver did not start"
        time.sleep(0.01)
    return service, thread


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Running]:
    settings = make_settings(tmp_path / "outbox.sqlite3")
    outbox = Outbox.open(settings.database_path())
    service, thread = run_service_in_thread(settings, outbox)
    with httpx.Client(timeout=5) as client:
        yield Running(f"http://127.0.0.1:{service.port}", outbox, client)
    service.stop()
    thread.join(timeout=10)
    outbox.close()


def loads(response: httpx.Response) -> dict:
    return json.loads(response.content)
