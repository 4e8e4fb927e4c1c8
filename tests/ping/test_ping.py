"""Specification: ``ping`` passes against both sandboxes, and each wrong setting is named in its failure."""

from __future__ import annotations

import argparse
import asyncio
import io

import pytest

from core.cli.ping import run as run_ping_cli
from core.ping import Check, run_ping
from core.sandbox.woo import WooSandbox
from core.settings import Settings, settings_from_dict
from tests.ping.conftest import CS, DELIVERY, KEY

pytestmark = pytest.mark.timeout(60)


def make_settings(store: WooSandbox, gateway: str, **changes: dict) -> Settings:
    data: dict[str, dict] = {
        "woocommerce": {"url": store.url, "consumer_key": KEY, "consumer_secret": CS},
        "receiver": {"public_url": DELIVERY},
        "intacct": {"endpoint": gateway, "sender_id": "sandbox-sender", "sender_password": "sandbox-sender-password",
                    "company_id": "sandbox-company", "user_id": "sandbox-user",
                    "user_password": "sandbox-user-password"},
        "mapping": {"dimensions": {"LOCATIONID": "100", "DEPARTMENTID": "D100"}},
    }
    for section, values in changes.items():
        data[section] = {**data.get(section, {}), **values}
    return settings_from_dict(data)


def ping(settings: Settings) -> dict[str, Check]:
    return {c.name: c for c in asyncio.run(run_ping(settings))}


def test_every_check_passes_with_the_right_credentials(store, intacct):
    checks = ping(make_settings(store, intacct))
    assert [name for name, c in checks.items() if not c.ok] == []
    assert {"store reachable", "REST API keys valid", "REST API read permission", "webhooks present and active",
            "Intacct gateway reachable", "Intacct sender authorised", "Intacct user login",
            "reference data readable", "GL accounts exist", "dimensions exist"} <= set(checks)


def test_a_wrong_consumer_secret_is_named(store, intacct):
    checks = ping(make_settings(store, intacct, woocommerce={"consumer_secret": "cs_wrong"}))
    assert checks["store reachable"].ok
    keys = checks["REST API keys valid"]
    assert not keys.ok and "consumer_secret" in keys.fix and "cs_wrong" not in keys.detail + keys.fix


def test_a_wrong_sender_password_names_sender_id_and_sender_password(store, intacct):
    checks = ping(make_settings(store, intacct, intacct={"sender_password": "not-it"}))
    sender = checks["Intacct sender authorised"]
    assert not sender.ok and "sender_password" in sender.fix and "Intacct user login" not in checks


def test_a_wrong_user_password_names_user_id_and_user_password(store, intacct):
    checks = ping(make_settings(store, intacct, intacct={"user_password": "not-it"}))
    assert checks["Intacct sender authorised"].ok
    login = checks["Intacct user login"]
    assert not login.ok and "user_password" in login.fix and "sender_password" not in login.fix


def test_a_missing_webhook_is_reported_with_the_install_command(store, intacct):
    hook = next(h for h in store.registry.listing() if h.topic == "customer.updated")
    store.registry.delete(hook.id)
    try:
        check = ping(make_settings(store, intacct))["webhooks present and active"]
    finally:
        store.add_webhook("customer.updated", DELIVERY, "whsec", ping=False)
    assert not check.ok and "customer.updated" in check.detail and "webhooks install" in check.fix


def test_an_unknown_gl_account_is_named_with_its_setting(store, intacct):
    check = ping(make_settings(store, intacct, mapping={"shipping_account": "6999"}))["GL accounts exist"]
    assert not check.ok and "GL account 6999 ([mapping.shipping_account]) does not exist" in check.detail


def test_an_unknown_dimension_value_is_named_with_its_setting(store, intacct):
    check = ping(make_settings(store, intacct, mapping={"dimensions": {"LOCATIONID": "999"}}))["dimensions exist"]
    assert not check.ok and "LOCATIONID 999 ([mapping.dimensions.LOCATIONID])" in check.detail


def test_an_unreachable_store_says_what_to_check(intacct, tmp_path):
    settings = settings_from_dict({"woocommerce": {"url": "http://127.0.0.1:9", "consumer_key": KEY,
                                                   "consumer_secret": CS}})
    checks = ping(settings)
    assert not checks["store reachable"].ok and "[woocommerce] url" in checks["store reachable"].fix


def test_the_command_prints_each_fix_and_exits_1_when_a_check_fails(store, intacct, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[woocommerce]\nurl = "{store.url}"\nconsumer_key = "{KEY}"\nconsumer_secret = "{CS}"\n'
                      f'[receiver]\npublic_url = "{DELIVERY}"\n'
                      f'[intacct]\nendpoint = "{intacct}"\nsender_id = "sandbox-sender"\n'
                      'sender_password = "sandbox-sender-password"\ncompany_id = "sandbox-company"\n'
                      'user_id = "sandbox-user"\nuser_password = "wrong-password"\n', encoding="utf-8")
    out = io.StringIO()
    code = run_ping_cli(argparse.Namespace(config=str(config), verbose=False), out)
    assert code == 1
    assert "FAIL  Intacct user login" in out.getvalue() and "user_password" in out.getvalue()
    assert "wrong-password" not in out.getvalue()
