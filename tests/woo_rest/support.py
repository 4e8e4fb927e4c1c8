"""Settings and clients for the WooCommerce REST tests."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import httpx
import uvicorn

from core.secret import Secret
from core.settings import Settings, WooCommerceSettings, settings_from_dict, with_overrides
from core.woo.rest import WooClient
from tests.woo_rest.fakestore import KEY, SECRET


def woo_settings(url: str = "https://shop.test", auth: str = "auto", key: str = KEY,
                 secret: str = SECRET) -> WooCommerceSettings:
    return WooCommerceSettings(url=url, consumer_key=Secret(key), consumer_secret=Secret(secret),
                               auth=auth, timeout_seconds=5.0)  # type: ignore[arg-type]


def full_settings(url: str = "https://shop.test", overlap: int = 300, interval: int = 900) -> Settings:
    base = settings_from_dict({})
    return with_overrides(base, woocommerce={"url": url, "consumer_key": Secret(KEY),
                                             "consumer_secret": Secret(SECRET), "timeout_seconds": 5.0},
                          sync={"poll_overlap_seconds": overlap, "poll_interval_seconds": interval})


class Sleeps:
    """An injected ``sleep`` that records the delays instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def mock_client(handler, *, url: str = "https://shop.test", auth: str = "auto", sleeps: Sleeps | None = None,
                key: str = KEY, secret: str = SECRET, max_attempts: int = 5) -> WooClient:
    return WooClient(woo_settings(url, auth, key, secret), transport=httpx.MockTransport(handler),
                     sleep=sleeps or Sleeps(), max_attempts=max_attempts)


def asgi_client(app, url: str = "https://shop.test", sleeps: Sleeps | None = None) -> WooClient:
    return WooClient(woo_settings(url), transport=httpx.ASGITransport(app=app), sleep=sleeps or Sleeps())


@contextlib.contextmanager
def serve_in_thread(app) -> Iterator[str]:
    """Run an ASGI app with uvicorn on 127.0.0.1, on a free port, in a background thread; yield its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not (server.started and server.servers) and time.monotonic() < deadline:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
