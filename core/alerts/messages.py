"""What an alert says: the problem in one line, then exactly how to fix it.

The readers are the store's ops team, often on a phone, so every opened alert carries every way to
re-enable a webhook (WOOCOMMERCE-API.md §2.5): the admin screen, the REST call, WP-CLI, the companion
plugin (the only one that also resets WooCommerce's failure count) and our own command. Texts are pure
functions of their arguments (no I/O, no clock); the notifier redacts them before they leave the process.
"""

from __future__ import annotations

REQUIRED_TOPICS: tuple[str, ...] = ("order.created", "order.updated", "customer.created", "customer.updated")
"""The webhook topics the connector needs; each must be covered by an active webhook of ours."""

Text = tuple[str, str]
"""``(title, body)`` of one notification."""


def admin_url(store_url: str, webhook_id: int) -> str:
    """The store's edit screen for one webhook (WooCommerce → Settings → Advanced → Webhooks)."""
    base = store_url.rstrip("/") or "https://<your-store>"
    return f"{base}/wp-admin/admin.php?page=wc-settings&tab=advanced&section=webhooks&edit-webhook={webhook_id}"


def reenable_instructions(webhook_id: int, store_url: str) -> str:
    """Every way to set webhook ``webhook_id`` active again, and why the companion's way is the best."""
    return "\n".join([
        f"How to re-enable webhook {webhook_id} (any one of these):",
        "  1. WordPress admin: WooCommerce → Settings → Advanced → Webhooks → edit → Status: Active → Save",
        f"     {admin_url(store_url, webhook_id)}",
        f"  2. REST API: PUT /wp-json/wc/v3/webhooks/{webhook_id} with the body {{\"status\":\"active\"}}",
        f"  3. WP-CLI: wp wc webhook update {webhook_id} --status=active --user=<admin>",
        f"  4. Companion plugin: wp ml-connector reenable {webhook_id}   (also resets the failure count)",
        f"  5. This connector: ml-connector webhooks enable {webhook_id}",
        "WooCommerce keeps the failure count when 1, 2, 3 or 5 re-enable a webhook,",
        "so one more failed delivery disables it again; only 4 resets it.",
        "Fix the cause first (receiver down, TLS, firewall, wrong URL).",
        "Once the webhook is active again the connector polls the store for the",
        "whole outage window, so no order or customer changed meanwhile is lost.",
    ])


def webhook_inactive_text(webhook_id: int, topic: str, status: str, store_url: str) -> Text:
    """A webhook of ours is ``disabled`` (WooCommerce gave up after repeated failures) or ``paused``."""
    why = ("WooCommerce disabled it after repeated failed deliveries; it sends nothing for this topic "
           "and does not queue the events for later" if status == "disabled"
           else "someone paused it; WooCommerce sends nothing for this topic while it is paused")
    title = f"WooCommerce webhook {webhook_id} ({topic}) is {status}"
    body = f"{title}: {why}.\n\n{reenable_instructions(webhook_id, store_url)}"
    return title, body


def topic_missing_text(topic: str, delivery_url: str) -> Text:
    """No webhook of ours exists for a required topic (deleted, or never installed)."""
    title = f"No WooCommerce webhook delivers {topic} to the connector"
    body = "\n".join([
        f"{title} ({delivery_url}). Changes of this kind reach the connector only through the scheduled poll.",
        "",
        "How to fix (any one of these):",
        "  1. This connector: ml-connector webhooks install   (creates the missing webhooks; safe to repeat)",
        f"  2. Companion plugin: wp ml-connector setup --delivery-url={delivery_url} --secret=<webhook_secret>",
        "  3. WordPress admin: WooCommerce → Settings → Advanced → Webhooks → Add webhook, "
        f"topic {topic}, delivery URL {delivery_url}, the secret from [woocommerce] webhook_secret",
        "Once it exists the connector polls the store for the whole gap.",
    ])
    return title, body


def silence_text(minutes: int, last_delivery: str | None, found_by_poll: int) -> Text:
    """No delivery for a long time while the poll keeps finding changes: webhooks are likely not arriving."""
    title = f"No webhook delivery for {minutes} minutes while the poll found {found_by_poll} change(s)"
    since = f"The last delivery arrived at {last_delivery} (UTC)." if last_delivery else "No delivery arrived yet."
    body = "\n".join([
        f"{title}. {since}",
        "The webhooks may be disabled, pointed at the wrong URL, blocked by a firewall or refused by the",
        "receiver (see the quarantine: ml-connector outbox list). Nothing is lost: the poll brought these",
        "changes in, only later than a webhook would have.",
        "Check: ml-connector webhooks check   and   ml-connector ping",
    ])
    return title, body


def resolved_text(title: str, resolution: str, backfill_from: str | None) -> Text:
    """The one "resolved" notification after an alert; says what the connector does about the gap."""
    lines = [f"Resolved: {title}.", resolution]
    if backfill_from:
        lines.append(f"A backfill poll from {backfill_from} (UTC) to now brings in every change of the outage.")
    return f"Resolved: {title}", "\n".join(lines)
