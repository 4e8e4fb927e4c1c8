"""Webhook records, valid topics and their hooks, and the REST JSON of a webhook.

The bookkeeping fields (``secret``, ``failure_count``, ``pending_delivery``, ``api_version``) live here
but are never shown by ``webhook_json``: WooCommerce's v2/v3 controller does not return them.

An unknown id is answered as the v1/v2 controllers do: ``GET`` (``prepare_item_for_response``) and ``PUT``
(``update_item``) 400 ``woocommerce_rest_shop_webhook_invalid_id`` "ID is invalid."; only ``DELETE``
(after its ``force`` check) 404 "Invalid ID.".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.sandbox.woo.errors import RestError
from core.sandbox.woo.payloads import Payloads

STATUSES = ("active", "paused", "disabled")
RESOURCES = ("coupon", "customer", "order", "product")
EVENTS = ("created", "updated", "deleted", "restored")
INVALID_ACTIONS = {
    "action.woocommerce_login_credentials",
    "action.woocommerce_product_csv_importer_check_import_file_path",
    "action.woocommerce_webhook_should_deliver",
}

# class-wc-webhook.php get_topic_hooks() as released (no refund-deletion hook, no product.published).
TOPIC_HOOKS: dict[str, list[str]] = {
    "coupon.created": ["woocommerce_process_shop_coupon_meta", "woocommerce_new_coupon"],
    "coupon.updated": ["woocommerce_process_shop_coupon_meta", "woocommerce_update_coupon"],
    "coupon.deleted": ["wp_trash_post"],
    "coupon.restored": ["untrashed_post"],
    "customer.created": ["user_register", "woocommerce_created_customer", "woocommerce_new_customer"],
    "customer.updated": ["profile_update", "woocommerce_update_customer"],
    "customer.deleted": ["delete_user"],
    "order.created": ["woocommerce_new_order"],
    "order.updated": ["woocommerce_update_order", "woocommerce_order_refunded"],
    "order.deleted": ["wp_trash_post", "woocommerce_trash_order"],
    "order.restored": ["untrashed_post", "woocommerce_untrash_order"],
    "product.created": ["woocommerce_process_product_meta", "woocommerce_new_product",
                        "woocommerce_new_product_variation"],
    "product.updated": ["woocommerce_process_product_meta", "woocommerce_update_product",
                        "woocommerce_update_product_variation"],
    "product.deleted": ["wp_trash_post"],
    "product.restored": ["untrashed_post"],
}


def is_valid_topic(topic: str) -> bool:
    """Core topics from the hook map, plus ``action.woocommerce_*`` / ``action.wc_*`` custom topics."""
    if topic in TOPIC_HOOKS:
        return True
    return topic.startswith(("action.woocommerce_", "action.wc_")) and topic not in INVALID_ACTIONS


INVALID_ID = "woocommerce_rest_shop_webhook_invalid_id"


def invalid_id() -> RestError:
    """``GET``/``PUT /webhooks/<unknown id>``: 400, not 404 (``class-wc-rest-webhooks-v2-controller.php``)."""
    return RestError(INVALID_ID, "ID is invalid.", 400)


def check_topic(topic: object, creating: bool = True) -> str:
    """``create_item`` says "… is required and must be valid."; ``update_item`` "Webhook topic must be valid."."""
    if not isinstance(topic, str) or not is_valid_topic(topic):
        message = "Webhook topic is required and must be valid." if creating else "Webhook topic must be valid."
        raise RestError("woocommerce_rest_shop_webhook_invalid_topic", message, 400)
    return topic


def check_delivery_url(url: object) -> str:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise RestError("woocommerce_rest_shop_webhook_invalid_delivery_url",
                        "Webhook delivery URL must be a valid URL starting with http:// or https://.", 400)
    return url


def check_status(status: object) -> str:
    if not isinstance(status, str) or status.lower() not in STATUSES:
        raise RestError("woocommerce_rest_shop_webhook_invalid_status", "Webhook status must be valid.", 400)
    return status.lower()


@dataclass(slots=True)
class Webhook:
    id: int
    name: str
    topic: str
    delivery_url: str
    secret: str
    created: datetime
    modified: datetime
    status: str = "active"
    failure_count: int = 0
    pending_delivery: bool = True
    api_version: str = "wp_api_v3"

    @property
    def resource(self) -> str:
        return self.topic.split(".", 1)[0]

    @property
    def event(self) -> str:
        return self.topic.split(".", 1)[1] if "." in self.topic else ""

    @property
    def hooks(self) -> list[str]:
        if self.resource == "action":
            return [self.event]
        return list(TOPIC_HOOKS.get(self.topic, []))


def webhook_json(hook: Webhook, payloads: Payloads) -> dict[str, Any]:
    """``GET /webhooks/<id>``: no secret, no failure_count, no api_version, no pending_delivery."""
    data: dict[str, Any] = {
        "id": hook.id, "name": hook.name, "status": hook.status, "topic": hook.topic,
        "resource": hook.resource, "event": hook.event, "hooks": hook.hooks, "delivery_url": hook.delivery_url,
    }
    payloads.dates(data, "date_created", hook.created)
    payloads.dates(data, "date_modified", hook.modified)
    data["_links"] = {"self": payloads.link(f"webhooks/{hook.id}"), "collection": payloads.link("webhooks")}
    return data
