"""How a REST call proves who it is, per WooCommerce's rules (WOOCOMMERCE-API.md §4.1).

WooCommerce only tries HTTP Basic (and the ``consumer_key``/``consumer_secret`` query parameters) when the
request arrived over TLS; over plain HTTP it only accepts OAuth 1.0a "one-legged" signatures. So ``auto``
picks Basic for ``https://`` and OAuth for ``http://``, as the official client does (§7). ``query`` is an
opt-in fallback for hosts that strip the Authorization header; it puts the secret in the URL, so every
message that may carry a URL is passed through :func:`core.redact.redact`.

``basic`` and ``query`` send the consumer secret itself; over a plain ``http://`` URL anyone on the path reads
it. So they are refused for ``http://`` unless ``[woocommerce] allow_insecure = true`` (logged as a warning
on every client built): ``auto`` never does this.

Each mode is an :class:`httpx.Auth`, so the signature is computed per request (fresh nonce and timestamp,
also on every retry: WooCommerce rejects a reused nonce).
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from typing import Any, Literal, cast

import httpx
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_QUERY, Client

from core.secret import Secret

AuthMode = Literal["auto", "basic", "oauth1", "query"]
log = logging.getLogger(__name__)


class InsecureAuthError(ValueError):
    """``basic``/``query`` was configured for a plain-HTTP store without ``allow_insecure``."""


def sends_secret_in_clear(mode: str, url: str) -> bool:
    """True when ``mode`` would put the consumer secret on the wire unencrypted for the store at ``url``."""
    return mode in ("basic", "query") and not url.lower().startswith("https://")


class QueryAuth(httpx.Auth):
    """``?consumer_key=…&consumer_secret=…``: WooCommerce checks these before the Authorization header."""

    def __init__(self, key: Secret, secret: Secret) -> None:
        self._key, self._secret = key, secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.url = request.url.copy_merge_params(
            {"consumer_key": self._key.reveal(), "consumer_secret": self._secret.reveal()}
        )
        yield request


class OAuth1QueryAuth(httpx.Auth):
    """OAuth 1.0a one-legged, HMAC-SHA1, parameters in the query string; the body is not signed (§4.1)."""

    def __init__(self, key: Secret, secret: Secret) -> None:
        self._key, self._secret = key, secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        client = Client(
            self._key.reveal(),
            client_secret=self._secret.reveal(),
            signature_method=SIGNATURE_HMAC_SHA1,
            signature_type=SIGNATURE_TYPE_QUERY,
        )
        signed_url, _headers, _body = client.sign(str(request.url), http_method=cast(Any, request.method))
        request.url = httpx.URL(signed_url)
        yield request


def resolve_mode(mode: AuthMode, url: str) -> Literal["basic", "oauth1", "query"]:
    """``auto`` → Basic over HTTPS, OAuth 1.0a over plain HTTP; other modes as configured."""
    if mode != "auto":
        return mode
    return "basic" if url.lower().startswith("https://") else "oauth1"


def build_auth(mode: AuthMode, url: str, key: Secret, secret: Secret, allow_insecure: bool = False) -> httpx.Auth:
    """The :class:`httpx.Auth` for ``mode`` against the store at ``url`` (see the module doc for ``http://``)."""
    if sends_secret_in_clear(mode, url):
        if not allow_insecure:
            raise InsecureAuthError(f"[woocommerce] auth = {mode!r} would send the consumer secret over plain HTTP "
                                    "to the store; use https, auth = \"auto\", or set allow_insecure = true")
        log.warning("[woocommerce] auth = %r over plain HTTP: the consumer secret crosses the network in clear "
                    "text (allow_insecure = true)", mode)
    resolved = resolve_mode(mode, url)
    if resolved == "basic":
        return httpx.BasicAuth(key.reveal(), secret.reveal())
    if resolved == "query":
        return QueryAuth(key, secret)
    return OAuth1QueryAuth(key, secret)
