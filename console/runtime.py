"""Standalone mode's background work: the same tasks ``serve`` runs, started inside the console's loop.

Attached mode starts nothing (the ``serve`` beside us already receives, polls and pushes). Standalone runs
:func:`core.service.background_tasks` (poller, worker, watchdog, as core enables them) and, when
``[receiver] public_url`` says the store can reach this machine, the receiver too, via
:class:`core.service.Service`, so both fronts run exactly the same code. The sync worker is the one
exception: it runs on the console's own :class:`~core.sync.SyncEngine`
(:meth:`console.core_loop.CoreLoop.start_worker`), so "push now" and the worker share one lease owner.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from core.outbox import Outbox
from core.service import Service, background_tasks
from core.settings import Settings

WORKER = "sync-worker"


class Background:
    """The tasks of ``serve``; the sync worker itself runs on the console's engine (``start_worker``)."""

    def __init__(self, settings: Settings, outbox: Outbox, start_worker: Callable[[], None]) -> None:
        self.settings = settings
        self.outbox = outbox
        self.start_worker = start_worker
        self.stop_event = asyncio.Event()
        self.running: list[asyncio.Task[None]] = []
        self.service: Service | None = None

    @property
    def runs_receiver(self) -> bool:
        return bool(self.settings.receiver.public_url)

    def start(self) -> list[str]:
        """Start the tasks in the running loop; returns their names (for the header and the log)."""
        every = background_tasks(self.settings, self.outbox)
        tasks = [t for t in every if t.name != WORKER]
        if len(tasks) != len(every):
            self.start_worker()
        if self.runs_receiver:
            self.service = Service(self.settings, self.outbox, tasks)
            self.running.append(asyncio.create_task(self.service.run(), name="receiver"))
            return ["receiver", *(t.name for t in every)]
        for task in tasks:
            self.running.append(asyncio.ensure_future(task.run(self.stop_event)))
        return [t.name for t in every]

    async def stop(self, grace: float = 5.0) -> None:
        self.stop_event.set()
        if self.service is not None:
            self.service.stop()
        if self.running:
            _, pending = await asyncio.wait(self.running, timeout=grace)
            for task in pending:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
