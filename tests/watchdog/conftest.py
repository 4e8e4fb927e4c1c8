"""A sandbox store, our real receiver (able to answer 500 for chosen webhooks), an apprise ``json://`` sink."""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.outbox import Outbox
from core.sandbox.woo import WooSandbox
from core.sandbox.woo.server import serve_in_thread
from core.settings import Settings, settings_from_dict
from core.woo.receiver import create_receiver_app

KEY, CS, WEBHOOK_SECRET = "ck_watchdog", "cs_watchdog", "whsec_watchdog_1234"
PATH = "/webhooks/woocommerce"


@dataclass
class Sink:
    """An HTTP endpoint apprise's ``json://`` plugin posts to; keeps every notification."""

    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def endpoint(self, request: Request) -> Response:
        body = json.loads(await request.body())
        with self.lock:
            self.received.append(body)
            return Response("ok", self.status)

    @property
    def messages(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.received)

    @property
    def apprise_url(self) -> str:
        return "json://" + self.url.removeprefix("http://") + "/notify"


@dataclass
class FailingReceiver:
    """Our receiver app, except that deliveries from ``failing`` webhook ids are answered 500."""

    app: Any
    failing: set[int] = field(default_factory=set)
    url: str = ""

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http":
            webhook_id = dict(scope["headers"]).get(b"x-wc-webhook-id", b"")
            if webhook_id.isdigit() and int(webhook_id) in self.failing:
                await Response("receiver down", 500)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def base_settings(db: Path, **sections: dict) -> Settings:
    data: dict[str, dict] = {"woocommerce": {"consumer_key": KEY, "consumer_secret": CS,
                                             "webhook_secret": WEBHOOK_SECRET},
                             "database": {"path": str(db)}, "sync": {"silence_warning_minutes": 0}}
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return settings_from_dict(data)


@pytest.fixture
def store() -> Iterator[WooSandbox]:
    sandbox = WooSandbox(seed=3, consumer_key=KEY, consumer_secret=CS, delivery_delay=0.01, delivery_timeout=2.0)
    with sandbox.run_in_thread() as url:
        sandbox.url = url  # type: ignore[attr-defined]
        yield sandbox


@pytest.fixture
def sink() -> Iterator[Sink]:
    target = Sink()
    app = Starlette(routes=[Route("/notify", target.endpoint, methods=["POST"])])
    with serve_in_thread(app) as url:
        target.url = url
        yield target


@pytest.fixture
def outbox(tmp_path) -> Iterator[Outbox]:
    box = Outbox.open(tmp_path / "outbox.sqlite3", auto_approve=True)
    yield box
    box.close()


@pytest.fixture
def receiver(tmp_path, outbox) -> Iterator[FailingReceiver]:
    wrapped = FailingReceiver(create_receiver_app(base_settings(tmp_path / "outbox.sqlite3"), outbox))
    with serve_in_thread(wrapped) as url:
        wrapped.url = url + PATH
        yield wrapped


def write_config(path: Path, settings: Settings, alert_urls: list[str], consumer_secret: str = CS,
                 ) -> argparse.Namespace:
    """A TOML file equal to ``settings`` for the CLI, and the parsed ``--config`` arguments pointing at it."""
    w, s = settings.woocommerce, settings.sync
    path.write_text(
        f'[woocommerce]\nurl = "{w.url}"\nconsumer_key = "{KEY}"\nconsumer_secret = "{consumer_secret}"\n'
        f'webhook_secret = "{WEBHOOK_SECRET}"\n'
        f'[receiver]\npublic_url = "{settings.receiver.public_url}"\n'
        f'[database]\npath = "{settings.database.path}"\n'
        f'[sync]\nsilence_warning_minutes = {s.silence_warning_minutes}\nmode = "{s.mode}"\n'
        f"[alerts]\nurls = {json.dumps(alert_urls)}\n",
        encoding="utf-8",
    )
    return argparse.Namespace(config=str(path), verbose=False)


def wait_for(predicate: Callable[[], Any], timeout: float = 5.0, step: float = 0.02) -> Any:
    """Poll ``predicate`` until truthy (returned) or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"condition not met within {timeout} s")


async def until(predicate: Callable[[], Any], timeout: float = 5.0, step: float = 0.02) -> Any:
    """``wait_for`` for async tests: sleeps on the event loop so background tasks keep running."""
    import asyncio

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(step)
    raise AssertionError(f"condition not met within {timeout} s")
