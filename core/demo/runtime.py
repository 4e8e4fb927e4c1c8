"""The connector as the demo runs it: ``serve``'s receiver and background tasks, over the demo's config.

The task set is :func:`core.service.background_tasks` (what ``serve`` runs), with two demo touches:
the sync worker is :class:`~core.demo.worker.ReloadingWorker` (so a settings fix applies without a
restart), and the scheduled poll is added here when ``serve`` does not run one yet. The receiver's app is
wrapped in an :class:`~core.demo.gate.OutageGate` so the scenario can make it unreachable for a while.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from pathlib import Path

from core.demo.gate import OutageGate
from core.demo.worker import ReloadingWorker
from core.outbox import Outbox
from core.service import BackgroundTask, Service, background_tasks
from core.settings import Settings

log = logging.getLogger(__name__)

START_TIMEOUT = 10.0


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (the receiver binds it right after)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def poller_task(settings: Settings, outbox: Outbox) -> BackgroundTask:
    """The scheduled REST poll every ``sync.poll_interval_seconds``."""

    async def run(stop: asyncio.Event) -> None:
        from core.woo.poller import Poller
        from core.woo.rest import WooClient

        async with WooClient(settings.woocommerce) as client:
            await Poller(settings, outbox, client).run_forever(stop)

    return BackgroundTask("poller", run)


def demo_tasks(settings: Settings, outbox: Outbox, worker: ReloadingWorker) -> list[BackgroundTask]:
    """``serve``'s tasks, with the reloading worker in place of the plain one and a poller if missing."""
    tasks = [t for t in background_tasks(settings, outbox) if "worker" not in t.name]
    tasks.append(BackgroundTask("sync-worker", worker.run))
    if settings.sync.poll_interval_seconds > 0 and not any("poll" in t.name for t in tasks):
        tasks.append(poller_task(settings, outbox))
    return tasks


class DemoRuntime:
    """Receiver + poller + worker + watchdog over one outbox, startable in this loop or in a thread."""

    def __init__(self, settings: Settings, config_path: Path, outbox: Outbox) -> None:
        self.settings, self.config_path, self.outbox = settings, config_path, outbox
        self.worker = ReloadingWorker(settings, config_path, outbox)
        self.service = Service(settings, outbox, demo_tasks(settings, outbox, self.worker))
        config = self.service.server.config
        self.gate = OutageGate(config.app)
        config.app = self.gate
        self._task: asyncio.Task[None] | None = None

    @property
    def task_names(self) -> list[str]:
        return ["receiver", *(t.name for t in self.service.tasks)]

    async def start(self) -> None:
        """Start serving in the running loop; returns once the receiver listens."""
        self._task = asyncio.create_task(self.service.run(), name="demo-service")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while not self.service.server.started:
            if self._task.done() or loop.time() > deadline:
                with contextlib.suppress(BaseException):
                    await self._task
                raise RuntimeError(f"the receiver did not start on port {self.settings.receiver.port}")
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        self.service.stop()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
