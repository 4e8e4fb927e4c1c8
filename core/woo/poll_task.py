"""The scheduled poll as a ``serve`` background task (:func:`core.service.background_tasks` appends it).

Webhooks are fast but not reliable: WooCommerce sends each event once, never retries, and disables a webhook
after 7 failed deliveries (nothing is queued while it is disabled). The poll every
``sync.poll_interval_seconds`` is the safety net that brings those changes in through the same outbox dedup.
"""

from __future__ import annotations

import asyncio
import logging

from core.outbox import Outbox
from core.service import BackgroundTask
from core.settings import Settings

log = logging.getLogger(__name__)


def poller_tasks(settings: Settings, outbox: Outbox) -> list[BackgroundTask]:
    """``[poller]`` when ``sync.poll_interval_seconds`` > 0 and a store URL is configured, else ``[]``."""
    if settings.sync.poll_interval_seconds <= 0:
        return []
    if not settings.woocommerce.url:
        log.warning("scheduled poll off: [woocommerce] url is empty")
        return []

    async def run(stop: asyncio.Event) -> None:
        from core.woo.poller import Poller
        from core.woo.rest import WooClient

        async with WooClient(settings.woocommerce) as client:
            await Poller(settings, outbox, client).run_forever(stop)

    return [BackgroundTask("poller", run)]
