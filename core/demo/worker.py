"""The demo's sync worker, which picks up settings the operator changes while it runs.

``serve`` reads its configuration once. In the demo the operator fixes a mapping rule in the configuration
file and retries the failed event, so the worker watches the file and, when it changes (and still loads),
finishes its round and starts again on the new settings with a fresh :class:`~core.sync.SyncEngine`. The
engine itself is the one ``serve`` and the console use.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from core.outbox import Outbox
from core.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from core.sync import SyncEngine

log = logging.getLogger(__name__)

WATCH_SECONDS = 0.3


class ReloadingWorker:
    """Runs ``SyncEngine.run_worker`` with the settings in ``config_path``, restarted when the file changes."""

    def __init__(self, settings: Settings, config_path: Path, outbox: Outbox, idle_seconds: float = 0.2) -> None:
        self.settings, self.config_path, self.outbox = settings, config_path, outbox
        self.idle_seconds = idle_seconds
        self.engine: SyncEngine | None = None
        self.generation = 0
        """How many times the worker has (re)started; the operator waits for it to move after an edit."""
        self._mtime = self._stamp()

    def _stamp(self) -> int:
        try:
            return self.config_path.stat().st_mtime_ns
        except OSError:
            return 0

    def _changed_settings(self) -> Settings | None:
        stamp = self._stamp()
        if stamp == self._mtime:
            return None
        self._mtime = stamp
        try:
            return load_settings(self.config_path, env={})
        except SettingsError as exc:
            log.warning("configuration change not applied: %s", exc)
            return None

    async def run(self, stop: asyncio.Event) -> None:
        """The background task: one engine per settings version until ``stop``."""
        while not stop.is_set():
            restart = asyncio.Event()
            worker = asyncio.create_task(self._run_engine(restart))
            while not stop.is_set() and not worker.done():
                new = self._changed_settings()
                if new is not None:
                    log.info("configuration changed: the worker restarts with the new settings")
                    self.settings = new
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), WATCH_SECONDS)
            restart.set()
            try:
                await worker
            except Exception:  # noqa: BLE001 - a crashed engine is restarted, as serve's task guard would log it
                log.exception("sync worker crashed; restarting")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 1.0)

    async def _run_engine(self, stop: asyncio.Event) -> None:
        from core.intacct.client import IntacctClient
        from core.sync import SyncEngine
        from core.woo.rest import WooClient

        settings = self.settings
        async with IntacctClient(settings.intacct) as intacct, WooClient(settings.woocommerce) as woo:
            engine = SyncEngine(settings, self.outbox, intacct, woo, idle_seconds=self.idle_seconds,
                                retry_base=0.5, retry_cap=2.0)
            self.engine = engine
            self.generation += 1
            await engine.run_worker(stop)
