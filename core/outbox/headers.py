"""Request headers as stored in the quarantine and ping tables: credentials never reach the disk.

A quarantined delivery is kept so an operator can see what was refused, not so it can be replayed with its
signature; ``Authorization`` and cookies could be the store's or a proxy's credentials.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.redact import MASK, redact

SENSITIVE = frozenset(
    {"x-wc-webhook-signature", "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Lower-cased header names; sensitive values masked, every other value passed through :func:`redact`."""
    return {
        name.lower(): (MASK if name.lower() in SENSITIVE else redact(value)) for name, value in headers.items()
    }
