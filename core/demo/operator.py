"""The operator's part of the headless day: what a person does in the console, done through the same core.

1. A gift-card order failed: the ``Gift Cards`` rule names GL account 2450, which Intacct lacks. The
   operator corrects the rule in the configuration file and retries the failed events.
2. The watchdog raised an alert: WooCommerce disabled the ``order.updated`` webhook. The operator re-enables
   it with the ``webhooks enable`` logic; the watchdog sees it active, resolves the alert and backfills the
   outage window from the store's REST API.
3. Then everyone waits until the outbox is drained.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.demo.config import MISSING_ACCOUNT, fixed_mapping, write_config
from core.demo.worker import ReloadingWorker
from core.outbox import Outbox
from core.outbox.model import FAILED, POSTED, SKIPPED
from core.settings import Settings
from core.watchdog import Alert, enable_webhook, list_alerts, open_alerts
from core.woo.rest import WooClient

Say = Callable[[str], None]
SETTLED = frozenset({POSTED, SKIPPED, FAILED})
"""States the worker leaves alone: nothing more will happen to these events without an operator."""


async def wait_for(check: Callable[[], Any], timeout: float, every: float = 0.1) -> Any:
    """Poll ``check`` until it returns something truthy or ``timeout`` passes; returns its last value."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    value = check()
    while not value and loop.time() < deadline:
        await asyncio.sleep(every)
        value = check()
    return value


def failed_on_account(outbox: Outbox) -> list[int]:
    """Failed events whose error names the missing account."""
    return [e.id for e in outbox.list_events(FAILED, limit=1000) if MISSING_ACCOUNT in (e.last_error or "")]


class Operator:
    """Plays the operator against the running demo (headless mode only)."""

    def __init__(self, settings: Settings, config: dict[str, Any], config_path: Path, outbox: Outbox,
                 worker: ReloadingWorker, say: Say = print, timeout: float = 30.0) -> None:
        self.settings, self.config, self.config_path = settings, config, config_path
        self.outbox, self.worker, self.say, self.timeout = outbox, worker, say, timeout

    async def fix_mapping_and_retry(self) -> list[int]:
        failed: list[int] = await wait_for(lambda: failed_on_account(self.outbox), self.timeout)
        if not failed:
            self.say("Operator: no event failed on the gift-card account (nothing to fix).")
            return []
        self.say(f"Operator: event(s) {', '.join(map(str, failed))} failed: GL account {MISSING_ACCOUNT} does not "
                 "exist in Intacct. Fixing [mapping.category_accounts] \"Gift Cards\" in the configuration …")
        generation = self.worker.generation
        write_config(self.config_path, fixed_mapping(self.config), "ml-connector demo (the operator fixed Gift Cards)")
        await wait_for(lambda: self.worker.generation > generation and self.worker.engine is not None, self.timeout)
        engine = self.worker.engine
        assert engine is not None
        for event_id in failed:
            engine.retry(event_id, actor="operator")
        self.say(f"Operator: retried {len(failed)} event(s) with the corrected mapping.")
        return failed

    def disabled_alert(self) -> Alert | None:
        return next((a for a in open_alerts(self.outbox) if a.webhook_id is not None), None)

    async def reenable_webhook(self) -> bool:
        alert = await wait_for(self.disabled_alert, self.timeout)
        if alert is None or alert.webhook_id is None:
            self.say("Operator: no disabled-webhook alert was raised.")
            return False
        self.say(f"Alert: {alert.title}")
        async with WooClient(self.settings.woocommerce) as client:
            info = await enable_webhook(client, alert.webhook_id)
        self.say(f"Operator: re-enabled webhook {info.id} ({info.topic}); the watchdog backfills the outage window.")
        done = await wait_for(lambda: self.backfilled(alert.id), self.timeout)
        self.say("Watchdog: alert resolved, outage window backfilled." if done else
                 "Watchdog: the alert is not resolved and backfilled yet.")
        return bool(done)

    def backfilled(self, alert_id: int) -> bool:
        alert = next((a for a in list_alerts(self.outbox) if a.id == alert_id), None)
        return alert is not None and alert.resolved_at is not None and alert.backfilled_at is not None

    async def wait_drained(self, quiet_seconds: float = 1.0) -> bool:
        """True once every event is settled and stayed so for ``quiet_seconds`` (late deliveries included)."""
        loop = asyncio.get_running_loop()
        deadline, quiet_since = loop.time() + self.timeout, None
        while loop.time() < deadline:
            counts = self.outbox.count_by_state()
            if set(counts) <= SETTLED:
                quiet_since = quiet_since or loop.time()
                if loop.time() - quiet_since >= quiet_seconds:
                    return True
            else:
                quiet_since = None
            await asyncio.sleep(0.1)
        self.say("Outbox not drained in time: " + json.dumps(self.outbox.count_by_state()))
        return False
