"""Pilot tests of what an accountant needs from the console: needs action, what was sent, honest pushes,
re-mapping with an edited configuration, and approving a day by multi-selection with totals.

Every Intacct call goes to the Intacct sandbox on 127.0.0.1; orders are posted by the real sync engine."""

from __future__ import annotations

import asyncio
import threading
from decimal import Decimal

from console.screens.detail import DetailScreen
from console.status import ATTACHED
from console.widgets.confirmation import ConfirmationModal
from console.widgets.outbox_table import OutboxTable
from core.intacct.client import IntacctClient
from core.outbox import Outbox
from core.settings import Settings
from core.sync import SyncEngine
from core.sync.ledger import Ledger
from tests.console.conftest import CREDS, SIZE, make_app, make_settings
from tests.console.seed import fixture, order_event
from tests.console.test_actions import select, state, until


def push_with_engine(settings: Settings, db, owner: str | None = None) -> None:
    """What ``ml-connector push`` (or serve's worker) does, on its own connection and loop."""
    async def go() -> None:
        box = Outbox.open(db)
        client = IntacctClient(settings.intacct)
        try:
            await SyncEngine(settings, box, client, owner=owner).push()
        finally:
            await client.aclose()
            box.close()

    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(go())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            failures.append(exc)

    thread = threading.Thread(target=run)  # the tests' own loop is running in this thread
    thread.start()
    thread.join(timeout=30)
    if failures:
        raise failures[0]


def cancelled_after_posting(settings: Settings, outbox: Outbox, db) -> int:
    """Order 727 posted, then cancelled in the store: the worker flags the cancellation (an open item)."""
    order = fixture("order-727.json")
    first = outbox.ingest(order_event(order, "2030-01-01T00:00:01", "order.created")).event_id
    outbox.transition(first, "approved", actor="test")
    push_with_engine(settings, db)
    assert outbox.get_event(first).state == "posted"
    flagged = outbox.ingest(order_event({**order, "status": "cancelled"}, "2030-01-01T00:00:02")).event_id
    outbox.transition(flagged, "approved", actor="test")
    push_with_engine(settings, db)
    assert outbox.get_event(flagged).state == "awaiting_review"
    assert Ledger(outbox).open_items([727])
    return int(flagged or 0)


async def test_a_cancelled_after_posting_order_shows_needs_action_until_resolved(db, outbox, intacct):
    settings = make_settings(db, intacct.url)
    flagged = cancelled_after_posting(settings, outbox, db)
    app = make_app(settings, outbox)
    async with app.run_test(size=SIZE) as pilot:
        table = app.main.query_one(OutboxTable)
        await select(pilot, app, flagged)  # the Review tab shows it, marked
        assert table.row(table.cursor).state == "needs action"  # type: ignore[union-attr]
        assert "needs action 1" in str(app.main.query_one("#status").render())
        await pilot.press("2")  # the Needs action tab holds it alone
        await until(pilot, lambda: app.main.view == "needs")
        assert table.total == 1 and table.selected_key == flagged
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.preview is not None,
                    timeout=15)
        needs = app.screen.preview.needs  # type: ignore[attr-defined]
        assert needs is not None and "cancelled" in needs.causes
        assert dict(needs.delta)["6000"] == Decimal("-18.00")
        await pilot.press("h")
        await pilot.pause()
        await pilot.press(*"voided bill 727 by hand", "enter")
        await until(pilot, lambda: not Ledger(outbox).open_items([727]))
        await pilot.press("escape")
        await until(pilot, lambda: app.main.query_one(OutboxTable).total == 0)
        assert "needs action 0" in str(app.main.query_one("#status").render())
    (handled,) = Ledger(outbox).open_items([727], resolution="handled")
    assert (handled.closed_by, handled.note) == ("alice", "voided bill 727 by hand")
    assert state(outbox, flagged) == "approved"


async def test_approving_a_needs_action_event_posts_the_correction(db, outbox, intacct):
    settings = make_settings(db, intacct.url)
    flagged = cancelled_after_posting(settings, outbox, db)
    app = make_app(settings, outbox)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, flagged)
        await pilot.press("a")
        await until(pilot, lambda: state(outbox, flagged) == "approved")
        await pilot.press("p", "y")
        await until(pilot, lambda: state(outbox, flagged) == "posted", timeout=20)
    assert Ledger(outbox).open_items() == []
    assert Ledger(outbox).open_items([727], resolution=None) == []


async def test_a_posted_event_shows_the_request_sent_and_its_recordno(db, outbox, intacct):
    settings = make_settings(db, intacct.url)
    order = fixture("order-727.json")
    posted = int(outbox.ingest(order_event(order, "2030-01-01T00:00:01", "order.created")).event_id or 0)
    outbox.transition(posted, "approved", actor="test")
    push_with_engine(settings, db)
    record_no = outbox.get_event(posted).record_no
    assert record_no
    app = make_app(settings, outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await until(pilot, lambda: app.main.view == "posted")
        await select(pilot, app, posted)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.preview is not None,
                    timeout=15)
        preview = app.screen.preview  # type: ignore[attr-defined]
        shown = str(app.screen.query_one("#xml").render()) + str(app.screen.query_one("#sent").render())
        checks = str(app.screen.query_one("#problems").render())
    bill = [w for w in preview.sent if w.operation == "create-apbill"]
    assert bill and bill[0].status == "done" and bill[0].record_no == record_no
    assert "<create_apbill" in bill[0].xml or "APBILL" in bill[0].xml
    assert f"RECORDNO {record_no}" in shown
    assert "no Intacct request" not in shown and "✗" not in checks


