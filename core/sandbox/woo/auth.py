"""REST authentication as ``class-wc-rest-authentication.php`` performs it.

Order of checks (``authenticate()``): only when ``is_ssl()`` (the request came over HTTPS, or the sandbox
was told it sits behind TLS, the way a reverse proxy sets ``HTTPS=on``), query
``consumer_key``/``consumer_secret`` first, then the Basic header. A known key with a wrong secret is an
error ("Consumer secret is invalid." plus ``WWW-Authenticate``); an unknown key is *not* an error there —
the request falls through to OAuth 1.0a one-legged (HMAC-SHA1/SHA256, key ``secret&``, ±15 min timestamps, single-use
nonces), and if that finds no OAuth parameters the request runs unauthenticated, so the route's
permission check answers 401 ``woocommerce_rest_cannot_view``.

OAuth parameters are what PHP hands WooCommerce: ``array_merge( $_GET, $_POST )`` (form-encoded bodies
only) with the ``Authorization: OAuth`` header's values over them. PHP keeps *one* value per key (the
last), and ``key[]``/``key[sub]`` become arrays, signed as ``key%5B0%5D`` / ``key%5Bsub%5D``
(``join_with_equals_sign``); keys are sorted with ``strcmp`` before encoding (``uksort``). The base URI
takes its scheme from ``is_ssl()``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote, unquote, unquote_plus

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


PhpValue = str | dict[str, str]
PhpVars = dict[str, PhpValue]


def _enc(value: str) -> str:
    """``wc_rest_urlencode_rfc3986``: ``rawurlencode`` (RFC 3986 unreserved characters kept)."""
    return quote(value, safe="~-._")


def php_vars(pairs: Iterable[tuple[str, str]]) -> PhpVars:
    """What PHP makes of decoded ``key=value`` pairs for ``$_GET``/``$_POST`` (``php_default_treat_data``).

    One value per key, the last; ``key[]`` appends and ``key[sub]`` sets (one level, as the REST routes
    use); spaces and dots in a key's base name become ``_``.
    """
    out: PhpVars = {}
    for raw_key, value in pairs:
        key = raw_key.lstrip(" ")
        base, bracket, rest = key.partition("[")
        base = base.replace(" ", "_").replace(".", "_")
        if not base:
            continue
        if not bracket or "]" not in rest:
            out[base] = value
            continue
        sub = rest.split("]", 1)[0]
        current = out.get(base)
        array = current if isinstance(current, dict) else {}
        if sub == "":
            numeric = [int(k) for k in array if k.isdigit()]
            sub = str(max(numeric) + 1 if numeric else 0)
        array[sub] = value
        out[base] = array
    return out


def oauth_base_string(method: str, base_uri: str, params: PhpVars) -> str:
    """``check_oauth_signature``'s string to sign (``oauth_signature`` removed, keys sorted by ``strcmp``)."""
    parts = []
    for key in sorted((k for k in params if k != "oauth_signature"), key=lambda k: k.encode()):
        value = params[key]
        if isinstance(value, dict):
            parts += [_enc(f"{_enc(key)}%5B{sub}%5D={_enc(v)}") for sub, v in value.items()]
        else:
            parts.append(_enc(f"{_enc(key)}={_enc(value)}"))
    return "&".join((method.upper(), _enc(base_uri), "%26".join(parts)))


def oauth_signature(method: str, base_uri: str, params: PhpVars, secret: str, algo: str) -> str:
    """The base string signed with ``secret&`` by HMAC-``algo``, base64."""
    digest = hmac.new(f"{secret}&".encode(), oauth_base_string(method, base_uri, params).encode(), algo).digest()
    return base64.b64encode(digest).decode("ascii")


def _header_params(header: str) -> dict[str, str]:
    """``parse_header``: the ``oauth_*`` values of an ``Authorization: OAuth …`` header, url-decoded."""
    if not header.startswith("OAuth "):
        return {}
    return {key: unquote_plus(quoted or bare) for key, quoted, bare in _HEADER_PARAM.findall(header)}


_HEADER_PARAM = re.compile(r'(oauth_[a-z_-]*)=(?:"([^"]*)"|([^,]*))')


class Authenticator:
    """Checks one store's single read/write key the way WooCommerce does.

    ``https_on``: treat every request as ``is_ssl()`` (a TLS-terminating proxy in front, ``HTTPS=on``);
    off by default, so over plain http only OAuth 1.0a authenticates, as in WooCommerce.
    """

    def __init__(self, consumer_key: str, consumer_secret: str, https_on: bool = False) -> None:
        self.key, self.secret = consumer_key, consumer_secret
        self.https_on = https_on
        self._nonces: dict[str, float] = {}
        self._lock = threading.Lock()

    def authenticate(self, method: str, url: str, query: Sequence[tuple[str, str]],
                     headers: Mapping[str, str], form: Sequence[tuple[str, str]] = ()) -> bool:
        """True when authenticated, False when anonymous; raises ``AuthFailure`` on a bad credential.

        ``form``: the decoded pairs of an ``application/x-www-form-urlencoded`` body (PHP's ``$_POST``).
        """
        scheme, _, rest = url.partition("://")
        is_ssl = scheme == "https" or self.https_on
        get = php_vars(query)
        if is_ssl and self._basic(get, headers):
            return True
        path = rest.split("?", 1)[0]
        return self._oauth(method, f"{'https' if is_ssl else 'http'}://{path}", {**get, **php_vars(form)}, headers)

    def _basic(self, get: PhpVars, headers: Mapping[str, str]) -> bool:
        key, secret = get.get("consumer_key", ""), get.get("consumer_secret", "")
        if not (key and secret and isinstance(key, str) and isinstance(secret, str)):
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

    def _oauth(self, method: str, base_uri: str, request_vars: PhpVars, headers: Mapping[str, str]) -> bool:
        params: PhpVars = {**request_vars, **_header_params(headers.get("authorization", "").strip())}
        values = {name: v for name, v in params.items() if isinstance(v, str)}
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
        if not hmac.compare_digest(expected, unquote(values["oauth_signature"].replace(" ", "+"))):
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
