"""The watchdog as a ``serve`` background task (:func:`core.service.background_tasks` appends it)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from core.outbox import Outbox
from core.service import BackgroundTask, store_task
from core.settings import Settings

if TYPE_CHECKING:
    from core.woo.rest import WooClient


def watchdog_tasks(settings: Settings, outbox: Outbox) -> list[BackgroundTask]:
    """``[watchdog]`` when ``sync.watchdog_interval_seconds`` > 0 and a store URL is configured, else ``[]``."""

    async def watch(client: WooClient, stop: asyncio.Event) -> None:
        from core.watchdog.watchdog import Watchdog

        dog = Watchdog(settings, outbox, client)
        try:
            await dog.run_forever(stop)
        finally:
            dog.close()

    return store_task("watchdog", "webhook watchdog", settings.sync.watchdog_interval_seconds, settings, watch)
