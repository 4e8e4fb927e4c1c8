from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from core.sandbox.woo import WooSandbox
from tests.oauth1 import OAuth1
from tests.sandbox_woo.receiver import running_receiver

KEY, SECRET = "ck_test", "cs_test"
__all__ = ["KEY", "SECRET", "OAuth1", "StepClock", "hourly_orders"]


class StepClock:
    """A clock the test moves by hand, so modified dates are known exactly."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def hourly_orders(key: str, secret: str, count: int, seed: int = 5) -> tuple[WooSandbox, list[int]]:
    """A store whose ``count`` orders were made (and last modified) an hour apart from 2024-05-01 12:00 UTC."""
    clock = StepClock(datetime(2024, 5, 1, 12, 0, 0))
    store = WooSandbox(seed=seed, consumer_key=key, consumer_secret=secret, clock=clock)
    pid = store.add_product("Bolt", "2.00")["id"]
    ids = []
    for _ in range(count):
        ids.append(store.create_order([(pid, 1)], billing={"country": "US"})["id"])
        clock.now += timedelta(hours=1)
    return store, ids


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