async def test_push_in_attached_mode_never_reports_a_failure_for_an_event_serve_posted(db, outbox, seeded, intacct):
    settings = make_settings(db, intacct.url)
    outbox.acquire_lease("sync-worker", "serve-on-this-host", 60)  # serve is running on this database
    for key in ("customer", "order727"):
        outbox.transition(seeded[key], "approved", actor="test")
    app = make_app(settings, outbox)
    async with app.run_test(size=SIZE) as pilot:
        assert app.mode == ATTACHED
        await pilot.press("p", "y")
        await pilot.pause(0.3)
        serve = threading.Thread(target=push_with_engine, args=(settings, db, "serve-on-this-host"))
        serve.start()  # serve's worker posts them a moment later
        await until(pilot, lambda: app.last_result is not None, timeout=20)
        serve.join(timeout=20)
    assert state(outbox, seeded["order727"]) == "posted"
    assert app.last_result.failed == 0 and app.last_result.done == 2  # type: ignore[union-attr]
    told = [(sev, title, msg) for sev, title, msg in app.notices if sev == "error" or "failed" in title.lower()]
    assert told == []
    assert any("2 of 2 queued event(s) posted by serve" in msg for _, _, msg in app.notices)


async def test_remap_after_editing_the_config_uses_the_new_account(tmp_path, db, outbox, seeded, intacct):
    from core.settings import load_settings

    config = tmp_path / "config.toml"
    body = (f'[intacct]\nendpoint = "{intacct.url}"\nsender_id = "{CREDS.sender_id}"\n'
            f'sender_password = "{CREDS.sender_password}"\ncompany_id = "{CREDS.company_id}"\n'
            f'user_id = "{CREDS.user_id}"\nuser_password = "{CREDS.user_password}"\ntimeout_seconds = 5\n'
            f'[sync]\nmode = "review"\n[database]\npath = "{db}"\n'
            '[mapping]\nbase_currency = "USD"\ndefault_account = "6000"\n')
    config.write_text(body)
    app = make_app(load_settings(config, env={}), outbox)
    async with app.run_test(size=SIZE) as pilot:
        assert str(config) in str(app.main.query_one("#status").render())
        await select(pilot, app, seeded["order727"])
        await pilot.press("m")
        await until(pilot, lambda: app.last_remap is not None, timeout=15)
        assert "6000" in {line.account for line in app.last_remap.lines}  # type: ignore[union-attr]
        config.write_text(body.replace('default_account = "6000"', 'default_account = "6100"'))
        app.last_remap = None
        await pilot.press("m")
        await until(pilot, lambda: app.last_remap is not None, timeout=15)
    accounts = {line.account for line in app.last_remap.lines if line.document == "bill"}  # type: ignore[union-attr]
    assert "6100" in accounts and "6000" not in accounts
    assert app.services.settings.mapping.default_account == "6100"


async def test_approve_a_day_by_multi_select_shows_count_and_totals(db, outbox, seeded):
    o727, o723 = fixture("order-727.json"), fixture("order-723-with-refunds.json")
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, seeded["order727"])
        await pilot.press("space")
        await select(pilot, app, seeded["order723"])
        await pilot.press("space")
        footer = str(app.main.query_one("#selection").render())
        assert "2 event(s) (2 order(s))" in footer
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ConfirmationModal))
        question = app.screen.question  # type: ignore[attr-defined]
        await pilot.press("y")
        await until(pilot, lambda: state(outbox, seeded["order723"]) == "approved")
    assert state(outbox, seeded["order727"]) == "approved"
    assert state(outbox, seeded["customer"]) == "awaiting_review"
    assert "Approve 2 event(s) (2 order(s))" in question
    if o727["currency"] == o723["currency"]:
        expected = f"{o727['currency']} {Decimal(o727['total']) + Decimal(o723['total']):,.2f}"
    else:
        expected = f"{o727['currency']} {Decimal(o727['total']):,.2f}"
    assert expected in question and expected in footer


def test_standalone_push_reports_what_the_worker_already_posted(db, outbox, seeded, intacct, monkeypatch):
    from console import bridges
    from console.services import ConsoleServices, Progress

    settings = make_settings(db, intacct.url)
    for key in ("customer", "order727"):
        outbox.transition(seeded[key], "approved", actor="test")
    real_push = bridges.push

    def worker_first(loop, event_ids, progress):  # the background worker's round wins the lease first
        push_with_engine(settings, db)
        return real_push(loop, event_ids, progress)

    monkeypatch.setattr(bridges, "push", worker_first)
    services = ConsoleServices(settings, outbox, "alice")
    try:
        result = services.push(None, Progress())
        again = services.push(None, Progress())
    finally:
        services.close()
    assert (result.done, result.failed) == (2, 0)
    assert result.messages[0] == "2 of 2 queued event(s) posted"
    assert again.done == 0 and "nothing was queued" in again.messages[0]


async def test_a_refund_row_shows_the_refund_amount_and_adjustment(db, outbox, intacct):
    settings = make_settings(db, intacct.url)
    order = fixture("order-723-with-refunds.json")
    first = outbox.ingest(order_event({**order, "refunds": [], "status": "processing"}, "2030-01-01T00:00:01",
                                      "order.created")).event_id
    outbox.transition(first, "approved", actor="test")
    push_with_engine(settings, db)
    assert outbox.get_event(first).state == "posted"
    refunded = outbox.ingest(order_event(order, "2030-01-01T00:00:02")).event_id
    app = make_app(settings, outbox)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, int(refunded or 0))
        table = app.main.query_one(OutboxTable)
        row = table.row(table.cursor)
    assert row is not None
    assert row.cells["topic"] == "refund → adjustment"
    assert row.cells["amount"] == f"-19.00 {order['currency']}" and row.amount == "-19.00"
