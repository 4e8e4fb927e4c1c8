"""How the REST client authenticates (WOOCOMMERCE-API.md §4.1)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl, quote, urlsplit

import httpx
import pytest

from core.woo.errors import WooTransportError
from tests.woo_rest.fakestore import KEY, SECRET
from tests.woo_rest.support import mock_client


def _recorder(seen: list[httpx.Request], status: int = 200):
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json={"id": 1})

    return handler


def _enc(value: str) -> str:
    return quote(value, safe="~")


def woo_oauth_signature_is_valid(request: httpx.Request, secret: str) -> bool:
    """WooCommerce's check, written independently: base string of method, URL and sorted params, key secret&."""
    parts = urlsplit(str(request.url))
    params = parse_qsl(parts.query, keep_blank_values=True)
    signature = dict(params)["oauth_signature"]
    normalized = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted((k, v) for k, v in params
                                                                          if k != "oauth_signature"))
    base_uri = f"{parts.scheme}://{parts.netloc}{parts.path}"
    base = "&".join([request.method, _enc(base_uri), _enc(normalized)])
    digest = hmac.new(f"{secret}&".encode(), base.encode(), hashlib.sha1).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), signature)


async def test_https_store_gets_http_basic_auth_with_key_and_secret():
    seen: list[httpx.Request] = []
    async with mock_client(_recorder(seen)) as woo:
        await woo.get_order(1)
    expected = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    assert seen[0].headers["authorization"] == expected
    assert "consumer_secret" not in str(seen[0].url)


async def test_plain_http_store_gets_an_oauth1_hmac_sha1_signature_woocommerce_accepts():
    seen: list[httpx.Request] = []
    async with mock_client(_recorder(seen), url="http://shop.test") as woo:
        await woo.get_json("/orders", {"modified_after": "2024-05-01T12:00:00", "per_page": 100})
    query = dict(parse_qsl(urlsplit(str(seen[0].url)).query))
    assert query["oauth_consumer_key"] == KEY and query["oauth_signature_method"] == "HMAC-SHA1"
    assert "authorization" not in seen[0].headers
    assert woo_oauth_signature_is_valid(seen[0], SECRET)
    assert not woo_oauth_signature_is_valid(seen[0], "cs_some_other_secret")


async def test_oauth_nonce_is_fresh_on_every_retry_because_woocommerce_rejects_reused_nonces():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(503 if len(seen) == 1 else 200, json={})

    async with mock_client(handler, url="http://shop.test") as woo:
        await woo.get_json("/orders")
    nonces = [dict(parse_qsl(urlsplit(str(r.url)).query))["oauth_nonce"] for r in seen]
    assert len(nonces) == 2 and nonces[0] != nonces[1]


async def test_query_mode_puts_consumer_key_and_secret_in_the_query_string():
    seen: list[httpx.Request] = []
    async with mock_client(_recorder(seen), auth="query") as woo:
        await woo.get_order(1)
    query = dict(parse_qsl(urlsplit(str(seen[0].url)).query))
    assert (query["consumer_key"], query["consumer_secret"]) == (KEY, SECRET)
    assert "authorization" not in seen[0].headers


async def test_secret_in_the_query_string_never_reaches_an_error_message():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot connect to {request.url}", request=request)

    async with mock_client(handler, auth="query", max_attempts=2) as woo:
        with pytest.raises(WooTransportError) as caught:
            await woo.get_order(1)
    assert SECRET not in str(caught.value)
    assert "/orders/1" in str(caught.value)
