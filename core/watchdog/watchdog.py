"""The webhook watchdog: notices within one interval that WooCommerce stopped delivering, tells people once,
and once deliveries are back, polls the store for everything the outage swallowed.

WooCommerce disables a webhook on the 7th consecutive failed delivery, sends nobody anything, and does not
even queue the events of a disabled webhook (WOOCOMMERCE-API.md §2.2, §2.4, §6.1). Each full pass
(every ``sync.watchdog_interval_seconds``):

1. adopt companion alerts the receiver stored (also every :data:`TICK_SECONDS`, so they go out at once);
2. list the store's webhooks (all statuses) and :func:`~core.watchdog.health.assess` them;
3. open one alert per new problem, resolve the alerts whose problem is gone (active again, or replaced);
4. warn when no delivery arrived for ``sync.silence_warning_minutes`` while the poll keeps finding changes;
5. run the backfill each resolution owes: from when the alert opened minus ``poll_overlap_seconds``, or
   from the webhook's last delivery if that is earlier (the failed deliveries before the disable), to now;
6. send what is pending: each alert once to every ``[alerts] urls`` entry, then one "resolved".

Any failure (store down, notifier down, database busy) is logged and retried on the next pass; the
watchdog itself never stops the service.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.alerts.messages import resolved_text, silence_text
from core.alerts.notifier import Notifier, NotifyKind
from core.outbox import Outbox
from core.settings import Settings
from core.watchdog.alert_store import Alert, AlertStore, Phase
from core.watchdog.health import (
    SILENCE,
    TOPIC_MISSING,
    WEBHOOK_INACTIVE,
    Finding,
    Health,
    assess,
    inactive_finding,
)
from core.woo.errors import WooError
from core.woo.poller import Poller, PollReport
from core.woo.rest import WooClient

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0
"""How often companion alerts are adopted and pending notifications sent between full passes."""
SILENCE_SUBJECT = "deliveries"
BACKFILL_END_MARGIN = timedelta(seconds=2)
"""The backfill reads a little past "now": the store keeps whole seconds and ``modified_before`` excludes its
bound, so a change made in the current second would otherwise fall outside the window."""


def stamp(value: datetime) -> str:
    """The outbox's timestamp format (ISO 8601 UTC with microseconds and ``Z``), which sorts as text."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


@dataclass
class WatchReport:
    """What one pass saw and did (for logs, the CLI and tests)."""

    health: Health | None = None
    error: str = ""
    opened: list[Alert] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)
    notified: int = 0
    backfills: list[PollReport] = field(default_factory=list)


