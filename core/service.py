"""The ``serve`` runtime: the webhook receiver under uvicorn plus the long-running background tasks.

The receiver answers WooCommerce; everything slow (polling the store, pushing to Intacct, watching webhook
health) runs beside it as a background task sharing the same :class:`~core.outbox.Outbox`. Tasks are plain
``async def task(stop: asyncio.Event) -> None`` coroutines that return soon after ``stop`` is set.

Adding a task (poller, sync worker, watchdog): append a :class:`BackgroundTask` in
:func:`background_tasks` — the one hook, so ``serve`` and the demo start the same set — or pass
``tasks=[...]`` to :class:`Service` directly. A task that crashes (or ends before ``stop``) stops the whole
service, which then exits 1: a half-alive process that answers WooCommerce while its worker is dead looks
healthy to nobody but itself; the supervisor (``Restart=on-failure``) starts it again, and the outbox has kept
everything. Connections are bounded (docs/security.md): headers must arrive within
``receiver.header_timeout_seconds``, idle keep-alive connections close after ``keep_alive_seconds``, and
beyond ``max_connections`` requests are answered 503 at once.

SIGTERM and SIGINT stop the server gracefully: in-flight requests finish (their events are committed before
their 2xx), ``stop`` is set, tasks get :data:`SHUTDOWN_GRACE_SECONDS` to finish, then the outbox closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from core.outbox import Outbox
from core.settings import Settings
from core.woo.receiver import create_receiver_app

if TYPE_CHECKING:
    from core.woo.rest import WooClient

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 10.0

TaskFunction = Callable[[asyncio.Event], Awaitable[None]]


@dataclass(frozen=True)
class BackgroundTask:
    """A named coroutine function run for the life of the service."""

    name: str
    run: TaskFunction


def store_task(name: str, label: str, interval_seconds: float, settings: Settings,
               work: Callable[[WooClient, asyncio.Event], Awaitable[None]]) -> list[BackgroundTask]:
    """A task that talks to the store until ``stop``, with one REST client for its whole life.

    The poller and the watchdog share this shape: off (``[]``) when their interval is 0, and off with a
    warning naming ``label`` when no store URL is configured, since they would fail on every pass.
    """
    if interval_seconds <= 0:
        return []
    if not settings.woocommerce.url:
        log.warning("%s off: [woocommerce] url is empty", label)
        return []

    async def run(stop: asyncio.Event) -> None:
        from core.woo.rest import WooClient

        async with WooClient(settings.woocommerce) as client:
            await work(client, stop)

    return [BackgroundTask(name, run)]


def background_tasks(settings: Settings, outbox: Outbox) -> list[BackgroundTask]:
    """The tasks ``serve`` runs beside the receiver.

    Hook for the poller (``sync.poll_interval_seconds``), the sync worker (``sync.mode``), the watchdog
    (``sync.watchdog_interval_seconds``) and the scheduled reconcile (``reconcile.interval_hours``): each
    appends ``BackgroundTask(name, run)`` here when enabled.
    """
    tasks: list[BackgroundTask] = []
    from core.watchdog.task import watchdog_tasks  # here, not at the top: these modules import this one
    from core.woo.poll_task import poller_tasks

    tasks.extend(poller_tasks(settings, outbox))
    tasks.extend(watchdog_tasks(settings, outbox))
    from core.reconcile.task import reconcile_tasks

    tasks.extend(reconcile_tasks(settings, outbox))
    if settings.intacct.sender_id and settings.intacct.company_id:
        from core.sync.runtime import worker_task

        tasks.append(BackgroundTask("sync-worker", lambda stop: worker_task(settings, outbox, stop)))
    return tasks


class _Server(uvicorn.Server):
    """uvicorn's server, minus re-raising the signal after shutdown (so SIGTERM ends with exit status 0)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


class ServiceFailed(RuntimeError):
    """A background task died, so the service stopped (exit status 1)."""


def header_deadline_protocol(seconds: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a deadline for each request's headers.

    uvicorn bounds only the idle time between requests; a client sending its headers a byte at a time would
    hold the connection for ever (slowloris). The timer starts when the connection opens and again after each
    answer, and closes the connection if the next request's headers are not in when it fires.
    """

    class HeaderDeadlineProtocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def handle_events(self) -> None:
            super().handle_events()
            if self.conn.their_state is not h11.IDLE and self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def connection_lost(self, exc: Exception | None) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
            self._header_timer = self.loop.call_later(seconds, self._expired)

        def _expired(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                log.info("closing a connection whose request headers did not arrive in %.1f s", seconds)
                self.transport.close()

    return HeaderDeadlineProtocol


class Service:
    """One running connector: receiver + background tasks over one outbox."""

    def __init__(self, settings: Settings, outbox: Outbox, tasks: list[BackgroundTask] | None = None) -> None:
        self.settings = settings
        self.outbox = outbox
        self.tasks = background_tasks(settings, outbox) if tasks is None else tasks
        self.failed: str | None = None
        """The name of the background task whose death stopped the service (None: it was asked to stop)."""
        r = settings.receiver
        config = uvicorn.Config(
            create_receiver_app(settings, outbox),
            host=r.host,
            port=r.port,
            log_config=None,
            access_log=False,
            lifespan="off",
            server_header=False,
            http=header_deadline_protocol(r.header_timeout_seconds),
            timeout_keep_alive=max(1, round(r.keep_alive_seconds)),
            limit_concurrency=r.max_connections,
        )
        self.server = _Server(config)

    @property
    def port(self) -> int | None:
        """The bound port once started (useful with ``port = 0``)."""
        for server in getattr(self.server, "servers", []):
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return None

    def stop(self) -> None:
        """Ask the service to shut down (what SIGTERM does)."""
        self.server.should_exit = True

    async def run(self) -> None:
        """Serve until stopped; raises :class:`ServiceFailed` when a background task died."""
        stop = asyncio.Event()
        running = [asyncio.create_task(self._guarded(t, stop), name=t.name) for t in self.tasks]
        try:
            await self.server.serve()
        finally:
            stop.set()
            if running:
                _, pending = await asyncio.wait(running, timeout=SHUTDOWN_GRACE_SECONDS)
                for task in pending:
                    log.warning("background task %s did not stop in time; cancelling", task.get_name())
                    task.cancel()
            log.info("stopped")
        if self.failed is not None:
            raise ServiceFailed(f"background task {self.failed} died; the service stopped")

    async def _guarded(self, task: BackgroundTask, stop: asyncio.Event) -> None:
        try:
            await task.run(stop)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("background task %s crashed; stopping the service", task.name)
            self._died(task.name)
            return
        if not stop.is_set():
            log.error("background task %s ended while the service runs; stopping the service", task.name)
            self._died(task.name)

    def _died(self, name: str) -> None:
        self.failed = self.failed or name
        self.stop()
