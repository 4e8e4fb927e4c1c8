"""Authentication as class-wc-rest-authentication.php: Basic, query string first, OAuth 1.0a over HTTP."""

from __future__ import annotations

import time

import httpx
import pytest
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_QUERY, Client

from core.sandbox.woo import WooSandbox
from tests.sandbox_woo.conftest import KEY, SECRET


@pytest.fixture
def url(sandbox):
    return sandbox.url + "/wp-json/wc/v3/orders"


def oauth_url(url, key=KEY, secret=SECRET, **kw):
    client = Client(key, client_secret=secret, signature_method=SIGNATURE_HMAC_SHA1,
                    signature_type=SIGNATURE_TYPE_QUERY, **kw)
    signed, _, _ = client.sign(url + "?per_page=5")
    return signed


def test_basic_auth_with_the_right_key_is_accepted(url):
    assert httpx.get(url, auth=(KEY, SECRET)).status_code == 200


def test_wrong_secret_for_a_known_key_is_consumer_secret_invalid_with_www_authenticate(url):
    response = httpx.get(url, auth=(KEY, "cs_wrong"))
    assert response.status_code == 401
    assert response.json() == {"code": "woocommerce_rest_authentication_error",
                               "message": "Consumer secret is invalid.", "data": {"status": 401}}
    assert response.headers["WWW-Authenticate"].startswith('Basic realm="WooCommerce API.')


def test_unknown_key_runs_unauthenticated_and_gets_cannot_view(url):
    response = httpx.get(url, auth=("ck_unknown", SECRET))
    assert response.status_code == 401
    assert response.json()["code"] == "woocommerce_rest_cannot_view"
    assert response.json()["message"] == "Sorry, you cannot list resources."


def test_single_resource_without_credentials_says_cannot_view_this_resource(sandbox):
    body = httpx.get(sandbox.url + "/wp-json/wc/v3/orders/1").json()
    assert body["message"] == "Sorry, you cannot view this resource."


def test_query_string_credentials_take_precedence_over_basic(url):
    good = httpx.get(url, params={"consumer_key": KEY, "consumer_secret": SECRET}, auth=(KEY, "wrong"))
    assert good.status_code == 200
    bad = httpx.get(url, params={"consumer_key": KEY, "consumer_secret": "wrong"}, auth=(KEY, SECRET))
    assert bad.status_code == 401 and bad.json()["message"] == "Consumer secret is invalid."


def test_oauth1_hmac_sha1_signed_by_oauthlib_is_accepted(url):
    assert httpx.get(oauth_url(url)).status_code == 200


def test_oauth1_with_a_wrong_secret_is_signature_mismatch(url):
    body = httpx.get(oauth_url(url, secret="cs_wrong")).json()
    assert body["message"] == "Invalid signature - provided signature does not match."


def test_oauth1_with_an_unknown_key_is_consumer_key_invalid(url):
    body = httpx.get(oauth_url(url, key="ck_other")).json()
    assert (body["code"], body["message"]) == ("woocommerce_rest_authentication_error", "Consumer key is invalid.")


def test_oauth1_nonce_cannot_be_reused(url):
    signed = oauth_url(url)
    assert httpx.get(signed).status_code == 200
    assert httpx.get(signed).json()["message"] == "Invalid nonce - nonce has already been used."


def test_oauth1_timestamp_outside_15_minutes_is_rejected(url):
    stale = oauth_url(url, timestamp=str(int(time.time()) - 16 * 60))
    assert httpx.get(stale).json()["message"] == "Invalid timestamp."


def test_oauth1_missing_parameter_is_named(url):
    body = httpx.get(url, params={"oauth_consumer_key": KEY}).json()
    assert body["code"] == "woocommerce_rest_authentication_missing_parameter"
    assert "oauth_signature" in body["message"]


def test_basic_can_be_limited_to_https_like_woocommerce():
    store = WooSandbox(consumer_key=KEY, consumer_secret=SECRET, basic_requires_https=True)
    with store.run_in_thread() as base:
        response = httpx.get(base + "/wp-json/wc/v3/orders", auth=(KEY, SECRET))
        assert response.json()["code"] == "woocommerce_rest_cannot_view"
        assert httpx.get(oauth_url(base + "/wp-json/wc/v3/orders")).status_code == 200
