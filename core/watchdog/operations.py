"""What ``ml-connector webhooks check|install|enable`` do, as plain async functions over a :class:`WooClient`.

``install`` is idempotent: a required topic that already has a webhook of ours (in any status) gets no
second one, so running it twice leaves the same webhooks. It never re-enables or rewrites an existing
webhook (the store does not reveal its secret, so we cannot tell whether it matches): ``enable`` does that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.alerts.messages import REQUIRED_TOPICS
from core.settings import Settings
from core.watchdog.errors import WebhookGoneError, WebhookSetupError
from core.watchdog.health import Health, WebhookInfo, assess
from core.woo.errors import WooHTTPError
from core.woo.rest import WooClient

FAILURE_COUNT_WARNING = (
    "WooCommerce keeps the webhook's failure count when it is re-enabled, so ONE more failed delivery "
    "disables it again. Fix the cause first; to reset the count too, run the companion plugin's "
    "`wp ml-connector reenable {id}` on the WordPress server."
)


def webhook_name(topic: str) -> str:
    """The name our installed webhooks carry in the store's admin list."""
    return f"ml-connector {topic}"


@dataclass
class InstallReport:
    created: list[WebhookInfo] = field(default_factory=list)
    existing: list[WebhookInfo] = field(default_factory=list)


async def check_webhooks(client: WooClient, settings: Settings) -> Health:
    """The store's webhooks (all statuses), judged."""
    return assess(await client.list_webhooks("all"), settings)


async def install_webhooks(client: WooClient, settings: Settings) -> InstallReport:
    """Create a webhook for each required topic that has none of ours, with our delivery URL and secret."""
    secret = settings.woocommerce.webhook_secret.reveal()
    if not secret:
        raise WebhookSetupError("[woocommerce] webhook_secret is empty: set the secret the webhooks will sign with "
                                "(the receiver refuses unsigned deliveries)")
    health = await check_webhooks(client, settings)
    report = InstallReport()
    for topic in REQUIRED_TOPICS:
        present = [h for h in health.ours if h.topic == topic]
        if present:
            report.existing.extend(present)
            continue
        created = await client.create_webhook(name=webhook_name(topic), topic=topic,
                                              delivery_url=settings.delivery_url(), secret=secret)
        report.created.append(WebhookInfo.from_json(created))
    return report


WEBHOOK_INVALID_ID = "woocommerce_rest_shop_webhook_invalid_id"
"""WooCommerce's code for an unknown webhook id: sent with 400 by GET and PUT, with 404 only by DELETE."""


async def enable_webhook(client: WooClient, webhook_id: int) -> WebhookInfo:
    """``PUT /webhooks/<id> {"status": "active"}``; the failure count stays (see :data:`FAILURE_COUNT_WARNING`).

    A deleted webhook is recognised by WooCommerce's error code, not the status (``PUT`` answers 400):
    :class:`WebhookGoneError`.
    """
    try:
        return WebhookInfo.from_json(await client.update_webhook(webhook_id, status="active"))
    except WooHTTPError as exc:
        if exc.code == WEBHOOK_INVALID_ID:
            raise WebhookGoneError(webhook_id) from exc
        raise
