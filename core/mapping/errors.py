"""The mapping's exceptions: a small tree, all of them "the operator must act" (never retried).

::

    MappingError                 a payload cannot become Intacct records as it stands
    ├── UnsupportedTopic         the topic is not one the connector maps (e.g. ``coupon.created``)
    ├── InvalidPayload           a field the mapping needs is missing or malformed
    ├── TotalsMismatch           the mapped document would not equal the WooCommerce total to the cent
    └── SettingRequired          the payload needs a setting that is empty (the message names the key)

Retrying cannot fix any of these; the outbox stops the event and shows the message, which names the field
or the two totals.
"""

from __future__ import annotations


class MappingError(ValueError):
    """A WooCommerce payload cannot be mapped; the message says which field or total and why."""


class UnsupportedTopic(MappingError):
    """The webhook topic has no Intacct mapping."""


class InvalidPayload(MappingError):
    """A required payload field is missing or not in the shape WooCommerce documents."""


class TotalsMismatch(MappingError):
    """The mapped lines do not add up to the WooCommerce total (money must never drift)."""


class SettingRequired(MappingError):
    """The payload can only be booked with a setting that is not configured; the message names ``[section] key``."""
