"""Authentication as class-wc-rest-authentication.php: Basic (only when is_ssl()), query string first, OAuth 1.0a."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_QUERY, Client

from core.sandbox.woo import WooSandbox
from core.sandbox.woo.auth import Authenticator, oauth_base_string, php_vars
from tests.sandbox_woo.conftest import KEY, SECRET


@pytest.fixture
def url(sandbox):
    return sandbox.url + "/wp-json/wc/v3/orders"


@pytest.fixture
def tls_url():
    """A store told it sits behind a TLS-terminating proxy (``HTTPS=on``): ``is_ssl()`` is true."""
    store = WooSandbox(consumer_key=KEY, consumer_secret=SECRET, behind_tls=True)
    with store.run_in_thread() as base:
        yield base + "/wp-json/wc/v3/orders"


def oauth_url(url, key=KEY, secret=SECRET, query="per_page=5", **kw):
    client = Client(key, client_secret=secret, signature_method=SIGNATURE_HMAC_SHA1,
                    signature_type=SIGNATURE_TYPE_QUERY, **kw)
    signed, _, _ = client.sign(url + "?" + query)
    return signed


def test_basic_auth_over_plain_http_runs_unauthenticated_by_default(url):
    response = httpx.get(url, auth=(KEY, SECRET))
    assert response.status_code == 401
    assert response.json()["code"] == "woocommerce_rest_cannot_view"
    assert "WWW-Authenticate" not in response.headers


def test_query_string_credentials_over_plain_http_are_not_tried(url):
    response = httpx.get(url, params={"consumer_key": KEY, "consumer_secret": "wrong"})
    assert response.json()["code"] == "woocommerce_rest_cannot_view"


def test_basic_auth_behind_tls_with_the_right_key_is_accepted(tls_url):
    assert httpx.get(tls_url, auth=(KEY, SECRET)).status_code == 200


def test_oauth_accepts_each_query_parameter_sent_twice_as_the_official_clients_do(url):
    """wc-api-python signs ``?per_page=5&page=2`` then requests appends ``params=`` again: PHP keeps the last."""
    signed = oauth_url(url, query="per_page=5&page=1")
    response = httpx.get(signed + "&per_page=5&page=1")
    assert response.status_code == 200, response.text


def test_oauth_signs_the_last_value_of_a_repeated_parameter(url):
    signed = oauth_url(url, query="per_page=5")
    assert httpx.get(signed.replace("per_page=5", "per_page=3&per_page=5")).status_code == 200
    mismatched = httpx.get(oauth_url(url, query="per_page=5").replace("per_page=5", "per_page=5&per_page=3"))
    assert mismatched.json()["message"] == "Invalid signature - provided signature does not match."


def test_oauth_signs_form_encoded_post_parameters(sandbox):
    base = sandbox.url + "/wp-json/wc/v3/webhooks"
    body = "topic=order.created&delivery_url=http%3A%2F%2F127.0.0.1%3A9%2Fhook"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    client = Client(KEY, client_secret=SECRET, signature_method=SIGNATURE_HMAC_SHA1,
                    signature_type=SIGNATURE_TYPE_QUERY)
    with_body, _, _ = client.sign(base, http_method="POST", body=body, headers=headers)
    created = httpx.post(with_body, content=body, headers=headers)
    assert created.status_code == 201, created.text
    without_body, _, _ = client.sign(base, http_method="POST")
    refused = httpx.post(without_body, content=body, headers=headers)
    assert refused.json()["message"] == "Invalid signature - provided signature does not match."


def test_oauth_behind_tls_signs_an_https_base_uri(tls_url):
    as_https = oauth_url(tls_url.replace("http://", "https://"))
    assert httpx.get(as_https.replace("https://", "http://", 1)).status_code == 200
    as_http = oauth_url(tls_url)
    assert httpx.get(as_http).json()["message"] == "Invalid signature - provided signature does not match."


def test_wrong_secret_for_a_known_key_is_consumer_secret_invalid_with_www_authenticate(tls_url):
    url = tls_url
    response = httpx.get(url, auth=(KEY, "cs_wrong"))
    assert response.status_code == 401
    assert response.json() == {"code": "woocommerce_rest_authentication_error",
                               "message": "Consumer secret is invalid.", "data": {"status": 401}}
    assert response.headers["WWW-Authenticate"].startswith('Basic realm="WooCommerce API.')


def test_unknown_key_runs_unauthenticated_and_gets_cannot_view(tls_url):
    url = tls_url
    response = httpx.get(url, auth=("ck_unknown", SECRET))
    assert response.status_code == 401
    assert response.json()["code"] == "woocommerce_rest_cannot_view"
    assert response.json()["message"] == "Sorry, you cannot list resources."


def test_single_resource_without_credentials_says_cannot_view_this_resource(sandbox):
    body = httpx.get(sandbox.url + "/wp-json/wc/v3/orders/1").json()
    assert body["message"] == "Sorry, you cannot view this resource."


def test_query_string_credentials_take_precedence_over_basic(tls_url):
    url = tls_url
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


def test_php_vars_keeps_the_last_value_and_builds_arrays_like_php():
    assert php_vars([("page", "1"), ("page", "2")]) == {"page": "2"}
    assert php_vars([("status[]", "a"), ("status[]", "b"), ("meta[x]", "1")]) == {
        "status": {"0": "a", "1": "b"}, "meta": {"x": "1"}}
    assert php_vars([("a.b c", "1")]) == {"a_b_c": "1"}


def test_an_array_parameter_is_signed_as_php_indexes_it():
    """``status[]=a&status[]=b`` is signed as ``status%5B0%5D=a`` and ``status%5B1%5D=b`` (join_with_equals_sign)."""
    base = oauth_base_string("GET", "http://h/p", php_vars([("status[]", "a"), ("status[]", "b")]))
    assert base == "GET&http%3A%2F%2Fh%2Fp&status%255B0%255D%3Da%26status%255B1%255D%3Db"


keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).filter(
    lambda k: not k.startswith("oauth_"))


@settings(max_examples=60, deadline=None)
@given(params=st.dictionaries(keys, st.text(max_size=20), max_size=6), twice=st.sets(keys, max_size=6),
       sha256=st.booleans())
def test_any_query_signed_once_is_accepted_however_often_its_parameters_repeat(params, twice, sha256):
    """What the official clients do: sign ``url?params`` once, then send each parameter again."""
    client = Client(KEY, client_secret=SECRET, signature_type=SIGNATURE_TYPE_QUERY,
                    signature_method="HMAC-SHA256" if sha256 else SIGNATURE_HMAC_SHA1)
    url = "http://127.0.0.1:8080/wp-json/wc/v3/orders"
    signed, _, _ = client.sign(url + ("?" + urlencode(params) if params else ""))
    query = parse_qsl(urlsplit(signed).query, keep_blank_values=True)
    query += [(k, v) for k, v in params.items() if k in twice]
    assert Authenticator(KEY, SECRET).authenticate("GET", url, query, {}) is True
