"""VENDORIDs: prefix + customer id, a stable id for guests, and the 20-character limit.

A guest (``customer_id`` 0) is identified by the billing email; a guest who left no email by the order itself
(:func:`emailless_guest_key`), so each such order gets its own vendor named after its own billing name
instead of all of them sharing one named after the first.

Intacct's VENDORID limit is taken as 20 characters (INTACCT-API.md §5.1 and §9 item 8: only Fyle's code
asserts it, so we stay inside it). Rule for an id that would be longer: keep the first 11 characters, then
``-`` and the first 8 hex digits (upper case) of the SHA-256 of the full id: 20 characters, the same every
time for the same input, and different inputs collide only with a 1-in-4-billion chance. Fyle's fallback
(17 characters + a random number) is deliberately not copied: a random id would create a second vendor on a
retry.
"""

from __future__ import annotations

import hashlib
from typing import Any

from core.mapping.errors import InvalidPayload
from core.settings import MappingSettings

MAX_VENDOR_ID = 20
_KEEP = MAX_VENDOR_ID - 9


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length].upper()


def fit_vendor_id(full_id: str) -> str:
    """``full_id`` when it fits in 20 characters, else its stable hash-based truncation (see module doc)."""
    if len(full_id) <= MAX_VENDOR_ID:
        return full_id
    return f"{full_id[:_KEEP]}-{_digest(full_id, 8)}"


def customer_vendor_id(customer_id: int | str, mapping: MappingSettings) -> str:
    """VENDORID of a registered WooCommerce customer: prefix + id (fitted to 20 characters)."""
    return fit_vendor_id(f"{mapping.vendor_id_prefix}{customer_id}")


def normalise_email(email: str) -> str:
    """The form two spellings of one address share: stripped and lower-cased."""
    return email.strip().lower()


def guest_vendor_id(email: str, mapping: MappingSettings) -> str:
    """VENDORID of a guest: prefix + ``G`` + 10 hex digits of the SHA-256 of the normalised email."""
    return _guest_id(normalise_email(email), mapping)


def _guest_id(key: str, mapping: MappingSettings) -> str:
    return fit_vendor_id(f"{mapping.vendor_id_prefix}G{_digest(key, 10)}")


def emailless_guest_key(order: dict[str, Any]) -> str:
    """What identifies a guest who left no email: their order, by its ``id`` (the post id, which never changes
    across the order's versions, unlike ``number`` under sequential-number plugins). ``order <id>`` cannot be
    a normalised email (it has no ``@``), so the two kinds of guest id never collide."""
    order_id = str(order.get("id") or "").strip()
    if not order_id:
        raise InvalidPayload("guest order without an email has no id to derive its vendor from")
    return f"order {order_id}"


def guest_order_vendor_id(order: dict[str, Any], mapping: MappingSettings) -> str:
    """A guest's VENDORID: from the billing email, else one vendor per order (never one shared by all)."""
    email = normalise_email(str((order.get("billing") or {}).get("email") or ""))
    return _guest_id(email or emailless_guest_key(order), mapping)


def is_guest(order: dict[str, Any]) -> bool:
    """A guest order has ``customer_id`` 0 (WOOCOMMERCE-API.md §5.1)."""
    return int(order.get("customer_id") or 0) == 0


def uses_catch_all(mapping: MappingSettings) -> bool:
    """True when guests all go to one configured vendor instead of one vendor per email."""
    return mapping.guest_vendor != "email"


def order_vendor_id(order: dict[str, Any], mapping: MappingSettings) -> str:
    """The VENDORID an order's bill is posted to: the customer's, the guest's, or the catch-all vendor."""
    if not is_guest(order):
        return customer_vendor_id(int(order["customer_id"]), mapping)
    if uses_catch_all(mapping):
        return mapping.guest_vendor
    return guest_order_vendor_id(order, mapping)
