"""What can go wrong talking to the WooCommerce REST API, as a small tree the caller can act on.

::

    WooError                      anything from this package
    ├── WooTransportError         the store did not answer (connect error, timeout) after every retry
    └── WooHTTPError              the store answered with a non-2xx status; carries the REST error body
        ├── WooRetryExhausted     429 / 5xx on every attempt: transient, try again on the next pass
        ├── WooAuthError          401: the consumer key or secret is wrong (or missing on plain HTTP)
        ├── WooPermissionError    403: the key exists but lacks Read (or Read/Write) permission
        ├── WooNotFoundError      404: a wrong store URL, pretty permalinks off, or a missing record
        └── WooBadRequestError    other 4xx, e.g. 400 ``rest_invalid_param``

Transient failures are retried inside :class:`core.woo.rest.WooClient` before one of these is raised, so a
caller only decides: wait for the next pass (transport / retry exhausted) or tell the operator (the rest).
Every message goes through :func:`core.redact.redact`, so a consumer secret never appears in one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.redact import redact


class WooError(Exception):
    """Base class: every failure of a WooCommerce REST call."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


class WooTransportError(WooError):
    """The store could not be reached (DNS, connect, TLS, timeout) on any attempt."""


class WooHTTPError(WooError):
    """The store answered with an error status. ``code``/``woo_message``/``data`` are WooCommerce's body."""

    transient = False

    def __init__(
        self, message: str, *, status: int, method: str, path: str, code: str = "", woo_message: str = "",
        data: Mapping[str, Any] | None = None,
    ) -> None:
        self.status, self.method, self.path = status, method, path
        self.code, self.woo_message, self.data = code, redact(woo_message), dict(data or {})
        detail = f" [{code}: {woo_message}]" if code or woo_message else ""
        super().__init__(f"{method} {path} → HTTP {status}{detail}: {message}")


class WooRetryExhausted(WooHTTPError):
    """429 or 5xx on every attempt; the next poll pass will try again."""

    transient = True


class WooAuthError(WooHTTPError):
    """401: the credentials were rejected."""


class WooPermissionError(WooHTTPError):
    """403: the key is valid but may not do this."""


class WooNotFoundError(WooHTTPError):
    """404: the route or the record does not exist."""


class WooBadRequestError(WooHTTPError):
    """Another 4xx: the request itself is wrong (a bug here, or an unsupported store version)."""


AUTH_HINT = (
    "consumer key/secret rejected (woocommerce_rest_cannot_view / woocommerce_rest_authentication_error): "
    "check [woocommerce] consumer_key and consumer_secret"
)
PERMISSION_HINT = (
    "the REST API key lacks permission: give it Read (polling) or Read/Write (webhooks install/enable) "
    "under WooCommerce → Settings → Advanced → REST API"
)
NOT_FOUND_ROUTE_HINT = (
    "no such REST route: check [woocommerce] url (the REST API is at {url}/wp-json/wc/v3) and that "
    "WordPress permalinks are not set to Plain"
)
NOT_FOUND_RECORD_HINT = "the record does not exist (deleted in the store?)"


def error_for_status(
    status: int, method: str, path: str, body: Mapping[str, Any] | None
) -> WooHTTPError:
    """The exception for a non-2xx answer, with WooCommerce's ``{code, message, data}`` passed through."""
    body = body or {}
    code = str(body.get("code", "") or "")
    woo_message = str(body.get("message", "") or "")
    raw_data = body.get("data")
    data: Mapping[str, Any] = raw_data if isinstance(raw_data, Mapping) else {}
    kw: dict[str, Any] = {"status": status, "method": method, "path": path, "code": code,
                          "woo_message": woo_message, "data": data}
    if status == 401:
        return WooAuthError(AUTH_HINT, **kw)
    if status == 403:
        return WooPermissionError(PERMISSION_HINT, **kw)
    if status == 404:
        record_missing = "invalid" in code  # woocommerce_rest_shop_order_invalid_id, …_term_invalid
        return WooNotFoundError(NOT_FOUND_RECORD_HINT if record_missing else NOT_FOUND_ROUTE_HINT, **kw)
    if status == 429 or status >= 500:
        return WooRetryExhausted("the store kept failing; giving up for this pass", **kw)
    return WooBadRequestError("the store refused the request", **kw)
