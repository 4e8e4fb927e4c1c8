"""Specification: killing ``serve`` with SIGKILL at any moment loses nothing and duplicates nothing in Intacct.

``ml-connector serve`` runs as a real process on a config file pointing at both sandboxes (which run in this
test process). While the store makes 30 customers, 80 orders, status changes and 15 refunds, the process is
killed with SIGKILL at 30 seeded random moments and started again each time. Deliveries made while it is
down are lost, as WooCommerce loses them (no retries; a webhook may even be disabled, and the operator
re-enables it over REST after each restart); the poll brings those changes in. The end state must be the
same as an undisturbed run: one vendor per customer and guest, one bill per billable order, one
adjustment per refund.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import IO

import pytest

from core.outbox import Outbox
from core.sandbox.intacct import IntacctSandbox
from tests.e2e.harness import (
    Shop,
    add_webhooks,
    bills_posted,
    connector_config,
    drained,
    enable_disabled_webhooks,
    end_state_problems,
    failed_events,
    sandboxes,
    toml_of,
    wait_until,
)

SEED = 9090
KILLS = 30
CLI = str(Path(sys.executable).with_name("ml-connector"))
pytestmark = pytest.mark.timeout(240)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Serve:
    """One ``ml-connector serve`` process at a time, on a fixed port, its output appended to a log."""

    def __init__(self, config: Path, port: int, log: IO[str]) -> None:
        self.config, self.port, self.log = config, port, log
        self.proc: subprocess.Popen[str] | None = None
        self.starts = 0

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ML_CONNECTOR_")}
        self.proc = subprocess.Popen([CLI, "--config", str(self.config), "serve"], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, text=True)
        self.starts += 1
        wait_until(self._listening, timeout=20, what="serve listening", step=0.02)

    def _listening(self) -> bool:
        assert self.proc is not None and self.proc.poll() is None, "serve exited"
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        assert self.proc.wait(timeout=10) == -signal.SIGKILL

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def store_run(shop: Shop, intacct: IntacctSandbox, done: threading.Event, errors: list[BaseException]) -> None:
    """The store's side, paced so the kills fall all through it; refunds only once bills exist."""
    try:
        shop.customers(10)
        for _ in range(16):
            shop.place_orders(5)
            shop.customers(1)
            shop.change_statuses(3)
            time.sleep(2.5)
        shop.customers(4)
        intacct.faults.lose_next(1)
        wait_until(lambda: bills_posted(intacct, shop), timeout=120, what="a bill for every billable order")
        for _ in range(5):
            shop.refunds(3)
            time.sleep(2.5)
    except BaseException as exc:  # noqa: BLE001 - reported by the test thread
        errors.append(exc)
    finally:
        done.set()


def _posting(db: Path) -> int:
    """Events the killed process left in ``posting`` (written ahead, outcome unknown)."""
    with closing(Outbox.open(db)) as outbox:
        return outbox.count_by_state().get("posting", 0)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[Serve, Path, dict]]:
    port, db = free_port(), tmp_path / "outbox.sqlite3"
    with sandboxes(SEED) as (store, intacct), (tmp_path / "serve.log").open("a") as log:
        config = connector_config(store.base_url, intacct.url, db, port, lease_seconds=2)
        path = tmp_path / "config.toml"
        path.write_text(toml_of(config), encoding="utf-8")
        server = Serve(path, port, log)
        server.start()
        try:
            yield server, db, {"store": store, "intacct": intacct}
        finally:
            server.stop()


def test_thirty_sigkills_leave_intacct_exactly_as_an_undisturbed_run_would(serve):
    server, db, world = serve
    store, intacct = world["store"], world["intacct"]
    add_webhooks(store, f"http://127.0.0.1:{server.port}/webhooks/woocommerce")
    shop, done, errors = Shop(store, SEED), threading.Event(), []
    driver = threading.Thread(target=store_run, args=(shop, intacct, done, errors), daemon=True)
    driver.start()
    intacct.faults.request_latency = 0.2  # writes take a while, so kills find them in flight
    moments, caught_posting = random.Random(SEED), 0
    for _ in range(KILLS):
        time.sleep(moments.uniform(0.1, 2.5))
        server.kill()
        caught_posting += _posting(db)
        time.sleep(moments.uniform(0.0, 0.5))  # down: WooCommerce's deliveries fail meanwhile
        server.start()
        enable_disabled_webhooks(store)
    driver.join(timeout=150)
    assert done.is_set() and errors == []
    enable_disabled_webhooks(store)
    with closing(Outbox.open(db)) as outbox:
        wait_until(lambda: drained(outbox, shop), timeout=90, what="the outbox drained")
        assert failed_events(outbox) == []
    assert server.starts == KILLS + 1
    assert caught_posting > 0, "no kill found an event in posting: the run did not test crash recovery"
    assert end_state_problems(store, intacct) == []
