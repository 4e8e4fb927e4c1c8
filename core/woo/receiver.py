"""The webhook receiver: verify, commit to the outbox, answer — and nothing else on the request path.

WooCommerce waits up to 60 s per delivery and disables a webhook after repeated failures
(WOOCOMMERCE-API.md §2, §6.1), so the handler stays lean: read at most ``receiver.max_body_bytes`` raw
bytes, check the signature over exactly those bytes, commit the event (``synchronous=FULL``; concurrent
deliveries share one commit, :mod:`core.outbox.batcher`) and only then answer 200. No Intacct call, no
REST call, no mapping here: the sync worker does that from the outbox.
Every refusal is quarantined with redacted headers. Request kinds and statuses:

=========================================  ======  =====================================================
request                                    status  stored as
=========================================  ======  =====================================================
ping ``webhook_id=N`` (unsigned)           200     ``pings`` row (never an event)
signed order.* / customer.* delivery       200     event (or collapsed into one: duplicate / stale)
signed delivery, other topic               202     nothing (a log line)
body over ``max_body_bytes``               413     quarantine (prefix + SHA-256)
body not in within ``body_timeout_seconds``  408   quarantine (prefix + SHA-256)
missing or wrong signature                 401     quarantine (prefix + SHA-256)
signed, but not JSON / no valid ``id`` /   400     quarantine (whole body)
no topic / bad ``date_modified_gmt``
=========================================  ======  =====================================================

The quarantine and the pings table are capped (``receiver.quarantine_*``; the oldest rows go, counted), and
a refusal that cannot be stored (disk full, database locked) is still answered with its status, logged: a
stranger's traffic never turns into a 5xx, and never takes the space real deliveries need. Connection-level
bounds (header deadline, keep-alive, connection limit) live in :mod:`core.service`.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core.outbox import Outbox, OutboxError
from core.outbox.batcher import IngestBatcher
from core.outbox.side_tables import QuarantineLimits
from core.settings import Settings
from core.woo.body import BodyRefused, read_limited
from core.woo.delivery import Ignored, Rejected, ping_webhook_id, to_alert, to_event

log = logging.getLogger(__name__)

Handler = Callable[[Request], Awaitable[Response]]


def create_receiver_app(settings: Settings, outbox: Outbox) -> Starlette:
    """The ASGI app serving ``receiver.path`` (deliveries and pings) and ``receiver.alert_path`` (alerts)."""
    secret = settings.woocommerce.webhook_secret.reveal()
    r = settings.receiver
    limit, timeout = r.max_body_bytes, r.body_timeout_seconds
    limits = QuarantineLimits(r.quarantine_prefix_bytes, r.quarantine_max_rows, r.quarantine_max_bytes)
    batcher = IngestBatcher(outbox)
    if not secret:
        log.warning("[woocommerce] webhook_secret is empty: every signed delivery will be refused (401)")

    async def refuse(request: Request, status: int, reason: str, body: bytes, *, authenticated: bool = False,
                     size: int | None = None) -> Response:
        log.warning("refused %s %s: %s (%d)", request.method, request.url.path, reason, status)
        sha = hashlib.sha256(body).hexdigest() if size is None or size == len(body) else ""
        try:
            await run_in_threadpool(outbox.quarantine, reason, status, dict(request.headers), body,
                                    authenticated=authenticated, size=size, sha256=sha, limits=limits)
        except (sqlite3.Error, OutboxError) as exc:  # the refusal stands; a full disk is not the sender's fault
            log.error("could not quarantine a refused request (%s): %s", type(exc).__name__, exc)
        return JSONResponse({"ok": False, "error": reason}, status_code=status)

    async def read(request: Request) -> bytes | Response:
        try:
            return await read_limited(request, limit, timeout)
        except BodyRefused as exc:
            return await refuse(request, exc.status, str(exc), exc.prefix, size=exc.size)

    async def deliveries(request: Request) -> Response:
        body = await read(request)
        if isinstance(body, Response):
            return body
        webhook_id = ping_webhook_id(request.headers, body)
        if webhook_id is not None:
            await run_in_threadpool(outbox.record_ping, webhook_id, dict(request.headers), r.quarantine_max_rows)
            log.info("ping from webhook %d", webhook_id)
            return JSONResponse({"ok": True, "ping": webhook_id})
        try:
            event = to_event(request.headers, body, secret)
        except Rejected as exc:
            return await refuse(request, exc.status, exc.reason, body, authenticated=exc.status != 401)
        except Ignored as exc:
            log.info("ignored delivery for topic %r (not synced)", str(exc)[:100])
            return JSONResponse({"ok": True, "ignored": str(exc)}, status_code=202)
        result = await batcher.ingest(event)
        log.debug("%s %s/%d v%r: %s", event.topic, event.resource, event.resource_id, event.version, result.outcome)
        return JSONResponse({"ok": True, "outcome": result.outcome, "event_id": result.event_id})

    async def alerts(request: Request) -> Response:
        body = await read(request)
        if isinstance(body, Response):
            return body
        try:
            alert = to_alert(request.headers, body, secret)
        except Rejected as exc:
            return await refuse(request, exc.status, exc.reason, body, authenticated=exc.status != 401)
        webhook_id = int(alert["webhook_id"]) if alert.get("webhook_id") is not None else None
        alert_id = await run_in_threadpool(outbox.record_alert, "companion", alert["event"], webhook_id, alert)
        log.warning("companion alert %r for webhook %s from %r", str(alert["event"])[:100], webhook_id,
                    str(alert.get("site", "?"))[:200])
        return JSONResponse({"ok": True, "alert_id": alert_id})

    routes = [
        Route(settings.receiver.path, deliveries, methods=["POST"]),
        Route(settings.receiver.alert_path, alerts, methods=["POST"]),
    ]
    return Starlette(routes=routes)
