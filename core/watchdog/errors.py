"""The watchdog's own failures (store failures stay :class:`core.woo.errors.WooError`)::

    WatchdogError           anything from core.watchdog
    ├── WebhookSetupError   ``webhooks install`` / ``enable`` cannot proceed: a setting is missing
    └── WebhookGoneError    ``webhooks enable ID``: the store has no webhook ID (deleted, or a wrong id)
"""

from __future__ import annotations


class WatchdogError(Exception):
    """Base class of the watchdog's errors."""


class WebhookSetupError(WatchdogError):
    """A webhook cannot be created or changed as asked; the message names the setting to fix."""


class WebhookGoneError(WatchdogError):
    """The store has no webhook with this id: WooCommerce answers ``woocommerce_rest_shop_webhook_invalid_id``."""

    def __init__(self, webhook_id: int) -> None:
        self.webhook_id = webhook_id
        super().__init__(
            f"webhook {webhook_id} does not exist in the store (deleted, or a wrong id): "
            "`ml-connector webhooks check` lists the store's webhooks and `ml-connector webhooks install` "
            "creates the missing ones")
