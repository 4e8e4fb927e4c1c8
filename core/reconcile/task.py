"""Scheduled reconciles inside ``serve`` (``[reconcile] interval_hours``, over the last ``window_days``).

Alerts follow the webhook alerts' lifecycle (:mod:`core.watchdog.alert_store`): one alert of kind
:data:`ALERT_KIND` opens when a run finds differences that are not acknowledged, and stays the one open
alert while differences remain (each run's report is in the log and a ``ml-connector reconcile`` away);
when a run finds none, it is resolved and everyone told of it gets one "resolved" message. Notifications
are sent once per URL (:func:`core.watchdog.watchdog.notify_owed`). A run that cannot read a system logs
the reason and leaves the alert as it is; the next interval tries again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from core.alerts.notifier import Notifier
from core.outbox import Outbox
from core.reconcile.reader import Report, Window, reconcile
from core.settings import Settings
from core.watchdog.alert_store import AlertStore
from core.watchdog.health import Finding

if TYPE_CHECKING:
    from core.service import BackgroundTask

log = logging.getLogger(__name__)

ALERT_KIND = "reconcile_differences"
SUBJECT = "intacct"


def rolling_window(settings: Settings, today: date) -> Window:
    return Window(since=today - timedelta(days=settings.reconcile.window_days), until=today)


def finding(report: Report) -> Finding:
    kinds = ", ".join(f"{n} {k}" for k, n in report.summary.by_kind.items() if n)
    counted = [d for d in report.differences if not d.acknowledged]
    first = "; ".join(f"{d.kind} {d.document}" for d in counted[:5]) + (" …" if len(counted) > 5 else "")
    window = report.window
    return Finding(ALERT_KIND, SUBJECT, "warning",
                   f"Intacct differs from the store ({report.summary.differences} differences)",
                   f"The scheduled reconcile of orders created {window.since} to {window.until} found {kinds}: "
                   f"{first}. Run `ml-connector reconcile --since {window.since}` for the report; docs/operations.md "
                   "(\"Reconcile\") says what to do per kind, or acknowledge an accepted one with --ack ID --note.")


def record(store: AlertStore, report: Report) -> str:
    """Open or resolve the reconcile alert for ``report``: ``opened``, ``resolved`` or ``unchanged``."""
    current = store.open_for(ALERT_KIND, SUBJECT)
    if not report.agrees:
        if current is None and store.open(finding(report), source="reconcile",
                                          extra={"differences": [d.fingerprint for d in report.differences
                                                                 if not d.acknowledged]}) is not None:
            return "opened"
        return "unchanged"
    if current is not None and store.resolve(current.id, f"A reconcile of {report.summary.orders} orders found "
                                             "Intacct in agreement with the store again."):
        return "resolved"
    return "unchanged"


async def reconcile_once(settings: Settings, outbox: Outbox, notifier: Notifier | None = None,
                         today: date | None = None) -> Report:
    """One scheduled run: reconcile the rolling window, open or resolve the alert, send what is owed."""
    from core.watchdog.watchdog import notify_owed

    report = await reconcile(settings, outbox, rolling_window(settings, today or datetime.now(UTC).date()))
    store = AlertStore.for_outbox(outbox)
    try:
        outcome = record(store, report)
        log.info("reconcile: %d orders compared, %d differences (%s); alert %s", report.summary.orders,
                 report.summary.differences, ", ".join(f"{k} {n}" for k, n in report.summary.by_kind.items()),
                 outcome)
        await notify_owed(store, notifier if notifier is not None else Notifier(settings.alerts.urls))
    finally:
        store.close()
    return report


async def run_forever(settings: Settings, outbox: Outbox, stop: asyncio.Event) -> None:
    """A run every ``interval_hours`` until ``stop``."""
    every = settings.reconcile.interval_hours * 3600
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=every)
            return
        except TimeoutError:
            pass
        try:
            await reconcile_once(settings, outbox)
        except Exception as exc:  # noqa: BLE001 - one failed run must not stop serve; the next one retries
            from core.redact import redact

            log.warning("reconcile failed, next try in %.1f h: %s", settings.reconcile.interval_hours,
                        redact(f"{type(exc).__name__}: {exc}"))


def reconcile_tasks(settings: Settings, outbox: Outbox) -> list[BackgroundTask]:
    """``[reconcile]`` when ``interval_hours`` > 0 and both systems are configured, else ``[]``."""
    from core.service import BackgroundTask

    if settings.reconcile.interval_hours <= 0:
        return []
    if not (settings.woocommerce.url and settings.intacct.sender_id and settings.intacct.company_id):
        log.warning("scheduled reconcile off: [woocommerce] url or [intacct] credentials are empty")
        return []
    return [BackgroundTask("reconcile", lambda stop: run_forever(settings, outbox, stop))]
