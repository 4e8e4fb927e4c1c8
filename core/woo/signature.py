"""WooCommerce's webhook signature, and the JSON encoding it is computed over (WOOCOMMERCE-API.md §1.2, §9).

``X-WC-Webhook-Signature`` is standard base64 of the raw HMAC-SHA256 of the exact body bytes, keyed with the
webhook secret (not the REST consumer secret). Verification must run on the raw bytes before any parsing:
re-serialising loses PHP's ``\\/`` and ``\\uXXXX`` escapes and breaks the signature (§6.4).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


def sign(body: bytes, secret: str) -> str:
    """The ``X-WC-Webhook-Signature`` WooCommerce sends for ``body``."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify(body: bytes, signature: str | None, secret: str) -> bool:
    """Constant-time check; an empty secret or a missing header never verifies."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(sign(body, secret).encode("ascii"), signature.strip().encode("ascii", "replace"))


def wc_json_encode(payload: Any) -> bytes:
    """``trim(wp_json_encode($payload))``: compact, ``/`` escaped as ``\\/``, non-ASCII as ``\\uXXXX``.

    Used to send deliveries exactly as WooCommerce does (tests, benchmarks, the demo). Integral prices
    must already be ints for PHP's ``3`` rather than Python's ``3.0``.
    """
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")
    return text.strip().encode("ascii")
