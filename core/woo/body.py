"""Reading a request body with a hard size limit: refuse by Content-Length, else stop while streaming.

A body is never read past the limit, so a large or endless upload cannot fill memory; what was read (up to
:data:`QUARANTINE_PREFIX` bytes) is kept in the quarantine so the operator can see what it was.
"""

from __future__ import annotations

from starlette.requests import Request

QUARANTINE_PREFIX = 64 * 1024


class BodyTooLarge(Exception):
    """The body exceeds the limit; ``prefix`` is what was read before stopping (possibly nothing)."""

    def __init__(self, message: str, prefix: bytes) -> None:
        super().__init__(message)
        self.prefix = prefix[:QUARANTINE_PREFIX]


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"body of {declared} bytes exceeds receiver.max_body_bytes ({limit})", b"")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"body exceeds receiver.max_body_bytes ({limit}) while streaming", b"".join(chunks))
        chunks.append(chunk)
    return b"".join(chunks)
