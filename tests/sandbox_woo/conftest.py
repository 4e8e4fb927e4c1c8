from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from core.sandbox.woo import WooSandbox
from tests.oauth1 import OAuth1
from tests.sandbox_woo.receiver import running_receiver

KEY, SECRET = "ck_test", "cs_test"
__all__ = ["KEY", "SECRET", "OAuth1"]


def fixed_clock() -> datetime:
    return datetime(2024, 5, 1, 12, 0, 0)


@pytest.fixture
def sandbox():
    store = WooSandbox(seed=42, consumer_key=KEY, consumer_secret=SECRET, delivery_delay=0.01, delivery_timeout=2.0)
    with store.run_in_thread() as url:
        store.url = url
        yield store


@pytest.fixture
def api(sandbox):
    with httpx.Client(base_url=sandbox.url + "/wp-json/wc/v3", auth=OAuth1(KEY, SECRET), timeout=5) as client:
        yield client


@pytest.fixture
def receiver():
    with running_receiver() as rec:
        yield rec


@pytest.fixture
def product(sandbox):
    cat = sandbox.add_category("Parts")
    return sandbox.add_product("Bolt", "3.00", (cat,), sku="B1")["id"]
