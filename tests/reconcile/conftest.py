"""Both sandboxes on 127.0.0.1 with a few orders posted by the real engine, for the reconcile tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.intacct.client import IntacctClient
from core.outbox import Outbox
from core.sandbox.intacct import IntacctSandbox
from core.sandbox.woo import WooSandbox
from core.sandbox.woo.generator import Generator
from core.sandbox.woo.orders import OrderSpec
from core.settings import Settings
from core.sync import SyncEngine
from core.woo.poller import Poller
from core.woo.rest import WooClient
from tests.e2e.harness import connector_config, sandboxes, settings_of, toml_of


@dataclass
class World:
    store: WooSandbox
    intacct: IntacctSandbox
    settings: Settings
    config: Path
    gen: Generator

    def order(self, status: str = "processing", customer: int = 0, **spec: Any) -> int:
        products = self.gen.product_ids
        lines = spec.pop("lines", [(products[0], 1), (products[3], 2)])
        return int(self.store.store.create_order(OrderSpec(lines=lines, customer_id=customer, status=status,
                                                           billing=spec.pop("billing", {
                                                               "first_name": "Ana", "last_name": "Guest",
                                                               "email": "ana@example.com", "country": "US"}),
                                                           **spec))["id"])

    def sync(self) -> None:
        """Poll the store and push until the outbox is drained (the connector doing its job)."""

        async def go() -> None:
            outbox = Outbox.open(self.settings.database_path(), auto_approve=True)
            try:
                async with IntacctClient(self.settings.intacct, backoff_base=0.01, backoff_cap=0.05) as client, \
                        WooClient(self.settings.woocommerce) as woo:
                    await Poller(self.settings, outbox, woo).run_once(since=datetime.now(UTC) - timedelta(days=90))
                    engine = SyncEngine(self.settings, outbox, client, woo, retry_base=0.0, retry_cap=0.0)
                    for _ in range(3):
                        await engine.push()
            finally:
                outbox.close()

        asyncio.run(go())

    # -- planting differences in Intacct (as a person with Intacct's UI would) -----------------------------------

    def intacct_table(self, obj: str) -> dict[str, Any]:
        return self.intacct.runtime.company.store.table(obj)

    def bill_of(self, number: str) -> dict[str, Any]:
        """The live bill record (call under the sandbox's lock)."""
        return next(b for b in self.intacct_table("APBILL").values() if b["RECORDID"] == number)

    def delete_bill(self, number: str) -> None:
        with self.intacct.runtime.lock:
            self.intacct_table("APBILL").pop(self.bill_of(number)["RECORDNO"])

    def duplicate_bill(self, number: str) -> str:
        import copy

        with self.intacct.runtime.lock:
            twin = copy.deepcopy(self.bill_of(number))
            return str(self.intacct.runtime.company.store.insert("APBILL", twin)["RECORDNO"])

    def change_line(self, number: str, by: Decimal) -> None:
        with self.intacct.runtime.lock:
            bill = self.bill_of(number)
            line = bill["APBILLITEMS"]["APBILLITEM"][0]
            line["TRX_AMOUNT"] = str(Decimal(line["TRX_AMOUNT"]) + by)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with contextlib.ExitStack() as stack:
        store, intacct = stack.enter_context(sandboxes(seed=1212))
        intacct.faults.concurrency_hold_seconds = 0.0
        config = connector_config(store.base_url, intacct.url, tmp_path / "outbox.sqlite3", 0)
        config["mapping"]["base_currency"] = "USD"
        path = tmp_path / "config.toml"
        path.write_text(toml_of(config), encoding="utf-8")
        gen = Generator(store.store, 1212)
        gen.catalog()
        yield World(store, intacct, settings_of(config), path, gen)


from tests.watchdog.conftest import sink  # noqa: E402,F401  (the apprise json:// sink on 127.0.0.1)
