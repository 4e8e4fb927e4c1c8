"""Webhook health: notice that WooCommerce stopped delivering, tell the ops team once, backfill the gap.

Public API::

    from core.watchdog import Watchdog, open_alerts, list_alerts, acknowledge_alert

    dog = Watchdog(settings, outbox, woo_client)        # notifier from [alerts] urls
    await dog.run_forever(stop)                          # serve's background task (core.watchdog.task)
    report = await dog.run_once()                        # one pass: opened/resolved alerts, backfills

    open_alerts(outbox) -> list[Alert]                   # the console banner
    list_alerts(outbox, limit=100) -> list[Alert]        # the alerts screen, newest first
    acknowledge_alert(outbox, alert_id) -> bool

    await check_webhooks(client, settings) -> Health     # webhooks check
    await install_webhooks(client, settings) -> InstallReport
    await enable_webhook(client, webhook_id) -> WebhookInfo

Modules: ``health`` (which webhooks are ours, what is wrong: pure), ``alert_store`` (alert rows and their
lifecycle), ``watchdog`` (the loop), ``operations`` (the CLI's verbs), ``task`` (serve's hook), ``errors``.
"""

from core.watchdog.alert_store import Alert, AlertStore, acknowledge_alert, list_alerts, open_alerts
from core.watchdog.errors import WatchdogError, WebhookGoneError, WebhookSetupError
from core.watchdog.health import REQUIRED_TOPICS, Finding, Health, WebhookInfo, assess, is_ours
from core.watchdog.operations import (
    FAILURE_COUNT_WARNING,
    InstallReport,
    check_webhooks,
    enable_webhook,
    install_webhooks,
)
from core.watchdog.watchdog import Watchdog, WatchReport

__all__ = [
    "FAILURE_COUNT_WARNING",
    "REQUIRED_TOPICS",
    "Alert",
    "AlertStore",
    "Finding",
    "Health",
    "InstallReport",
    "WatchReport",
    "Watchdog",
    "WatchdogError",
    "WebhookInfo",
    "WebhookGoneError",
    "WebhookSetupError",
    "acknowledge_alert",
    "assess",
    "check_webhooks",
    "enable_webhook",
    "install_webhooks",
    "is_ours",
    "list_alerts",
    "open_alerts",
]
