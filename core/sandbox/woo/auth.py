"""REST authentication as ``class-wc-rest-authentication.php`` performs it.

Order of checks (``authenticate()``): when Basic is allowed (WooCommerce: only over HTTPS; the sandbox
allows it over plain HTTP too unless ``basic_requires_https``), query ``consumer_key``/``consumer_secret``
first, then the Basic header. A known key with a wrong secret is an error ("Consumer secret is
invalid." plus ``WWW-Authenticate``); an unknown key is *not* an error there — the request falls
through to OAuth 1.0a one-legged (HMAC-SHA1/SHA256, key ``secret&``, ±15 min timestamps, single-use
nonces), and if that finds no OAuth parameters the request runs unauthenticated, so the route's
permission check answers 401 ``woocommerce_rest_cannot_view``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
import time
from collections.abc import Mapping, Sequence
from urllib.parse import quote, unquote

from core.sandbox.woo.errors import RestError

VALID_WINDOW = 15 * 60
OAUTH_PARAMS = ("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method")
PERMISSION_ERRORS = {
    "list": ("woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
    "view": ("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."),
    "create": ("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."),
    "edit": ("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."),
    "delete": ("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."),
}
BASIC_REALM = ('Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret '
               'in the password field."')


class AuthFailure(RestError):
    """A 401 raised by authentication itself (not by a route's permission check)."""

    def __init__(self, message: str, code: str = "woocommerce_rest_authentication_error",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(code, message, 401)
        self.headers = headers or {}


def permission_error(action: str) -> RestError:
    """What a route answers to an unauthenticated request (``rest_authorization_required_code()`` = 401)."""
    code, message = PERMISSION_ERRORS[action]
    return RestError(code, message, 401)


def _enc(value: str) -> str:
    return quote(value, safe="~-._")


def oauth_signature(method: str, base_uri: str, params: Sequence[tuple[str, str]], secret: str, algo: str) -> str:
    """RFC 5849 base string (what WooCommerce's ``check_oauth_signature`` builds) signed with ``secret&``."""
    pairs = sorted((_enc(k), _enc(v)) for k, v in params if k not in ("oauth_signature", "realm"))
    normalized = "&".join(f"{k}={v}" for k, v in pairs)
    base = "&".join((method.upper(), _enc(base_uri), _enc(normalized)))
    digest = hmac.new(f"{secret}&".encode(), base.encode(), algo).digest()
    return base64.b64encode(digest).decode("ascii")


def _header_params(header: str) -> list[tuple[str, str]]:
    if not header.lower().startswith("oauth "):
        return []
    out = []
    for part in header[6:].split(","):
        key, _, value = part.strip().partition("=")
        if key:
            out.append((unquote(key), unquote(value.strip('"'))))
    return out


class Authenticator:
    """Checks one store's single read/write key the way WooCommerce does."""

    def __init__(self, consumer_key: str, consumer_secret: str, basic_requires_https: bool = False) -> None:
        self.key, self.secret = consumer_key, consumer_secret
        self.basic_requires_https = basic_requires_https
        self._nonces: dict[str, float] = {}
        self._lock = threading.Lock()

    def authenticate(self, method: str, url: str, query: Sequence[tuple[str, str]],
                     headers: Mapping[str, str]) -> bool:
        """True when authenticated, False when anonymous; raises ``AuthFailure`` on a bad credential."""
        scheme, _, rest = url.partition("://")
        if (scheme == "https" or not self.basic_requires_https) and self._basic(query, headers):
            return True
        return self._oauth(method, f"{scheme}://{rest.split('?', 1)[0]}", query, headers)

    def _basic(self, query: Sequence[tuple[str, str]], headers: Mapping[str, str]) -> bool:
        q = dict(query)
        key, secret = q.get("consumer_key", ""), q.get("consumer_secret", "")
        if not (key and secret):
            key, secret = self._basic_header(headers.get("authorization", ""))
        if not key or key != self.key:
            return False
        if not hmac.compare_digest(secret.encode(), self.secret.encode()):
            raise AuthFailure("Consumer secret is invalid.", headers={"WWW-Authenticate": BASIC_REALM})
        return True

    @staticmethod
    def _basic_header(header: str) -> tuple[str, str]:
        if not header.lower().startswith("basic "):
            return "", ""
        try:
            user, _, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        return (user, password) if user and password else ("", "")

    def _oauth(self, method: str, base_uri: str, query: Sequence[tuple[str, str]], headers: Mapping[str, str]) -> bool:
        params = list(query) + _header_params(headers.get("authorization", ""))
        values = dict(params)
        missing = [name for name in OAUTH_PARAMS if not values.get(name)]
        if len(missing) == len(OAUTH_PARAMS):
            return False
        if missing:
            noun = "parameter" if len(missing) == 1 else "parameters"
            raise AuthFailure(f"Missing OAuth {noun} {', '.join(missing)}",
                              "woocommerce_rest_authentication_missing_parameter")
        if values["oauth_consumer_key"] != self.key:
            raise AuthFailure("Consumer key is invalid.")
        algo = {"HMAC-SHA1": hashlib.sha1, "HMAC-SHA256": hashlib.sha256}.get(values["oauth_signature_method"])
        if algo is None:
            raise AuthFailure("Invalid signature - signature method is invalid.")
        expected = oauth_signature(method, base_uri, params, self.secret, algo().name)
        if not hmac.compare_digest(expected, values["oauth_signature"].replace(" ", "+")):
            raise AuthFailure("Invalid signature - provided signature does not match.")
        self._check_timestamp_and_nonce(values["oauth_timestamp"], values["oauth_nonce"])
        return True

    def _check_timestamp_and_nonce(self, timestamp: str, nonce: str) -> None:
        now = time.time()
        try:
            ts = int(timestamp)
        except ValueError:
            raise AuthFailure("Invalid timestamp.") from None
        if ts < now - VALID_WINDOW or ts > now + VALID_WINDOW:
            raise AuthFailure("Invalid timestamp.")
        with self._lock:
            self._nonces = {n: t for n, t in self._nonces.items() if t >= now - VALID_WINDOW}
            if nonce in self._nonces:
                raise AuthFailure("Invalid nonce - nonce has already been used.")
            self._nonces[nonce] = ts
