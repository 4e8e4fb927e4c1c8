"""What one POST to the receiver is, decided from its headers and raw bytes alone (no I/O).

WooCommerce posts three kinds of things to the delivery URL (WOOCOMMERCE-API.md §1.1, §1.5): the unsigned
ping ``webhook_id=<id>`` when a webhook is created or re-saved, signed deliveries for the topics we
subscribe to, and signed deliveries for topics we do not handle. Everything else is refused with the HTTP
status WooCommerce should see, so the refusal can be quarantined and never lost silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from core.outbox import INGESTED_TOPICS, IncomingEvent
from core.outbox.model import is_deletion
from core.woo.signature import verify

SIGNATURE = "x-wc-webhook-signature"
_PING = re.compile(rb"webhook_id=([0-9]{1,18})")
MAX_ID = 2**63 - 1
"""Ids are SQLite INTEGERs (WooCommerce's are MySQL BIGINT): a larger number is not an id."""
_VERSION = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")
VERSION_FUTURE_SLACK = timedelta(days=1)
"""A ``date_modified_gmt`` later than now plus this is refused: it would make every real version stale."""


class Rejected(Exception):
    """The request is refused with ``status``; ``reason`` goes to the quarantine row and the log."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


class Ignored(Exception):
    """A genuine delivery for a topic we do not sync: answered 202 so the webhook stays healthy."""


def ping_webhook_id(headers: Mapping[str, str], body: bytes) -> int | None:
    """The webhook id when this is WooCommerce's ping (no signature, no topic, body ``webhook_id=N``)."""
    if SIGNATURE in headers or "x-wc-webhook-topic" in headers:
        return None
    match = _PING.fullmatch(body.strip())
    return int(match.group(1)) if match else None


def check_signature(headers: Mapping[str, str], body: bytes, secret: str) -> None:
    """Raise :class:`Rejected` (401) unless ``X-WC-Webhook-Signature`` matches the raw body."""
    signature = headers.get(SIGNATURE)
    if not signature:
        raise Rejected(401, "missing X-WC-Webhook-Signature")
    if not verify(body, signature, secret):
        raise Rejected(401, "X-WC-Webhook-Signature does not match the body (check [woocommerce] webhook_secret)")


def parse_json_object(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Rejected(400, f"body is not JSON ({type(exc).__name__})") from None
    except RecursionError:
        raise Rejected(400, "body is JSON nested too deeply") from None
    if not isinstance(payload, dict):
        raise Rejected(400, "body is not a JSON object")
    return payload


def check_version(value: Any, now: datetime | None = None) -> str:
    """``date_modified_gmt`` as the event version: ``YYYY-MM-DDTHH:MM:SS`` (a real UTC time, not after
    tomorrow) or ``""`` when absent. Anything else is refused: versions compare as text, so a garbage or
    year-9999 version would make every later real version of the record "stale"."""
    if value in (None, ""):
        return ""
    text = value if isinstance(value, str) else ""
    if not _VERSION.fullmatch(text):
        raise Rejected(400, "date_modified_gmt is not a WooCommerce date (YYYY-MM-DDTHH:MM:SS)")
    try:
        when = datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise Rejected(400, "date_modified_gmt is not a real date") from None
    if when > (now or datetime.now(UTC)) + VERSION_FUTURE_SLACK:
        raise Rejected(400, "date_modified_gmt is in the future (more than a day ahead of this clock)")
    return text


def to_event(headers: Mapping[str, str], body: bytes, secret: str, now: datetime | None = None) -> IncomingEvent:
    """The outbox event for a signed delivery; raises :class:`Rejected` or :class:`Ignored`."""
    check_signature(headers, body, secret)
    topic = headers.get("x-wc-webhook-topic", "").strip()
    if not topic:
        raise Rejected(400, "missing X-WC-Webhook-Topic")
    if topic not in INGESTED_TOPICS:
        raise Ignored(topic)
    payload = parse_json_object(body)
    resource_id = _id_or_none(payload.get("id"))
    if resource_id is None or resource_id <= 0:
        raise Rejected(400, f"{topic} payload has no numeric id (1 to 2**63-1)")
    version = "" if is_deletion(topic) else check_version(payload.get("date_modified_gmt"), now)
    return IncomingEvent(
        source="webhook",
        topic=topic,
        resource=topic.split(".", 1)[0],
        resource_id=resource_id,
        version=version,
        payload=body,
        delivery_id=headers.get("x-wc-webhook-delivery-id", "")[:64],
        webhook_id=_int_or_none(headers.get("x-wc-webhook-id")),
    )


def to_alert(headers: Mapping[str, str], body: bytes, secret: str) -> dict[str, Any]:
    """A companion-plugin alert (docs/outbox.md, "Companion alerts"); raises :class:`Rejected`."""
    check_signature(headers, body, secret)
    alert = parse_json_object(body)
    if not isinstance(alert.get("event"), str) or not alert["event"]:
        raise Rejected(400, "alert has no \"event\"")
    if alert.get("webhook_id") is not None and _id_or_none(alert["webhook_id"]) is None:
        raise Rejected(400, "alert webhook_id is not a number")
    return alert


def _id_or_none(value: Any) -> int | None:
    """A JSON id: an int, or a string of ASCII digits, within SQLite's INTEGER (``"²"`` passes ``isdigit``)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not -MAX_ID <= value <= MAX_ID:
        return None
    return value


def _int_or_none(value: str | None) -> int | None:
    """A header's number (``X-WC-Webhook-ID``), None when absent or not a bounded number."""
    return _id_or_none(value.strip()) if isinstance(value, str) else None
