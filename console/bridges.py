"""Calls into the parts of :mod:`core` that talk to the store and Intacct, one function per console action.

Each function opens the core clients it needs for one action, runs core's own code and closes them again;
it runs in a worker thread (see :func:`console.services.run_async`). When a core part an action needs is
not available (not configured, or not part of this build) the action says so with
:class:`~console.errors.Unavailable` instead of doing anything itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import TYPE_CHECKING, Any

from console.errors import RemoteFailed, Unavailable

if TYPE_CHECKING:
    from console.services import BatchResult, Progress
    from core.outbox import Outbox
    from core.settings import Settings


def _core(module: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise Unavailable(f"{what} ({module}) is not part of this build") from None


def _need_store(settings: Settings) -> None:
    if not settings.woocommerce.url:
        raise Unavailable("[woocommerce] url is empty: set the store base URL in the configuration file")


def push(settings: Settings, outbox: Outbox, event_ids: Sequence[int] | None, progress: Progress) -> BatchResult:
    """Push through the sync engine (the same code ``ml-connector push`` runs)."""
    sync = _core("core.sync", "the sync engine")
    from console.services import BatchResult, remote, run_async

    ids = list(event_ids) if event_ids is not None else None

    async def go() -> Any:
        return await sync.push(settings, outbox, ids, progress=progress.report, cancelled=progress.cancelled)

    report = remote(lambda: run_async(go))
    return BatchResult(int(getattr(report, "posted", 0)), int(getattr(report, "failed", 0)),
                       bool(getattr(report, "cancelled", False)), [str(m) for m in getattr(report, "messages", [])])


def outage_start(outbox: Outbox, webhook_id: int) -> datetime:
    """When the webhook stopped delivering: its last delivery, else the last health check, else an hour ago."""
    for row in outbox.table_rows("webhook_health", limit=1000):
        if row.get("webhook_id") == webhook_id:
            for key in ("last_delivery_at", "checked_at"):
                if row.get(key):
                    return datetime.fromisoformat(str(row[key]).replace("Z", "+00:00"))
    return datetime.now(UTC) - timedelta(hours=1)


def reenable(settings: Settings, outbox: Outbox, webhook_id: int, progress: Progress) -> BatchResult:
    """Set the webhook active through the REST API, record it, then backfill the outage window."""
    _need_store(settings)
    from console.services import BatchResult, remote, run_async
    from core.woo.poller import Poller
    from core.woo.rest import WooClient

    start = outage_start(outbox, webhook_id)

    async def go() -> Any:
        async with WooClient(settings.woocommerce) as client:
            progress.report(0, 2, f"re-enabling webhook {webhook_id}")
            hook = await client.update_webhook(webhook_id, status="active")
            outbox.set_webhook_status(webhook_id, str(hook.get("status", "active")), hook.get("failure_count"))
            progress.report(1, 2, f"backfilling since {start:%Y-%m-%d %H:%M} UTC")
            report = await Poller(settings, outbox, client).backfill(start, datetime.now(UTC))
            progress.report(2, 2, "backfill done")
            return report

    report = remote(lambda: run_async(go))
    return BatchResult(1, 0, messages=[f"webhook {webhook_id} is active again", *report.lines()])


def ping(settings: Settings) -> list[tuple[str, bool, str]]:
    """The ``ml-connector ping`` checks, as (check, ok, detail)."""
    checks = _core("core.ping", "connection checks")
    from console.services import run_async

    try:
        results = run_async(lambda: checks.run_checks(settings))
    except Exception as exc:  # a check that crashes is still a result to show, not a console crash
        raise RemoteFailed(f"ping failed: {exc}") from None
    return [(str(r.name), bool(r.ok), str(r.detail)) for r in results]


def reference(settings: Settings, outbox: Outbox) -> tuple[str, list[tuple[str, str, str]]]:
    """The cached reference data: (last refresh, rows of (kind, id, name))."""
    cache = _core("core.reference", "the reference data cache")
    snapshot = cache.load(outbox)
    return str(snapshot.refreshed_at or "never"), [(str(k), str(i), str(n)) for k, i, n in snapshot.rows()]


def refresh_reference(settings: Settings, outbox: Outbox, progress: Progress) -> BatchResult:
    """Read GL accounts and dimensions from Intacct again into the cache."""
    cache = _core("core.reference", "the reference data cache")
    from console.services import BatchResult, remote, run_async

    count = remote(lambda: run_async(lambda: cache.refresh(settings, outbox, progress=progress.report)))
    return BatchResult(int(count))
