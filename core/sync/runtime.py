"""Building an engine from settings: the one place that opens both clients (CLI, ``serve``, console).

``serve`` runs :func:`worker_task` beside the receiver; ``ml-connector push`` and ``reference`` use
:func:`open_engine`. The console attached to a running ``serve`` calls the same engine: its ``push`` raises
:class:`~core.sync.errors.WorkerBusy` rather than start a second worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from core.intacct.client import IntacctClient
from core.outbox import Outbox
from core.settings import Settings
from core.sync.engine import SyncEngine
from core.woo.rest import WooClient


@asynccontextmanager
async def open_engine(settings: Settings, outbox: Outbox) -> AsyncIterator[SyncEngine]:
    """An engine with its Intacct client (and Woo client when ``woocommerce.url`` is set), closed on exit."""
    async with AsyncExitStack() as stack:
        intacct = await stack.enter_async_context(IntacctClient(settings.intacct))
        woo = await stack.enter_async_context(WooClient(settings.woocommerce)) if settings.woocommerce.url else None
        yield SyncEngine(settings, outbox, intacct, woo)


async def worker_task(settings: Settings, outbox: Outbox, stop: asyncio.Event) -> None:
    """``serve``'s background task: the worker loop until ``stop`` is set."""
    async with open_engine(settings, outbox) as engine:
        await engine.run_worker(stop)
