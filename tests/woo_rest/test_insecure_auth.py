"""Issue 16 item 6: the consumer secret never crosses plain HTTP unless the operator says so explicitly."""

from __future__ import annotations

import logging

import pytest

from core.secret import Secret
from core.settings import SettingsError, WooCommerceSettings, settings_from_dict
from core.woo.auth import InsecureAuthError
from core.woo.rest import WooClient


@pytest.mark.parametrize("mode", ["basic", "query"])
def test_basic_or_query_auth_for_a_plain_http_store_is_refused_by_the_settings(mode):
    with pytest.raises(SettingsError, match=r"woocommerce\.auth.*allow_insecure"):
        settings_from_dict({"woocommerce": {"url": "http://shop.example.com", "auth": mode}}, env={})


@pytest.mark.parametrize("mode", ["basic", "query"])
async def test_a_rest_client_refuses_to_send_the_secret_over_plain_http(mode):
    settings = WooCommerceSettings(url="http://shop.example.com", auth=mode, consumer_key=Secret("ck_1"),
                                   consumer_secret=Secret("cs_secret_1"))
    with pytest.raises(InsecureAuthError):
        WooClient(settings)


async def test_allow_insecure_lets_it_through_with_a_warning(caplog):
    settings = settings_from_dict({"woocommerce": {"url": "http://shop.example.com", "auth": "basic",
                                                   "allow_insecure": True}}, env={})
    with caplog.at_level(logging.WARNING, logger="core.woo.auth"):
        async with WooClient(settings.woocommerce):
            pass
    assert any("clear text" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(("mode", "url"), [("auto", "http://shop.example.com"), ("oauth1", "http://shop.example.com"),
                                           ("basic", "https://shop.example.com")])
async def test_auto_oauth1_and_https_need_no_flag(mode, url):
    async with WooClient(settings_from_dict({"woocommerce": {"url": url, "auth": mode}}, env={}).woocommerce):
        pass
