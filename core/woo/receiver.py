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
body over ``max_body_bytes``               413     quarantine
missing or wrong signature                 401     quarantine
not JSON / no numeric ``id`` / no topic    400     quarantine
=========================================  ======  =====================================================
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core.outbox import Outbox
from core.outbox.batcher import IngestBatcher
from core.settings import Settings
from core.woo.body import BodyTooLarge, read_limited
from core.woo.delivery import Ignored, Rejected, ping_webhook_id, to_alert, to_event

log = logging.getLogger(__name__)

Handler = Callable[[Request], Awaitable[Response]]


def create_receiver_app(settings: Settings, outbox: Outbox) -> Starlette:
    """The ASGI app serving ``receiver.path`` (deliveries and pings) and ``receiver.alert_path`` (alerts)."""
    secret = settings.woocommerce.webhook_secret.reveal()
    limit = settings.receiver.max_body_bytes
    batcher = IngestBatcher(outbox)
    if not secret:
        log.warning("[woocommerce] webhook_secret is empty: every signed delivery will be refused (401)")

    async def refuse(request: Request, status: int, reason: str, body: bytes) -> Response:
        log.warning("refused %s %s: %s (%d)", request.method, request.url.path, reason, status)
        await run_in_threadpool(outbox.quarantine, reason, status, dict(request.headers), body)
        return JSONResponse({"ok": False, "error": reason}, status_code=status)

    async def deliveries(request: Request) -> Response:
        try:
            body = await read_limited(request, limit)
        except BodyTooLarge as exc:
            return await refuse(request, 413, str(exc), exc.prefix)
        webhook_id = ping_webhook_id(request.headers, body)
        if webhook_id is not None:
            await run_in_threadpool(outbox.record_ping, webhook_id, dict(request.headers))
            log.info("ping from webhook %d", webhook_id)
            return JSONResponse({"ok": True, "ping": webhook_id})
        try:
            event = to_event(request.headers, body, secret)
        except Rejected as exc:
            return await refuse(request, exc.status, exc.reason, body)
        except Ignored as exc:
            log.info("ignored delivery for topic %s (not synced)", exc)
            return JSONResponse({"ok": True, "ignored": str(exc)}, status_code=202)
        result = await batcher.ingest(event)
        log.debug("%s %s/%d v%s: %s", event.topic, event.resource, event.resource_id, event.version, result.outcome)
        return JSONResponse({"ok": True, "outcome": result.outcome, "event_id": result.event_id})

    async def alerts(request: Request) -> Response:
        try:
            body = await read_limited(request, limit)
            alert = to_alert(request.headers, body, secret)
        except BodyTooLarge as exc:
            return await refuse(request, 413, str(exc), exc.prefix)
        except Rejected as exc:
            return await refuse(request, exc.status, exc.reason, body)
        webhook_id = int(alert["webhook_id"]) if alert.get("webhook_id") is not None else None
        alert_id = await run_in_threadpool(outbox.record_alert, "companion", alert["event"], webhook_id, alert)
        log.warning("companion alert %s for webhook %s from %s", alert["event"], webhook_id, alert.get("site", "?"))
        return JSONResponse({"ok": True, "alert_id": alert_id})

    routes = [
        Route(settings.receiver.path, deliveries, methods=["POST"]),
        Route(settings.receiver.alert_path, alerts, methods=["POST"]),
    ]
    return Starlette(routes=routes)
