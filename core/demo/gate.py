"""A switch in front of the receiver: while it is "down", every request is answered 503.

The demo's outage: for a while the connector is unreachable (as behind a restarting reverse proxy), so
WooCommerce's deliveries fail, the busiest webhook reaches its 7th consecutive failure and the store
disables it. The receiver itself is untouched; this only wraps its ASGI app.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[..., Awaitable[None]]


class OutageGate:
    """ASGI middleware; :meth:`down` / :meth:`up` switch the outage, :attr:`refused` counts what it refused."""

    def __init__(self, app: Any) -> None:
        self.app: App = app
        self.refused = 0
        self._down = threading.Event()

    @property
    def is_down(self) -> bool:
        return self._down.is_set()

    def down(self) -> None:
        self._down.set()

    def up(self) -> None:
        self._down.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._down.is_set():
            await self.app(scope, receive, send)
            return
        self.refused += 1
        await send({"type": "http.response.start", "status": 503,
                    "headers": [(b"content-type", b"text/plain"), (b"retry-after", b"60")]})
        await send({"type": "http.response.body", "body": b"connector unavailable"})
