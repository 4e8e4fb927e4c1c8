"""Calls into the parts of :mod:`core` that talk to the store and Intacct, one function per console action.

Each runs core's own code on the console's :class:`~console.core_loop.CoreLoop`: pushes and operator moves
through :class:`core.sync.SyncEngine`, re-enabling through :mod:`core.watchdog` (whose pass then resolves the
alert and backfills the outage window), the reference cache through :class:`core.sync.ReferenceCache`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from console.errors import ActionRefused, RemoteFailed, Unavailable

if TYPE_CHECKING:
    from console.core_loop import CoreLoop
    from console.services import BatchResult, Progress


class Busy(Exception):
    """Another process (``serve``) holds the worker lease: it posts the queued events itself."""


def need_store(loop: CoreLoop) -> None:
    if not loop.settings.woocommerce.url:
        raise Unavailable("[woocommerce] url is empty: set the store base URL in the configuration file")


def refused(call: Any) -> Any:
    """Run an engine call, turning its refusals into :class:`ActionRefused`."""
    from core.sync import SyncError

    try:
        return call()
    except SyncError as exc:
        raise ActionRefused(str(exc)) from None


def push(loop: CoreLoop, event_ids: Sequence[int] | None, progress: Progress) -> BatchResult:
    """Push through the sync engine (the same code ``ml-connector push`` runs)."""
    from console.services import BatchResult, remote
    from core.sync import PushReport, SyncError, WorkerBusy

    async def go() -> PushReport:
        cancel = asyncio.Event()

        async def watch() -> None:
            while not progress.cancelled():
                await asyncio.sleep(0.05)
            cancel.set()

        watcher = asyncio.create_task(watch())
        try:
            return await loop.engine().push(
                list(event_ids) if event_ids else None, cancel=cancel, actor=loop.actor,
                progress=lambda r: progress.report(r.done, r.done + len(r.retry), r.lines()[0]))
        finally:
            watcher.cancel()

    try:
        report = remote(lambda: loop.run(go))
    except WorkerBusy:
        raise Busy() from None
    except SyncError as exc:
        raise ActionRefused(str(exc)) from None
    return BatchResult(len(report.posted), len(report.failed), report.cancelled, report.lines())


def reenable(loop: CoreLoop, webhook_id: int, progress: Progress) -> BatchResult:
    """Set the webhook active through the REST API, then one watchdog pass: resolve + backfill the outage."""
    need_store(loop)
    from console.services import BatchResult, remote
    from core.watchdog import Watchdog, enable_webhook

    async def go() -> tuple[str, int]:
        progress.report(0, 2, f"re-enabling webhook {webhook_id}")
        hook = await enable_webhook(loop.woo(), webhook_id)
        progress.report(1, 2, "watchdog pass: resolving the alert and backfilling the outage window")
        dog = Watchdog(loop.settings, loop.outbox, loop.woo())
        try:
            report = await dog.run_once()
        finally:
            dog.close()
        read = sum(sum(c.values()) for r in report.backfills for c in r.counts.values())
        progress.report(2, 2, "done")
        return str(hook.status), read

    status, read = remote(lambda: loop.run(go))
    return BatchResult(1, 0, messages=[f"webhook {webhook_id} is now {status}",
                                       f"backfill read {read} record(s) from the outage window"])


def ping(loop: CoreLoop) -> list[tuple[str, bool, str]]:
    """The ``ml-connector ping`` checks (:func:`core.ping.run_ping`), as (check, ok, detail and fix)."""
    from core.ping import run_ping

    try:
        results = loop.run(lambda: run_ping(loop.settings))
    except Exception as exc:  # a check that crashes is still a result to show, not a console crash
        raise RemoteFailed(f"ping failed: {exc}") from None
    return [(r.name, r.ok, r.detail + (f" — {r.fix}" if r.fix and not r.ok else "")) for r in results]


def reference(loop: CoreLoop) -> tuple[str, list[tuple[str, str, str]]]:
    """The cached reference data: (age, rows of (object, id, title))."""
    from core.sync import ReferenceCache

    cache = ReferenceCache(loop.outbox)
    age = cache.age_seconds()
    when = "never" if age is None else f"{int(age // 60)} min ago"
    return when, [(i.object, i.item_id, i.title) for i in cache.items()]


def refresh_reference(loop: CoreLoop, progress: Progress) -> BatchResult:
    """Read GL accounts and dimensions from Intacct again into the cache."""
    from console.services import BatchResult, remote

    async def go() -> Any:
        progress.report(0, 1, "reading GL accounts and dimensions from Intacct")
        return await loop.engine().ensure_reference(force=True)

    data = remote(lambda: loop.run(go))
    return BatchResult(len(data.accounts) + sum(len(v) for v in data.dimensions.values()))
