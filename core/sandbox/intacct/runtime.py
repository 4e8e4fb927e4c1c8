"""One request's life in the sandbox: counters, faults, the concurrency gate, and the gateway, in order.

Order per request: count and record it (credentials masked) → decide its faults → connection latency
(first request on a new connection) → 429 / pre-processing 5xx → wait for a concurrency slot →
:meth:`Gateway.prepare` → request latency (its controlids are "in process" meanwhile) →
:meth:`Gateway.execute` (commit) → answer 200, or 524, or drop the connection (lost response).

All shared state is guarded by one ``threading.Lock``, held only around synchronous work; waiting is done
with ``asyncio.sleep`` so the event loop keeps serving other requests.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import re
import threading
from collections import deque

from starlette.types import Send

from core.sandbox.intacct import errors as e
from core.sandbox.intacct.company import Company
from core.sandbox.intacct.faults import Faults, Plan
from core.sandbox.intacct.gateway import Gateway, Prepared, control_failure
from core.sandbox.intacct.store import Record
from core.sandbox.intacct.xmlio import bare_failure

Answer = tuple[int, str, bytes]  # status, content type, body

XML_TYPE = 'text/xml; encoding="UTF-8"'
_SECRET_ELEMENTS = re.compile(rb"(<(password|sessionid)>)(.*?)(</\2>)", re.DOTALL)
MAX_LOGGED_REQUESTS = 1000


class LostResponse(Exception):
    """Raised after a partial answer so the server drops the connection (the lost-response fault)."""


class _QuietLostResponse(logging.Filter):
    """Keep uvicorn from logging a traceback for a connection the sandbox dropped on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], LostResponse))


_LOST_FILTER = _QuietLostResponse()
logging.getLogger("uvicorn.error").addFilter(_LOST_FILTER)


def mask(body: bytes) -> str:
    """The request text with every ``<password>`` and ``<sessionid>`` value replaced by ``***``."""
    return _SECRET_ELEMENTS.sub(rb"\1***\4", body).decode("utf-8", errors="replace")


class Runtime:
    """Shared state of a running sandbox and the per-request pipeline."""

    def __init__(self, company: Company, gateway: Gateway, faults: Faults) -> None:
        self.company = company
        self.gateway = gateway
        self.faults = faults
        self.lock = threading.Lock()
        self.requests: deque[str] = deque(maxlen=MAX_LOGGED_REQUESTS)
        self.in_flight = 0
        self.max_in_flight = 0
        self.processing = 0
        self.endpoint = ""
        self._connections: set[tuple[str, int]] = set()

    async def handle(self, client: tuple[str, int] | None, body: bytes, send: Send) -> None:
        """Answer one gateway POST, faults included."""
        with self.lock:
            self.company.request_count += 1
            self.requests.append(mask(body))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            new_connection = client is not None and client not in self._connections
            if client is not None:
                self._connections.add(client)
        try:
            plan = self.faults.plan()
            if new_connection and self.faults.connection_latency > 0:
                await asyncio.sleep(self.faults.connection_latency)
            answer = _early_answer(plan) or await self._process(body)
            await _send(send, _final_answer(plan, answer), lose=plan.lose)
        finally:
            with self.lock:
                self.in_flight -= 1

    async def _process(self, body: bytes) -> Answer:
        if not await self._acquire_slot():
            error = e.ErrorDetail(e.TOO_MANY_OPERATIONS_ERRORNO, "", e.TOO_MANY_OPERATIONS, "Retry later.")
            return 200, XML_TYPE, control_failure(("", "", "", ""), error)
        try:
            with self.lock:
                prepared = self.gateway.prepare(body)
            if isinstance(prepared, bytes):
                return 200, XML_TYPE, prepared
            return 200, XML_TYPE, await self._execute(prepared)
        finally:
            with self.lock:
                self.processing -= 1

    async def _execute(self, prepared: Prepared) -> bytes:
        try:
            if self.faults.request_latency > 0:
                await asyncio.sleep(self.faults.request_latency)
        except BaseException:
            with self.lock:
                self.company.ledger.release(prepared.token)
            raise
        with self.lock:
            return self.gateway.execute(prepared, self.endpoint)

    async def _acquire_slot(self) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.faults.concurrency_hold_seconds
        while True:
            with self.lock:
                limit = self.faults.concurrency_limit
                if limit is None or self.processing < limit:
                    self.processing += 1
                    return True
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.005)

    def records(self, obj: str) -> list[Record]:
        """Deep copies of every record of ``obj`` (raises ``KeyError`` for an unknown object)."""
        with self.lock:
            return copy.deepcopy(self.company.store.all(obj))

    def stats(self) -> dict[str, int]:
        """Counters for the inspection API and tests."""
        with self.lock:
            return {"logins": self.company.login_count, "requests": self.company.request_count,
                    "in_flight": self.in_flight, "max_in_flight": self.max_in_flight,
                    "sessions": self.company.sessions.active()}


def _early_answer(plan: Plan) -> Answer | None:
    """Faults that answer without processing: 429 GW-0010 and 5xx other than 524."""
    if plan.rate_limited:
        error = e.ErrorDetail(e.RATE_LIMIT_ERRORNO, e.RATE_LIMITED, e.RATE_LIMITED, "Retry with backoff.")
        return 429, XML_TYPE, bare_failure([error])
    if plan.status is not None and not plan.processed:
        return plan.status, "text/html", f"<html><body><h1>{plan.status} Server Error</h1></body></html>".encode()
    return None


def _final_answer(plan: Plan, answer: Answer) -> Answer:
    """A processed request under a 524 fault is answered 524 after its commit."""
    if plan.status == 524 and plan.processed:
        return 524, "text/plain", b"error code: 524"
    return answer


async def _send(send: Send, answer: Answer, lose: bool) -> None:
    status, content_type, body = answer
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    if lose:
        await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
        raise LostResponse("lost-response fault: connection dropped after commit")
    await send({"type": "http.response.body", "body": body})
