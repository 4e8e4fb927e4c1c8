"""The Starlette application: the gateway endpoint, and the inspection API when enabled.

The gateway endpoint is a raw ASGI callable rather than a Starlette view, because the lost-response fault
must start an answer and then abort it, which a ``Response`` object cannot do.
"""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from core.sandbox.intacct.runtime import Runtime

GATEWAY_PATH = "/ia/xml/xmlgw.phtml"


class GatewayEndpoint:
    """``POST /ia/xml/xmlgw.phtml``; other methods get 405 ("Use POST requests only", §1.1)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            await Response("Use POST requests only.", status_code=405, headers={"Allow": "POST"})(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        client = scope.get("client")
        await self.runtime.handle(tuple(client) if client else None, b"".join(chunks), send)


def _inspection_routes(runtime: Runtime) -> list[Route]:
    async def records(request: Request) -> Response:
        try:
            return JSONResponse(runtime.records(request.path_params["object"].upper()))
        except KeyError:
            return JSONResponse({"error": "unknown object"}, status_code=404)

    async def stats(request: Request) -> Response:
        return JSONResponse(runtime.stats())

    async def requests(request: Request) -> Response:
        with runtime.lock:
            return JSONResponse(list(runtime.requests))

    async def faults(request: Request) -> Response:
        try:
            settings = json.loads(await request.body() or b"{}")
            runtime.faults.configure(**settings)
        except (ValueError, TypeError, AttributeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(runtime.faults.snapshot())

    async def expire_sessions(request: Request) -> Response:
        with runtime.lock:
            return JSONResponse({"expired": runtime.company.sessions.expire_all()})

    return [
        Route("/_sandbox/records/{object}", records, methods=["GET"]),
        Route("/_sandbox/stats", stats, methods=["GET"]),
        Route("/_sandbox/requests", requests, methods=["GET"]),
        Route("/_sandbox/faults", faults, methods=["POST"]),
        Route("/_sandbox/expire-sessions", expire_sessions, methods=["POST"]),
    ]


def build_app(runtime: Runtime, inspection: bool) -> Starlette:
    """The ASGI app; the ``/_sandbox/*`` routes exist only when ``inspection`` is on (else 404)."""
    routes = [Route(GATEWAY_PATH, GatewayEndpoint(runtime))]
    if inspection:
        routes += _inspection_routes(runtime)
    return Starlette(routes=routes)
