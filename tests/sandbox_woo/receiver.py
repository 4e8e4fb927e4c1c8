"""A tiny webhook receiver for the sandbox tests: records every request, answers scripted status codes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.sandbox.woo.server import serve_in_thread


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def is_ping(self) -> bool:
        return "x-wc-webhook-id" not in self.headers


@dataclass
class Receiver:
    """``status`` answers every request; ``script`` (consumed first) answers the next ones in order."""

    status: int = 200
    script: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        with self.lock:
            self.requests.append(Received({k.lower(): v for k, v in request.headers.items()}, body))
            code = self.script.pop(0) if self.script else self.status
        return Response(b"ok", code)

    @property
    def deliveries(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if not r.is_ping]

    @property
    def pings(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.is_ping]


@contextlib.contextmanager
def running_receiver(status: int = 200) -> Iterator[Receiver]:
    receiver = Receiver(status=status)
    app = Starlette(routes=[Route("/hook", receiver.endpoint, methods=["POST"])])
    with serve_in_thread(app) as base:
        receiver.url = base + "/hook"
        yield receiver
