"""One asyncio loop in a thread for the console's calls into async core code.

The console's workers are threads; core's clients are async. Running them all on one long-lived loop
lets the console keep one :class:`~core.intacct.client.IntacctClient` (so one Intacct session, reused
across pushes, whose age the header shows) and one :class:`~core.sync.SyncEngine`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from core.intacct.client import IntacctClient
    from core.outbox import Outbox
    from core.settings import Settings
    from core.sync import SyncEngine
    from core.woo.rest import WooClient

T = TypeVar("T")


class CoreLoop:
    def __init__(self, settings: Settings, outbox: Outbox) -> None:
        self.settings, self.outbox = settings, outbox
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="console-core", daemon=True)
        self.thread.start()
        self._intacct: IntacctClient | None = None
        self._woo: WooClient | None = None
        self._engine: SyncEngine | None = None
        self._stop: asyncio.Event | None = None
        self._worker: Any = None
        self.actor = "console"
        """Who the audit names for pushes started here (the services set the operator's name)."""

    def use_settings(self, settings: Settings) -> None:
        """Plan with ``settings`` from now on (a reloaded configuration); open clients keep their credentials."""
        self.settings = settings
        if self._engine is not None:
            self._engine.settings = settings

    def run(self, factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Run ``factory()`` on the core loop and wait for its result (call from a worker thread)."""
        return asyncio.run_coroutine_threadsafe(factory(), self.loop).result()

    def woo(self) -> WooClient:
        from core.woo.rest import WooClient

        if self._woo is None:
            self._woo = WooClient(self.settings.woocommerce)
        return self._woo

    def engine(self) -> SyncEngine:
        """The console's sync engine (created on first use, inside the core loop)."""
        from core.intacct.client import IntacctClient
        from core.sync import SyncEngine

        if self._engine is None:
            self._intacct = IntacctClient(self.settings.intacct)
            woo = self.woo() if self.settings.woocommerce.url else None
            self._engine = SyncEngine(self.settings, self.outbox, self._intacct, woo)
        return self._engine

    def start_worker(self) -> None:
        """Standalone mode: the console's own engine runs the worker loop (``serve``'s job when attached).

        One engine, one lease owner: a "push now" from the console then shares the lease with its worker
        instead of being refused as if another process held it.
        """
        async def run() -> None:
            self._stop = asyncio.Event()
            await self.engine().run_worker(self._stop)

        self._worker = asyncio.run_coroutine_threadsafe(run(), self.loop)

    def session_age(self) -> float | None:
        """Seconds since the console's Intacct session was opened; None without one."""
        session = getattr(getattr(self._intacct, "sessions", None), "_session", None)
        created = getattr(session, "created_at", None)
        return None if created is None else max(0.0, time.monotonic() - float(created))

    def close(self) -> None:
        async def shut() -> None:
            if self._stop is not None:
                self._stop.set()
            if self._worker is not None:
                await asyncio.wrap_future(self._worker)
            for client in (self._intacct, self._woo):
                if client is not None:
                    await client.aclose()

        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(shut(), self.loop).result(timeout=15)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=5)
