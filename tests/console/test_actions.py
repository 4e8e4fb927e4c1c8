"""Pilot tests: every console action on a temporary outbox, checked in the outbox and in the sandboxes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from console.app import ConsoleApp
from console.screens.alerts import AlertsScreen
from console.screens.detail import DetailScreen
from console.screens.help import HelpScreen
from console.widgets.outbox_table import OutboxTable
from core.outbox import Outbox
from tests.console.conftest import CREDS, SIZE, WEBHOOK_SECRET, make_app, make_settings


async def until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app work (workers, timers) until ``condition`` holds; fail after ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await pilot.pause(0.05)


async def select(pilot, app: ConsoleApp, event_id: int) -> None:
    table = app.main.query_one(OutboxTable)
    for index in range(table.total):
        if table.row(index) and table.row(index).key == event_id:  # type: ignore[union-attr]
            table.cursor = index
            await pilot.pause()
            return
    raise AssertionError(f"event {event_id} is not in the current tab")


def bills(sandbox) -> list[dict]:
    return sandbox.state.records("APBILL")


def state(outbox: Outbox, event_id: int) -> str:
    return outbox.get_event(event_id).state


async def test_approve_then_push_puts_the_bill_in_the_intacct_sandbox(db, outbox, seeded, intacct):
    app = make_app(make_settings(db, intacct.url), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, seeded["customer"])
        await pilot.press("a")
        await until(pilot, lambda: state(outbox, seeded["customer"]) == "approved")
        await select(pilot, app, seeded["order727"])
        await pilot.press("a")
        await until(pilot, lambda: state(outbox, seeded["order727"]) == "approved")
        await pilot.press("p", "y")
        await until(pilot, lambda: state(outbox, seeded["order727"]) == "posted", timeout=20)
    numbers = [b.get("RECORDID") for b in bills(intacct)]
    assert "727" in numbers
    assert outbox.get_event(seeded["order727"]).record_no


async def test_push_asks_first_and_no_sends_nothing(db, outbox, seeded, intacct):
    outbox.transition(seeded["order727"], "approved", actor="test")
    app = make_app(make_settings(db, intacct.url), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause(0.2)
    assert state(outbox, seeded["order727"]) == "approved"
    assert intacct.state.request_count == 0


async def test_skip_with_reason_is_audited_and_nothing_is_sent(db, outbox, seeded, intacct):
    app = make_app(make_settings(db, intacct.url), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, seeded["order723"])
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"duplicate test order", "enter")
        await until(pilot, lambda: state(outbox, seeded["order723"]) == "skipped")
    trail = outbox.audit_for(seeded["order723"])
    assert trail[-1]["actor"] == "alice" and "duplicate test order" in trail[-1]["detail"]
    assert intacct.state.request_count == 0 and bills(intacct) == []


async def test_skip_without_a_reason_does_nothing(db, outbox, seeded):
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, seeded["order723"])
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter", "escape")
        await pilot.pause(0.2)
    assert state(outbox, seeded["order723"]) == "awaiting_review"


async def test_retry_sends_a_failed_event_back_to_approved(db, outbox, seeded):
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#tab-failed")
        await until(pilot, lambda: app.main.view == "failed")
        await select(pilot, app, seeded["failed"])
        await pilot.press("r")
        await until(pilot, lambda: state(outbox, seeded["failed"]) == "approved")
    assert outbox.audit_for(seeded["failed"])[-1]["actor"] == "alice"


async def test_approve_all_visible_approves_the_search_results_only(db, outbox, seeded):
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"727", "enter")
        await until(pilot, lambda: app.main.matches is not None)
        await pilot.press("A", "y")
        await until(pilot, lambda: state(outbox, seeded["order727"]) == "approved")
    assert state(outbox, seeded["order723"]) == "awaiting_review"
    assert state(outbox, seeded["customer"]) == "awaiting_review"


async def test_remap_of_a_failed_event_that_now_maps_cleanly_approves_it(db, outbox, seeded, intacct):
    app = make_app(make_settings(db, intacct.url), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#tab-failed")
        await until(pilot, lambda: app.main.view == "failed")
        await select(pilot, app, seeded["failed"])
        await pilot.press("m")
        await until(pilot, lambda: state(outbox, seeded["failed"]) == "approved", timeout=15)


async def test_open_in_store_prints_the_order_admin_url(db, outbox, seeded):
    app = make_app(make_settings(db, woo_url="https://shop.example.com"), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, seeded["order727"])
        await pilot.press("o")
        await pilot.pause()
    assert app.last_store_url == "https://shop.example.com/wp-admin/post.php?post=727&action=edit"


async def test_detail_shows_payload_masked_xml_and_history(db, outbox, seeded, intacct):
    app = make_app(make_settings(db, intacct.url), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, seeded["order727"])
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = app.screen
        await until(pilot, lambda: screen.preview is not None, timeout=15)
    preview = screen.preview
    assert '"number": "727"' in preview.payload
    assert "<create_apbill" in preview.xml or "<APBILL" in preview.xml
    assert "********" in preview.xml
    assert CREDS.user_password not in preview.xml and CREDS.sender_password not in preview.xml
    assert preview.problems == ()


async def test_help_lists_every_binding_with_its_tooltip(db, outbox):
    from console.actions import ACTIONS

    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
    bound = {b.id for b in app.BINDINGS}  # type: ignore[union-attr]
    assert {a.id for a in ACTIONS} <= bound
    assert all(a.tooltip for a in ACTIONS)


async def test_command_palette_offers_every_action(db, outbox):
    from console.actions import ACTIONS
    from console.commands import ActionCommands

    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE):
        provider = ActionCommands(app.screen)
        found = [hit.text async for hit in provider.discover()]
    assert found == [a.label for a in ACTIONS]


async def test_alert_reenable_activates_the_store_webhook_and_backfills_the_outage(db, outbox, store, intacct):
    from core.watchdog import Watchdog, list_alerts
    from core.woo.rest import WooClient

    settings = make_settings(db, intacct.url, woo_url=store.url)
    hooks = {t: store.add_webhook(t, settings.delivery_url(), WEBHOOK_SECRET, ping=False).id
             for t in ("order.created", "order.updated", "customer.created", "customer.updated")}
    dead = hooks["order.updated"]
    store.set_webhook_status(dead, "disabled")
    async with WooClient(settings.woocommerce) as client:  # what serve's watchdog does every interval
        dog = Watchdog(settings, outbox, client)
        await dog.run_once()
        dog.close()
    assert [a.webhook_id for a in list_alerts(outbox) if a.is_open] == [dead]
    customer = store.create_customer("Ada", "Lovelace", "ada@example.com")
    product = store.add_product("Widget", "12.50")
    missed = store.create_order([(product["id"], 2)], customer_id=customer["id"])  # during the outage

    app = make_app(settings, outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, AlertsScreen))
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: app.last_result is not None, timeout=15)
    assert store.webhook(dead).status == "active"
    assert not [a for a in list_alerts(outbox) if a.is_open]
    backfilled = [e for e in outbox.list_events(limit=50) if e.source == "backfill"]
    assert missed["id"] in {e.resource_id for e in backfilled if e.resource == "order"}
