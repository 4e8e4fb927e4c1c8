"""Shared set-up for the sync engine tests: the Intacct sandbox on 127.0.0.1, an outbox, an engine."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from core.intacct.client import IntacctClient
from core.outbox import IncomingEvent, Outbox
from core.sandbox.intacct import IntacctSandbox
from core.sandbox.woo import WooSandbox
from core.secret import Secret
from core.settings import Settings, settings_from_dict, with_overrides
from core.sync import SyncEngine
from core.woo.rest import WooClient
from tests.intacct_sandbox import CREDS, running_intacct
from tests.intacct_sandbox import vendor_ids as vendor_ids  # the sync tests import it from here
from tests.shared import WOO_FIXTURES


def fixture(name: str) -> dict[str, Any]:
    return json.loads((WOO_FIXTURES / name).read_text())


def settings_for(url: str, db: Path, **sync: Any) -> Settings:
    return settings_from_dict({
        "intacct": {"endpoint": url, "sender_id": CREDS.sender_id, "sender_password": CREDS.sender_password,
                    "company_id": CREDS.company_id, "user_id": CREDS.user_id,
                    "user_password": CREDS.user_password, "timeout_seconds": 5, "max_retries": 2},
        "woocommerce": {"url": "http://127.0.0.1:9", "timezone": "UTC"},
        "sync": {"mode": "auto", "lease_seconds": 5, **sync},
        "database": {"path": str(db)},
        "mapping": {"base_currency": "USD"},
    }, env={})


def event(payload: dict[str, Any], topic: str, version: str | None = None) -> IncomingEvent:
    resource = topic.split(".")[0]
    return IncomingEvent("webhook", topic, resource, int(payload["id"]),
                         version or str(payload.get("date_modified_gmt") or ""),
                         json.dumps(payload).encode())


@pytest.fixture
def sandbox():
    with running_intacct(concurrency_hold_seconds=0.2) as sb:
        yield sb


@pytest.fixture
def outbox(tmp_path):
    box = Outbox.open(tmp_path / "outbox.sqlite3", auto_approve=True)
    yield box
    box.close()


Factory = Callable[..., SyncEngine]


@pytest.fixture
async def make_engine(sandbox, outbox, tmp_path) -> AsyncIterator[Factory]:
    clients: list[IntacctClient] = []

    def make(box: Outbox | None = None, **sync: Any) -> SyncEngine:
        settings = settings_for(sandbox.url, tmp_path / "outbox.sqlite3", **sync)
        client = IntacctClient(settings.intacct, backoff_base=0.01, backoff_cap=0.05)
        clients.append(client)
        return SyncEngine(settings, box or outbox, client, None, retry_base=0.0, retry_cap=0.0, idle_seconds=0.05)

    yield make
    for client in clients:
        await client.aclose()


def bills(sb: IntacctSandbox) -> list[dict[str, Any]]:
    return sb.state.records("APBILL")


STORE_KEY, STORE_SECRET = "ck_sync_store", "cs_sync_store"


@pytest.fixture
def store():
    """The WooCommerce sandbox on 127.0.0.1 (the engine reads products from it over OAuth-signed HTTP)."""
    woo = WooSandbox(seed=3, consumer_key=STORE_KEY, consumer_secret=STORE_SECRET)
    with woo.run_in_thread() as url:
        woo.url = url
        yield woo


@pytest.fixture
async def make_store_engine(sandbox, store, outbox, tmp_path) -> AsyncIterator[Callable[..., SyncEngine]]:
    """An engine wired to both sandboxes, with ``[mapping]`` keys overridden."""
    clients: list[IntacctClient | WooClient] = []

    def make(**mapping: Any) -> SyncEngine:
        base = settings_for(sandbox.url, tmp_path / "outbox.sqlite3")
        settings = with_overrides(base, woocommerce={"url": store.url, "consumer_key": Secret(STORE_KEY),
                                                     "consumer_secret": Secret(STORE_SECRET)},
                                  mapping={"base_currency": "USD", **mapping})
        intacct = IntacctClient(settings.intacct, backoff_base=0.01, backoff_cap=0.05)
        woo = WooClient(settings.woocommerce, max_attempts=2, backoff_base=0.01, backoff_cap=0.05)
        clients.extend((intacct, woo))
        return SyncEngine(settings, outbox, intacct, woo, retry_base=0.0, retry_cap=0.0, idle_seconds=0.05)

    yield make
    for client in clients:
        await client.aclose()
