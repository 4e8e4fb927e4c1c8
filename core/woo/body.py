"""Reading a request body with a hard size limit and a deadline: refuse by Content-Length, else stop while
streaming, and stop a body that has not fully arrived in time.

A body is never read past the limit, so a large or endless upload cannot fill memory, and never waited for
past ``receiver.body_timeout_seconds``, so a sender dripping bytes cannot hold a connection; what was read
is kept (a bounded prefix, :mod:`core.outbox.side_tables`) in the quarantine so the operator can see it.
"""

from __future__ import annotations

import asyncio

from starlette.requests import ClientDisconnect, Request

QUARANTINE_PREFIX = 64 * 1024
"""At most this much of a refused body is ever kept in memory for the quarantine."""


class BodyRefused(Exception):
    """The body was not read whole; ``status`` is the answer, ``prefix`` what was read (possibly nothing)."""

    status = 400

    def __init__(self, message: str, prefix: bytes, size: int | None = None) -> None:
        super().__init__(message)
        self.prefix = prefix[:QUARANTINE_PREFIX]
        self.size = len(prefix) if size is None else size


class BodyTooLarge(BodyRefused):
    """The body exceeds the limit."""

    status = 413


class BodyTooSlow(BodyRefused):
    """The body did not arrive within the deadline."""

    status = 408


async def read_limited(request: Request, limit: int, timeout: float | None = None) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"body of {declared} bytes exceeds receiver.max_body_bytes ({limit})", b"", int(declared))
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge(f"body exceeds receiver.max_body_bytes ({limit}) while streaming",
                                       b"".join(chunks), size)
                chunks.append(chunk)
    except TimeoutError:
        raise BodyTooSlow(f"body not received within receiver.body_timeout_seconds ({timeout})",
                          b"".join(chunks), size) from None
    except ClientDisconnect:
        raise BodyRefused("client disconnected before the body was complete", b"".join(chunks), size) from None
    return b"".join(chunks)
