"""Console test set-up: a temporary outbox with fixture events, both sandboxes on 127.0.0.1, the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from console.app import ConsoleApp
from core.outbox import Outbox
from core.sandbox.intacct import Credentials, IntacctSandbox
from core.sandbox.woo import WooSandbox
from core.settings import Settings, settings_from_dict
from tests.console.seed import seed_small
from tests.shared import API_XSD

CREDS = Credentials()
KEY, SECRET, WEBHOOK_SECRET = "ck_console", "cs_console", "whsec_console"
SIZE = (120, 40)


def make_settings(db: Path, intacct_url: str = "http://127.0.0.1:9/ia/xml/xmlgw.phtml", woo_url: str = "",
                  **extra: Any) -> Settings:
    return settings_from_dict({
        "intacct": {"endpoint": intacct_url, "sender_id": CREDS.sender_id, "sender_password": CREDS.sender_password,
                    "company_id": CREDS.company_id, "user_id": CREDS.user_id, "user_password": CREDS.user_password,
                    "timeout_seconds": 5, "max_retries": 1},
        "woocommerce": {"url": woo_url, "consumer_key": KEY, "consumer_secret": SECRET,
                        "webhook_secret": WEBHOOK_SECRET, "timezone": "UTC", "timeout_seconds": 5},
        "receiver": {"host": "127.0.0.1", "port": 9, "public_url": "http://127.0.0.1:9/webhooks/woocommerce"},
        "sync": {"mode": "review", "lease_seconds": 5},
        "database": {"path": str(db)},
        "mapping": {"base_currency": "USD"},
        **extra,
    }, env={})


def make_app(settings: Settings, outbox: Outbox) -> ConsoleApp:
    """The console without background tasks, header timer or network probe (tests drive it)."""
    return ConsoleApp(settings, outbox, background=False, status_every=0, probe=lambda host, port: False,
                      actor="alice", push_wait=5.0)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


@pytest.fixture
def outbox(db: Path) -> Iterator[Outbox]:
    box = Outbox.open(db)
    yield box
    box.close()


@pytest.fixture
def seeded(outbox: Outbox) -> dict[str, int]:
    return seed_small(outbox)


@pytest.fixture
def intacct() -> Iterator[IntacctSandbox]:
    sandbox = IntacctSandbox(schema_path=API_XSD)
    with sandbox.run_in_thread():
        yield sandbox


@pytest.fixture
def store() -> Iterator[WooSandbox]:
    sandbox = WooSandbox(consumer_key=KEY, consumer_secret=SECRET, delivery_delay=0.0)
    with sandbox.run_in_thread() as url:
        sandbox.url = url  # type: ignore[attr-defined]
        yield sandbox
