"""The watchdog's own failures (store failures stay :class:`core.woo.errors.WooError`)::

    WatchdogError           anything from core.watchdog
    └── WebhookSetupError   ``webhooks install`` / ``enable`` cannot proceed: a setting is missing
"""

from __future__ import annotations


class WatchdogError(Exception):
    """Base class of the watchdog's errors."""


class WebhookSetupError(WatchdogError):
    """A webhook cannot be created or changed as asked; the message names the setting to fix."""
