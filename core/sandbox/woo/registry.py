"""Webhook records and their bookkeeping, exactly as ``class-wc-webhook.php`` keeps them.

``record_result`` is the one place that implements ``log_delivery()`` + ``failed_delivery()``:
success (200 ≤ code ≤ 302) sets ``failure_count = 0``; a failure disables the webhook when the count
*before* this failure is greater than ``max_failures`` (5), else increments it — so the 7th consecutive
failure disables. Re-enabling never touches the count.
"""

from __future__ import annotations

import secrets
from typing import Any

from core.sandbox.woo.errors import NotFound
from core.sandbox.woo.store import WooStore
from core.sandbox.woo.webhooks import INVALID_ID, Webhook, check_delivery_url, check_status, check_topic, invalid_id


def is_success(status_code: int | None) -> bool:
    """``intval( $response_code ) >= 200 && < 303``; a transport error (``None``) is a failure."""
    return status_code is not None and 200 <= status_code < 303


class WebhookRegistry:
    """CRUD and failure bookkeeping for the store's webhooks (under the store's lock)."""

    def __init__(self, store: WooStore, max_failures: int = 5) -> None:
        self.store = store
        self.max_failures = max_failures

    def get(self, webhook_id: int) -> Webhook:
        """The webhook, or 400 "ID is invalid." as ``GET``/``PUT`` answer an unknown id."""
        with self.store.lock:
            hook = self.store.webhooks.get(webhook_id)
            if hook is None:
                raise invalid_id()
            return hook

    def create(self, topic: Any, delivery_url: Any, secret: str | None = None, name: str | None = None) -> Webhook:
        """A new webhook: always ``active`` and ``pending_delivery`` (the caller pings it)."""
        topic, url = check_topic(topic), check_delivery_url(delivery_url)
        with self.store.lock:
            now = self.store.clock()
            hook = Webhook(self.store.next_webhook_id(), name or f"Webhook created on {now:%b %d, %Y @ %I:%M %p}",
                           topic, url, secret if secret is not None else secrets.token_urlsafe(37), now, now)
            self.store.webhooks[hook.id] = hook
            return hook

    def update(self, webhook_id: int, changes: dict[str, Any]) -> bool:
        """Apply REST-editable fields; True when the data store would ping (active and URL changed or pending)."""
        with self.store.lock:
            hook = self.get(webhook_id)
            url_changed = False
            if changes.get("topic") is not None:
                hook.topic = check_topic(changes["topic"], creating=False)
            if changes.get("delivery_url") is not None:
                url = check_delivery_url(changes["delivery_url"])
                url_changed, hook.delivery_url = url != hook.delivery_url, url
            if changes.get("status"):
                hook.status = check_status(changes["status"])
            for key in ("name", "secret"):
                if changes.get(key) is not None:
                    setattr(hook, key, str(changes[key]))
            hook.modified = self.store.clock()
            return hook.status == "active" and (url_changed or hook.pending_delivery)

    def delete(self, webhook_id: int) -> Webhook:
        """Remove it; an unknown id is 404 "Invalid ID." here (``delete_item``), unlike ``get``."""
        with self.store.lock:
            hook = self.store.webhooks.pop(webhook_id, None)
            if hook is None:
                raise NotFound(INVALID_ID)
            return hook

    def listing(self, status: str = "all") -> list[Webhook]:
        with self.store.lock:
            hooks = sorted(self.store.webhooks.values(), key=lambda h: (h.created, h.id), reverse=True)
            return [h for h in hooks if status == "all" or h.status == status]

    def active_for(self, topic: str) -> list[Webhook]:
        """Webhooks whose hooks are attached now: only ``active`` ones (paused/disabled queue nothing)."""
        with self.store.lock:
            return [h for h in self.store.webhooks.values() if h.status == "active" and h.topic == topic]

    def record_result(self, webhook_id: int, status_code: int | None) -> bool:
        """Bookkeeping after one delivery attempt; True when this attempt disabled the webhook."""
        with self.store.lock:
            hook = self.store.webhooks.get(webhook_id)
            if hook is None:
                return False
            hook.modified = self.store.clock()
            if is_success(status_code):
                hook.failure_count = 0
                return False
            if hook.failure_count > self.max_failures:
                hook.status = "disabled"
                return True
            hook.failure_count += 1
            return False

    def ping_succeeded(self, webhook_id: int) -> None:
        with self.store.lock:
            hook = self.store.webhooks.get(webhook_id)
            if hook is not None:
                hook.pending_delivery = False
                hook.modified = self.store.clock()
