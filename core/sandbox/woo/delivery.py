"""One HTTP delivery or ping, byte for byte as ``WC_Webhook::deliver()`` / ``deliver_ping()`` send it.

Delivery: POST, JSON body from ``phpjson.dumps``, ``Content-Type: application/json``, the Hookshot
User-Agent and the seven ``X-WC-Webhook-*`` headers, no redirects followed, 60 s timeout. The
signature is base64(HMAC-SHA256(body bytes, secret after HTML-entity decoding)). Ping: a form body
``webhook_id=<id>``, only the User-Agent, 5 s timeout. httpx speaks HTTP/1.1, not WordPress' 1.0:
receivers cannot tell the difference in anything they should rely on.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import html
import ssl
import time
from dataclasses import dataclass, field

import httpx

WC_VERSION = "9.8.5"
WP_VERSION = "6.8.1"
USER_AGENT = f"WooCommerce/{WC_VERSION} Hookshot (WordPress/{WP_VERSION})"
SALT = b"ml-connector-sandbox-wp-hash-salt"


def signature(body: bytes, secret: str) -> str:
    """``generate_signature()``: standard base64 of the raw HMAC-SHA256 digest."""
    key = html.unescape(secret).encode("utf-8")
    return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode("ascii")


def delivery_id(webhook_id: int, unix_time: int) -> str:
    """``wp_hash( id . strtotime('now') )``: 32 hex, the same for one webhook within one second."""
    return hmac.new(SALT, f"{webhook_id}{unix_time}".encode(), hashlib.md5).hexdigest()


@dataclass(frozen=True)
class Request:
    """What goes over the wire for one delivery (kept in the delivery log)."""

    url: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Attempt:
    """One line of the delivery log: what was sent, and how it ended."""

    kind: str  # "delivery" or "ping"
    webhook_id: int
    topic: str
    resource_id: int
    request: Request
    started: float
    status_code: int | None = None
    error: str = ""
    duration: float = 0.0
    success: bool = False
    disabled: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def delivery_request(url: str, source: str, topic: str, webhook_id: int, secret: str, body: bytes) -> Request:
    resource, _, event = topic.partition(".")
    headers = {
        "User-Agent": USER_AGENT,
        "Content-Type": "application/json",
        "X-WC-Webhook-Source": source.rstrip("/") + "/",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": resource,
        "X-WC-Webhook-Event": event,
        "X-WC-Webhook-Signature": signature(body, secret),
        "X-WC-Webhook-ID": str(webhook_id),
        "X-WC-Webhook-Delivery-ID": delivery_id(webhook_id, int(time.time())),
    }
    return Request(url, headers, body)


def ping_request(url: str, webhook_id: int) -> Request:
    body = f"webhook_id={webhook_id}".encode("ascii")
    return Request(url, {"User-Agent": USER_AGENT, "Content-Type": "application/x-www-form-urlencoded"}, body)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every delivery: building it costs ~30 ms, the bulk of a loopback delivery, which a
    PHP worker does not pay (its CA bundle is loaded once per process). Each delivery still opens its own
    connection, as ``wp_safe_remote_request`` does."""
    return ssl.create_default_context()


def send(request: Request, timeout: float, follow_redirects: bool = False) -> tuple[int | None, str, float]:
    """POST it; ``(status code or None, transport error text, seconds)``. Never raises for the network."""
    start = time.monotonic()
    try:
        with httpx.Client(timeout=timeout, follow_redirects=follow_redirects, trust_env=False,
                          verify=_tls_context()) as client:
            response = client.post(request.url, content=request.body, headers=request.headers)
        return response.status_code, "", time.monotonic() - start
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}", time.monotonic() - start
