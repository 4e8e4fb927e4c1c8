"""The watchdog as a ``serve`` background task (:func:`core.service.background_tasks` appends it)."""

from __future__ import annotations

import asyncio
import logging

from core.outbox import Outbox
from core.service import BackgroundTask
from core.settings import Settings

log = logging.getLogger(__name__)


def watchdog_tasks(settings: Settings, outbox: Outbox) -> list[BackgroundTask]:
    """``[watchdog]`` when ``sync.watchdog_interval_seconds`` > 0 and a store URL is configured, else ``[]``."""
    if settings.sync.watchdog_interval_seconds <= 0:
        return []
    if not settings.woocommerce.url:
        log.warning("webhook watchdog off: [woocommerce] url is empty")
        return []

    async def run(stop: asyncio.Event) -> None:
        from core.watchdog.watchdog import Watchdog
        from core.woo.rest import WooClient

        async with WooClient(settings.woocommerce) as client:
            dog = Watchdog(settings, outbox, client)
            try:
                await dog.run_forever(stop)
            finally:
                dog.close()

    return [BackgroundTask("watchdog", run)]
