"""Both sandboxes as ``ping`` meets them: a store with our four webhooks active, and an Intacct company."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.sandbox.intacct.sandbox import IntacctSandbox
from core.sandbox.woo import WooSandbox
from tests.shared import API_XSD

KEY, CS = "ck_ping", "cs_ping"
DELIVERY = "https://connector.example.com/webhooks/woocommerce"
TOPICS = ("order.created", "order.updated", "customer.created", "customer.updated")


@pytest.fixture(scope="module")
def store() -> Iterator[WooSandbox]:
    sandbox = WooSandbox(seed=5, consumer_key=KEY, consumer_secret=CS, delivery_delay=0.01, delivery_timeout=1.0)
    with sandbox.run_in_thread() as url:
        for topic in TOPICS:
            sandbox.add_webhook(topic, DELIVERY, "whsec", ping=False)
        sandbox.url = url
        yield sandbox


@pytest.fixture(scope="module")
def intacct() -> Iterator[str]:
    sandbox = IntacctSandbox(schema_path=API_XSD)
    with sandbox.run_in_thread() as url:
        yield url
