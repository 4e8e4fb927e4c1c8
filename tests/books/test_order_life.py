"""Specification: Intacct follows an order through its whole life — refunds, edits, cancellations, trash —
and every difference it does not post is an open item a person sees (docs/mapping.md, "The net-effect
rule"). The engine runs against the Intacct sandbox over 127.0.0.1; Intacct's books are read from the
sandbox's own records."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from core.mapping.net import from_json
from core.outbox import Outbox
from core.outbox.model import AWAITING_REVIEW, POSTED
from core.settings import with_overrides
from core.sync import SyncEngine
from core.sync.ledger import Ledger
from tests.books.intacct_view import by_account, documents, net
from tests.sync.conftest import event, fixture

D = Decimal


def version(n: int) -> str:
    return f"2030-01-01T00:00:{n:02d}"


def without_refunds(order: dict[str, Any]) -> dict[str, Any]:
    bare = copy.deepcopy(order)
    bare["refunds"] = []
    bare["status"] = "completed"
    return bare


async def posted_once(outbox: Outbox, engine: SyncEngine, order: dict[str, Any], topic: str = "order.created") -> int:
    ingested = outbox.ingest(event(order, topic, version(1))).event_id
    assert (await engine.push()).posted == [ingested]
    return ingested


def open_delta(outbox: Outbox, order_id: int) -> dict[str, Decimal]:
    (item,) = Ledger(outbox).open_items([order_id])
    out: dict[str, Decimal] = {}
    for account, amount in from_json(item.delta).items():
        out[account.account_no] = out.get(account.account_no, D(0)) + amount
    return out


async def test_refunds_post_even_when_the_same_update_cancels_the_order(sandbox, outbox, make_engine):
    order = fixture("order-723-with-refunds.json")
    engine = make_engine()
    await posted_once(outbox, engine, without_refunds(order))
    cancelled = {**order, "status": "cancelled"}
    update = outbox.ingest(event(cancelled, "order.updated", version(2))).event_id
    await engine.push()
    assert sorted(a["RECORDID"] for a in sandbox.state.records("APADJUSTMENT")) == ["723-R724", "723-R726"]
    assert outbox.get_event(update).state == AWAITING_REVIEW
    # what is left in Intacct (39.00 billed - 19.00 refunded) is exactly the open item, with the opposite sign
    assert by_account(sandbox, "723") == {k: -v for k, v in open_delta(outbox, 723).items()}
    assert sum(by_account(sandbox, "723").values()) == D("20.00")


async def test_refunds_post_even_when_the_same_update_edits_the_money(sandbox, outbox, make_engine):
    order = fixture("order-723-with-refunds.json")
    engine = make_engine()
    await posted_once(outbox, engine, without_refunds(order))
    edited = copy.deepcopy(order)
    edited["shipping_lines"][0]["total"] = "12.00"
    edited["total"] = "41.00"
    outbox.ingest(event(edited, "order.updated", version(2)))
    await engine.push()
    assert sorted(a["RECORDID"] for a in sandbox.state.records("APADJUSTMENT")) == ["723-R724", "723-R726"]
    assert open_delta(outbox, 723) == {"6100": D("2.00")}


async def test_a_money_edit_with_the_adjust_policy_is_booked_per_account(sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    engine = make_engine()
    engine.settings = with_overrides(engine.settings, books={"money_edits": "adjust"})
    await posted_once(outbox, engine, order)
    edited = copy.deepcopy(order)
    edited["shipping_lines"][0]["total"] = "12.00"
    edited["line_items"][0]["total"] = "5.00"
    edited["total"] = "30.35"
    outbox.ingest(event(edited, "order.updated", version(2)))
    assert (await engine.push()).failed == []
    assert by_account(sandbox, "727") == {"2200": D("1.35"), "6000": D("17.00"), "6100": D("12.00")}
    assert len(sandbox.state.records("APBILL")) == 1  # never a second bill
    assert Ledger(outbox).open_items() == []


async def test_a_cancellation_after_posting_needs_action_until_a_person_resolves_it(sandbox, outbox, make_engine,
                                                                                     tmp_path):
    order = fixture("order-727.json")
    engine = make_engine()
    await posted_once(outbox, engine, order)
    flagged = outbox.ingest(event({**order, "status": "cancelled"}, "order.updated", version(2))).event_id
    await engine.push()
    assert outbox.get_event(flagged).state == AWAITING_REVIEW
    assert "cancelled" in (outbox.get_event(flagged).last_error or "")
    assert engine.approve_all(None, actor="operator") == 0  # approving the day leaves it alone
    outbox.close()
    reopened = Outbox.open(tmp_path / "outbox.sqlite3", auto_approve=True)  # a restart keeps it
    again = make_engine(reopened)
    await again.push()
    assert reopened.get_event(flagged).state == AWAITING_REVIEW
    assert open_delta(reopened, 727) == {"2200": D("-1.35"), "6000": D("-18.00"), "6100": D("-10.00")}
    again.resolve(727, "voided bill 727 in Intacct by hand", actor="alice")
    await again.push()
    assert reopened.get_event(flagged).state == POSTED
    assert Ledger(reopened).open_items() == []
    (handled,) = Ledger(reopened).open_items([727], resolution="handled")
    assert (handled.closed_by, handled.note) == ("alice", "voided bill 727 in Intacct by hand")
    assert len(documents(sandbox, "727")) == 1  # nothing was posted for it
    reopened.close()


async def test_approving_a_flagged_cancellation_posts_the_reversal(sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    engine = make_engine()
    await posted_once(outbox, engine, order)
    flagged = outbox.ingest(event({**order, "status": "cancelled"}, "order.updated", version(2))).event_id
    await engine.push()
    engine.approve([flagged], actor="operator")
    await engine.push()
    assert outbox.get_event(flagged).state == POSTED
    assert net(sandbox, "727") == {}
    assert Ledger(outbox).open_items() == []


async def test_a_cancellation_with_the_reverse_policy_zeroes_the_order_in_intacct(sandbox, outbox, make_engine):
    order = fixture("order-723-with-refunds.json")
    engine = make_engine()
    engine.settings = with_overrides(engine.settings, books={"cancellations": "reverse"})
    await posted_once(outbox, engine, without_refunds(order))
    outbox.ingest(event({**order, "status": "cancelled"}, "order.updated", version(2)))
    await engine.push()
    assert net(sandbox, "723") == {}
    assert Ledger(outbox).open_items() == []


async def test_a_full_refund_without_line_detail_reverses_every_account_of_the_bill(sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    engine = make_engine()
    await posted_once(outbox, engine, order)
    refunded = {**order, "status": "refunded", "refunds": [{"id": 900, "refund": "", "total": "-29.35"}]}
    outbox.ingest(event(refunded, "order.updated", version(2)))
    await engine.push()
    (adjustment,) = sandbox.state.records("APADJUSTMENT")
    lines = adjustment["APADJUSTMENTITEMS"]["APADJUSTMENTITEM"]
    assert sorted((ln["ACCOUNTNO"], D(ln["AMOUNT"])) for ln in lines) == [
        ("2200", D("-1.35")), ("6000", D("-18.00")), ("6100", D("-10.00"))]
    assert net(sandbox, "727") == {}


async def test_a_trashed_order_is_a_cancellation_of_its_posted_bill(sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    engine = make_engine()
    await posted_once(outbox, engine, order)
    trashed = outbox.ingest(event({"id": 727}, "order.deleted", "")).event_id
    await engine.push()
    assert outbox.get_event(trashed).state == AWAITING_REVIEW
    assert sum(open_delta(outbox, 727).values()) == D("-29.35")


async def test_a_deleted_refund_is_an_open_item_and_can_be_reversed(sandbox, outbox, make_engine):
    order = {**fixture("order-723-with-refunds.json"), "status": "completed"}
    engine = make_engine()
    await posted_once(outbox, engine, order)
    assert len(sandbox.state.records("APADJUSTMENT")) == 2
    one_left = {**order, "refunds": [r for r in order["refunds"] if r["id"] == 726]}
    outbox.ingest(event(one_left, "order.updated", version(2)))
    await engine.push()
    (r724,) = [a for a in sandbox.state.records("APADJUSTMENT") if a["RECORDID"] == "723-R724"]
    undo = {ln["ACCOUNTNO"]: -D(ln["AMOUNT"]) for ln in r724["APADJUSTMENTITEMS"]["APADJUSTMENTITEM"]}
    assert open_delta(outbox, 723) == undo  # refund 724 is no longer in the store: Intacct must undo it
    engine.settings = with_overrides(engine.settings, books={"deleted_refunds": "reverse"})
    outbox.ingest(event({**one_left, "customer_note": "x"}, "order.updated", version(3)))
    await engine.push()
    assert Ledger(outbox).open_items() == []
    assert sum(by_account(sandbox, "723").values()) == D("29.00")  # 39.00 - refund 726 (10.00)


async def test_an_order_first_seen_fully_refunded_is_booked_bill_and_adjustment(sandbox, outbox, make_engine):
    order = {**fixture("order-727.json"), "status": "refunded",
             "refunds": [{"id": 900, "refund": "", "total": "-29.35"}]}
    engine = make_engine()
    outbox.ingest(event(order, "order.updated", version(1)))
    await engine.push()
    assert [b["RECORDID"] for b in sandbox.state.records("APBILL")] == ["727"]
    assert [a["RECORDID"] for a in sandbox.state.records("APADJUSTMENT")] == ["727-R900"]
    assert net(sandbox, "727") == {}


async def test_a_restored_order_is_compared_with_its_last_full_version_and_its_open_item_clears(
        sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    engine = make_engine()
    await posted_once(outbox, engine, order)
    outbox.ingest(event({"id": 727}, "order.deleted", ""))
    await engine.push()
    assert Ledger(outbox).open_items([727])
    restored = outbox.ingest(event(order, "order.restored", version(3))).event_id
    report = await engine.push()
    assert report.failed == [] and outbox.get_event(restored).state == POSTED
    assert Ledger(outbox).open_items([727]) == []
    assert len(documents(sandbox, "727")) == 1


async def test_an_order_totalling_zero_with_lines_that_do_not_is_billed_on_its_accounts(sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    order["fee_lines"] = [{"id": 9, "name": "Store credit", "total": "-29.35", "total_tax": "0.00"}]
    order["total"] = "0.00"
    engine = make_engine()
    await posted_once(outbox, engine, order)
    assert by_account(sandbox, "727") == {"2200": D("1.35"), "6000": D("18.00"), "6100": D("10.00"),
                                          "6200": D("-29.35")}
