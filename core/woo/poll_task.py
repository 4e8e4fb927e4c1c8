"""The scheduled poll as a ``serve`` background task (:func:`core.service.background_tasks` appends it).

Webhooks are fast but not reliable: WooCommerce sends each event once, never retries, and disables a webhook
after 7 failed deliveries (nothing is queued while it is disabled). The poll every
``sync.poll_interval_seconds`` is the safety net that brings those changes in through the same outbox dedup.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from core.outbox import Outbox
from core.service import BackgroundTask, store_task
from core.settings import Settings

if TYPE_CHECKING:
    from core.woo.rest import WooClient


def poller_tasks(settings: Settings, outbox: Outbox) -> list[BackgroundTask]:
    """``[poller]`` when ``sync.poll_interval_seconds`` > 0 and a store URL is configured, else ``[]``."""

    async def poll(client: WooClient, stop: asyncio.Event) -> None:
        from core.woo.poller import Poller

        await Poller(settings, outbox, client).run_forever(stop)

    return store_task("poller", "scheduled poll", settings.sync.poll_interval_seconds, settings, poll)
