"""Specification: ``ml-connector webhooks check`` exit codes and text, ``webhooks install`` idempotence."""

from __future__ import annotations

import io

import pytest

from core.cli import CommandError
from core.cli.webhooks import run_check, run_enable, run_install
from tests.watchdog.conftest import base_settings, write_config

DELIVERY = "https://connector.example.com/webhooks/woocommerce"


@pytest.fixture
def args(tmp_path, store):
    settings = base_settings(tmp_path / "outbox.sqlite3", woocommerce={"url": store.url},
                             receiver={"public_url": DELIVERY})
    return write_config(tmp_path / "config.toml", settings, [])


def _run(handler, args) -> tuple[int, str]:
    out = io.StringIO()
    return handler(args, out), out.getvalue()


def _ours(store) -> list[tuple[int, str, str]]:
    return sorted((h.id, h.topic, h.delivery_url) for h in store.registry.listing() if h.delivery_url == DELIVERY)


def test_install_creates_one_active_webhook_per_required_topic_with_our_url_and_secret(args, store):
    code, text = _run(run_install, args)
    assert code == 0 and "4 created" in text
    hooks = [h for h in store.registry.listing() if h.delivery_url == DELIVERY]
    assert sorted(h.topic for h in hooks) == ["customer.created", "customer.updated", "order.created",
                                              "order.updated"]
    assert {h.status for h in hooks} == {"active"} and {h.secret for h in hooks} == {"whsec_watchdog_1234"}


def test_install_twice_leaves_the_same_webhooks(args, store):
    _run(run_install, args)
    first = _ours(store)
    code, text = _run(run_install, args)
    assert code == 0 and "0 created, 4 already present" in text
    assert _ours(store) == first


def test_install_creates_only_the_missing_topic(args, store):
    store.add_webhook("order.created", DELIVERY, "whsec_watchdog_1234", ping=False)
    code, text = _run(run_install, args)
    assert code == 0 and "3 created, 1 already present" in text
    assert [t for _, t, _ in _ours(store)].count("order.created") == 1


def test_install_ignores_other_peoples_webhooks(args, store):
    store.add_webhook("order.created", "https://erp.example.com/hook", "x", ping=False)
    _run(run_install, args)
    assert [t for _, t, _ in _ours(store)].count("order.created") == 1


def test_check_exits_0_when_every_required_topic_has_an_active_webhook_of_ours(args, store):
    _run(run_install, args)
    code, text = _run(run_check, args)
    assert code == 0 and "All webhooks of ours are active" in text and "PROBLEM" not in text


def test_check_exits_3_and_says_how_to_reenable_a_disabled_webhook(args, store):
    _run(run_install, args)
    hook = next(h for h in store.registry.listing() if h.topic == "order.updated")
    hook.status = "disabled"
    code, text = _run(run_check, args)
    assert code == 3
    assert f"webhook {hook.id} (order.updated) is disabled" in text
    assert f"ml-connector webhooks enable {hook.id}" in text and f"wp ml-connector reenable {hook.id}" in text


def test_check_exits_3_for_a_paused_webhook(args, store):
    _run(run_install, args)
    hook = next(h for h in store.registry.listing() if h.topic == "customer.created")
    store.set_webhook_status(hook.id, "paused")
    code, text = _run(run_check, args)
    assert code == 3 and "is paused" in text


def test_check_exits_3_and_says_how_to_install_a_missing_topic(args, store):
    code, text = _run(run_check, args)
    assert code == 3
    assert "No WooCommerce webhook delivers order.created" in text and "ml-connector webhooks install" in text


def test_check_with_a_wrong_consumer_secret_fails_with_exit_1_naming_the_keys(tmp_path, store):
    settings = base_settings(tmp_path / "db.sqlite3", woocommerce={"url": store.url})
    args = write_config(tmp_path / "bad.toml", settings, [], consumer_secret="cs_wrong")
    with pytest.raises(CommandError) as failure:
        _run(run_check, args)
    assert failure.value.code == 1 and "consumer_secret" in str(failure.value)


def test_enable_of_a_deleted_webhook_says_it_is_gone_and_how_to_recreate_it(args, store):
    """WooCommerce answers PUT of an unknown id with 400 woocommerce_rest_shop_webhook_invalid_id, not 404."""
    args.id = store.add_webhook("order.updated", DELIVERY, "whsec_watchdog_1234", ping=False).id
    store.registry.delete(args.id)
    with pytest.raises(CommandError) as failure:
        _run(run_enable, args)
    assert failure.value.code == 1
    assert f"webhook {args.id} does not exist in the store" in str(failure.value)
    assert "ml-connector webhooks install" in str(failure.value)
    assert store.registry.listing() == []