class Watchdog:
    """One store, one outbox. Use :meth:`run_forever` in ``serve``; :meth:`run_once` from a command."""

    def __init__(self, settings: Settings, outbox: Outbox, client: WooClient, *, notifier: Notifier | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.settings, self.outbox, self.client = settings, outbox, client
        self.notifier = notifier if notifier is not None else Notifier(settings.alerts.urls)
        self.store = AlertStore.for_outbox(outbox)
        self.poller = Poller(settings, outbox, client)
        self._now = clock or (lambda: datetime.now(UTC))

    def close(self) -> None:
        self.store.close()

    # -- scheduling ------------------------------------------------------------------------------------------

    async def run_forever(self, stop: asyncio.Event, interval: float | None = None,
                          tick: float | None = None) -> None:
        """Full pass every ``interval`` (default ``sync.watchdog_interval_seconds``; 0 disables), quick ones
        (companion alerts, pending notifications) every ``tick`` in between, until ``stop`` is set."""
        every = self.settings.sync.watchdog_interval_seconds if interval is None else interval
        if every <= 0:
            log.info("webhook watchdog disabled (sync.watchdog_interval_seconds = 0)")
            return
        step = min(every, TICK_SECONDS) if tick is None else tick
        loop = asyncio.get_running_loop()
        next_full = loop.time()
        while not stop.is_set():
            try:
                if loop.time() >= next_full:
                    next_full = loop.time() + every
                    await self.run_once()
                else:
                    await self.run_quick()
            except Exception:  # the watchdog must outlive any single failure
                log.exception("webhook watchdog pass failed; retrying next interval")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=step)

    async def run_quick(self) -> WatchReport:
        """Adopt companion alerts and send pending notifications (no store call)."""
        report = WatchReport()
        self.adopt_companion_alerts(report)
        report.notified = await self.notify_pending()
        return report

    async def run_once(self) -> WatchReport:
        """One full pass (see the module docstring)."""
        report = WatchReport()
        self.adopt_companion_alerts(report)
        try:
            hooks = await self.client.list_webhooks("all")
        except WooError as exc:
            report.error = str(exc)
            log.warning("webhook watchdog cannot list the store's webhooks: %s", exc)
        else:
            report.health = assess(hooks, self.settings)
            for hook in report.health.ours:
                self.outbox.set_webhook_status(hook.id, hook.status)
            self._reconcile(report.health, report)
        self._check_silence(report)
        await self._run_backfills(report)
        report.notified = await self.notify_pending()
        return report

    # -- alerts ----------------------------------------------------------------------------------------------

    def adopt_companion_alerts(self, report: WatchReport) -> None:
        """Companion alerts become the same ``webhook_inactive`` alert the store check would open."""
        for row in self.store.unadopted():
            if row.webhook_id is None:
                finding = Finding("companion", f"alert:{row.id}", "failure", row.title,
                                  row.message or "The WordPress companion plugin reported a problem.")
            else:
                finding = inactive_finding(row.webhook_id, row.topic or "?", self.settings)
            existing = self.store.open_for(finding.kind, finding.subject)
            if existing is not None:
                self.store.resolve(row.id, f"same problem as alert {existing.id}", kind=finding.kind)
            elif self.store.adopt(row.id, finding):
                log.warning("companion alert: %s", finding.title)
                report.opened.append(row)

    def _reconcile(self, health: Health, report: WatchReport) -> None:
        findings = {(f.kind, f.subject): f for f in health.findings}
        still_open: set[str] = set()
        for alert in self.store.open_alerts():
            if alert.kind not in (WEBHOOK_INACTIVE, TOPIC_MISSING) or (alert.kind, alert.subject) in findings:
                continue
            resolution = _resolution(alert, health)
            if resolution is None:
                still_open.add(alert.topic)
            elif self.store.resolve(alert.id, resolution, self._backfill_start(alert)):
                log.info("alert %d resolved: %s", alert.id, resolution)
                report.resolved.append(alert.id)
        for finding in findings.values():
            if finding.kind == TOPIC_MISSING and finding.topic in still_open:
                continue  # an open alert about a deleted webhook of this topic already says it
            opened = self.store.open(finding)
            if opened is not None:
                log.warning("alert %d opened: %s", opened.id, opened.title)
                report.opened.append(opened)

    def _backfill_start(self, alert: Alert) -> str:
        start = parse_stamp(alert.opened_at) - timedelta(seconds=max(0, self.settings.sync.poll_overlap_seconds))
        last = self.store.last_delivery_at(alert.webhook_id) if alert.webhook_id is not None else None
        if last is not None:
            start = min(start, parse_stamp(last))
        return stamp(start)

    def _check_silence(self, report: WatchReport) -> None:
        minutes = self.settings.sync.silence_warning_minutes
        current = self.store.open_for(SILENCE, SILENCE_SUBJECT)
        last = self.store.last_delivery_at()
        if current is not None:
            if minutes <= 0 or (last is not None and last > current.opened_at):
                why = f"a webhook delivery arrived at {last}" if last else "the silence warning was switched off"
                if self.store.resolve(current.id, why):
                    report.resolved.append(current.id)
            return
        cutoff = stamp(self._now() - timedelta(minutes=minutes))
        if minutes <= 0 or (last is not None and last >= cutoff):
            return
        found = self.store.poll_finds_since(cutoff)
        if found:
            title, message = silence_text(minutes, last, found)
            opened = self.store.open(Finding(SILENCE, SILENCE_SUBJECT, "warning", title, message))
            if opened is not None:
                report.opened.append(opened)

    # -- backfill --------------------------------------------------------------------------------------------

    async def _run_backfills(self, report: WatchReport) -> None:
        """One poll over the union of every owed outage window; marked done only once it succeeded."""
        owed = [a for a in self.store.pending_backfills() if a.backfill_from]
        if not owed:
            return
        start = min(parse_stamp(a.backfill_from or "") for a in owed)
        try:
            result = await self.poller.backfill(start, self._now() + BACKFILL_END_MARGIN)
        except WooError as exc:
            log.warning("backfill from %s failed, retrying next interval: %s", stamp(start), exc)
            return
        for alert in owed:
            self.store.mark_backfilled(alert.id)
        log.info("backfill from %s: %s", stamp(start), "; ".join(result.lines()))
        report.backfills.append(result)

    # -- notifications ---------------------------------------------------------------------------------------

    async def notify_pending(self) -> int:
        """Send every owed notification once per URL; returns how many sends succeeded."""
        return await notify_owed(self.store, self.notifier)


async def notify_owed(store: AlertStore, notifier: Notifier) -> int:
    """Every owed notification of every alert kind (webhooks, reconcile), once per URL: claimed before it is
    sent so two processes never tell anyone twice; a failed send gives its claim back for the next pass."""
    if not notifier.keys:
        return 0
    sent = 0
    for alert in store.needing_notification():
        phase: Phase = "open" if alert.is_open else "resolved"
        if alert.is_open:
            missing = [k for k in notifier.keys if k not in alert.notified_open]
            title, body, kind = alert.title, alert.message, _kind(alert.severity)
        else:
            missing = [k for k in alert.notified_open if k not in alert.notified_resolved and k in notifier.keys]
            title, body = resolved_text(alert.title, alert.resolution, alert.backfill_from)
            kind = "success"
        if not missing or not store.claim(alert, phase, missing):
            continue
        delivered = await notifier.send(title, body, kind, missing)
        failed = set(missing) - delivered
        if failed:
            store.unclaim(alert.id, phase, failed)
        sent += len(delivered)
    return sent


def _kind(severity: str) -> NotifyKind:
    return "warning" if severity == "warning" else "failure"


def _resolution(alert: Alert, health: Health) -> str | None:
    """Why ``alert`` no longer holds, or ``None`` while it still does."""
    if alert.kind == TOPIC_MISSING:
        if alert.topic in health.active_topics:
            ids = ", ".join(str(h.id) for h in health.ours if h.topic == alert.topic and h.status == "active")
            return f"{alert.topic} is delivered again (webhook {ids})."
        return None
    hook = health.webhook(alert.webhook_id) if alert.webhook_id is not None else None
    if hook is not None:
        return f"Webhook {hook.id} ({hook.topic}) is active again." if hook.status == "active" else None
    if alert.topic in health.active_topics:
        return f"Webhook {alert.webhook_id} is gone; another webhook of ours delivers {alert.topic}."
    return None
