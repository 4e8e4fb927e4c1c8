"""The net-effect rule, planned purely: every change of an order version is its own step, and whatever is not
posted is a held residual with the exact per-account difference (docs/mapping.md, "The net-effect rule")."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core.intacct.records import ApAdjustment, ApBill
from core.mapping import PlanContext, plan_event
from core.mapping.net import Account, Net, PostedOrder, combine, document_net, minus
from core.settings import Settings, with_overrides
from tests.mapping.fixtures import woo

D = Decimal


def config(**books: Any) -> Settings:
    base = with_overrides(Settings(), mapping={"base_currency": "USD"})
    return with_overrides(base, books=books) if books else base


def post(posted: PostedOrder, plan, s: Settings) -> PostedOrder:
    """What Intacct holds once every step of ``plan`` is done (the ledger's view, built from the records)."""
    bill, refunds, corrections = posted.bill, dict(posted.refunds), list(posted.corrections)
    for step in plan.steps:
        record = step.record
        if not isinstance(record, (ApBill, ApAdjustment)):
            continue
        net = document_net(record, s.mapping)
        if step.control_id.startswith("order-"):
            bill = net
        elif step.control_id.startswith("refund-"):
            key = record.record_id if isinstance(record, ApBill) else record.adjustment_no
            refunds[int(str(key).rsplit("-R", 1)[1])] = net
        else:
            corrections.append(net)
    return PostedOrder(bill, refunds, tuple(corrections), posted.handled)


def implied(order: dict[str, Any], details: list[dict[str, Any]], s: Settings,
            posted: PostedOrder | None = None) -> Net:
    """What the store implies: nothing for a dead order; else the bill as the order stands now plus every
    refund the store still lists — split as it was posted (a WooCommerce refund never changes once made),
    or as a fresh plan splits it."""
    if order["status"] in ("cancelled", "failed", "trash"):
        return {}
    fresh = post(PostedOrder(), plan_event("order.created", order, PlanContext(
        s, refund_details=details, vendor_known=True)), s)
    refunds = {**fresh.refunds, **{r: n for r, n in (posted.refunds if posted else {}).items() if r in fresh.refunds}}
    return combine(fresh.bill or {}, *refunds.values())


def order_723() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return woo("order-723-with-refunds.json"), woo("refunds-order-723.json")


def without_refunds(order: dict[str, Any]) -> dict[str, Any]:
    bare = copy.deepcopy(order)
    bare["refunds"] = []
    return bare


def first_posting(order, details, s):
    plan = plan_event("order.created", without_refunds(order), PlanContext(s, refund_details=details,
                                                                           vendor_known=True))
    return post(PostedOrder(), plan, s)


def plan_update(order, details, posted, s, previous=None, topic="order.updated", approved=False):
    ctx = PlanContext(s, refund_details=details, vendor_known=True, posted=posted,
                      previous_payload=previous if previous is not None else order, approved=approved)
    return plan_event(topic, order, ctx)


def test_a_refund_posts_even_when_the_same_version_cancels_the_order():
    order, details = order_723()
    s = config()
    posted = first_posting(order, details, s)
    order["status"] = "cancelled"
    plan = plan_update(order, details, posted, s)
    assert [step.record.adjustment_no for step in plan.steps] == ["723-R724", "723-R726"]
    after = post(posted, plan, s)
    assert plan.held is not None and plan.held.causes == ("cancelled",)
    assert combine(after.total(), plan.held.delta) == {}  # held: exactly what would bring the order to zero


def test_a_refund_posts_even_when_the_same_version_edits_the_money():
    order, details = order_723()
    s = config()
    posted = first_posting(order, details, s)
    order["shipping_lines"][0]["total"] = "12.00"
    order["total"] = "41.00"
    plan = plan_update(order, details, posted, s)
    assert len([st for st in plan.steps if st.control_id.startswith("refund-")]) == 2
    assert plan.held is not None and plan.held.causes == ("edited",)
    assert plan.held.delta == {Account("6100"): D("2.00")}
    assert minus(implied(order, details, s), post(posted, plan, s).total()) == plan.held.delta


def test_money_edit_with_adjust_posts_one_adjustment_per_sign():
    order, details = woo("order-727.json"), []
    s = config(money_edits="adjust")
    posted = first_posting(order, details, s)
    order["shipping_lines"][0]["total"] = "12.00"   # 6100 +2.00
    order["line_items"][0]["total"] = "5.00"        # 6000 -1.00
    order["total"] = "30.35"
    plan = plan_update(order, details, posted, s)
    assert plan.held is None
    docs = [st.record for st in plan.steps]
    assert [d.adjustment_no for d in docs] == ["727-C1", "727-C2"]
    assert [[(ln.account_no, ln.amount) for ln in d.lines] for d in docs] == [[("6000", D("-1.00"))],
                                                                              [("6100", D("2.00"))]]
    assert post(posted, plan, s).total() == implied(order, details, s)


def test_cancellation_with_reverse_brings_the_order_to_zero_in_intacct():
    order, details = order_723()
    s = config(cancellations="reverse")
    posted = first_posting(order, details, s)
    order["status"] = "cancelled"
    plan = plan_update(order, details, posted, s)
    assert plan.held is None
    assert post(posted, plan, s).total() == {}


def test_a_held_residual_is_posted_once_an_operator_approves_it():
    order, details = woo("order-727.json"), []
    s = config()
    posted = first_posting(order, details, s)
    order["status"] = "failed"
    assert plan_update(order, details, posted, s).held is not None
    approved = plan_update(order, details, posted, s, approved=True)
    assert approved.held is None and post(posted, approved, s).total() == {}


def test_a_deleted_refund_is_held_and_can_be_reversed():
    order, details = order_723()
    s = config()
    posted = post(PostedOrder(), plan_event("order.created", order, PlanContext(
        s, refund_details=details, vendor_known=True)), s)
    order["refunds"] = order["refunds"][:1]  # refund 724 deleted in the store
    held = plan_update(order, details, posted, s).held
    assert held is not None and held.causes == ("refund_deleted",)
    assert held.delta == {Account("6000"): D("9.00")}
    reversed_ = plan_update(order, details, posted, with_overrides(s, books={"deleted_refunds": "reverse"}))
    assert [(ln.account_no, ln.amount) for ln in reversed_.steps[0].record.lines] == [("6000", D("9.00"))]


def test_a_trashed_order_is_a_cancellation_of_its_last_posted_version():
    order, details = woo("order-727.json"), []
    s = config()
    posted = first_posting(order, details, s)
    plan = plan_update({"id": 727}, details, posted, s, previous=order, topic="order.deleted")
    assert plan.held is not None and plan.held.causes == ("cancelled",)
    assert combine(posted.total(), plan.held.delta) == {}


def test_an_order_first_seen_fully_refunded_is_booked_bill_and_refund():
    order = woo("order-727.json")
    order["status"] = "refunded"
    order["refunds"] = [{"id": 900, "refund": "", "total": "-29.35"}]
    details = [{"id": 900, "amount": "29.35", "line_items": []}]
    plan = plan_event("order.updated", order, PlanContext(config(), refund_details=details, vendor_known=True))
    assert [st.operation for st in plan.steps] == ["create-apbill", "create-apadjustment"]
    assert post(PostedOrder(), plan, config()).total() == {}
    skipped = plan_event("order.updated", order, PlanContext(config(book_refunded_orders=False),
                                                             refund_details=details, vendor_known=True))
    assert skipped.steps == ()


def test_an_order_that_comes_back_in_line_holds_nothing():
    order, details = woo("order-727.json"), []
    s = config()
    posted = first_posting(order, details, s)
    assert plan_update(order, details, posted, s).held is None


# -- the rule as a property ---------------------------------------------------------------------------------

changes = st.lists(st.sampled_from(["ship+", "item-", "refund", "refund_del", "cancel", "restore"]), max_size=6)


@hsettings(max_examples=150, deadline=None)
@given(changes, st.sampled_from(["hold", "auto"]), st.booleans())
def test_after_every_version_intacct_plus_the_held_residual_is_what_the_store_implies(ops, policy, approve):
    s = config() if policy == "hold" else config(money_edits="adjust", cancellations="reverse",
                                                  deleted_refunds="reverse")
    order, details = woo("order-727.json"), []
    posted = post(PostedOrder(), plan_event("order.created", order, PlanContext(s, vendor_known=True)), s)
    next_refund = 900
    for op in ops:
        order = copy.deepcopy(order)
        if op == "ship+":
            order["shipping_lines"][0]["total"] = str(D(order["shipping_lines"][0]["total"]) + 1)
            order["total"] = str(D(order["total"]) + 1)
        elif op == "item-" and D(order["line_items"][0]["total"]) >= 1:
            order["line_items"][0]["total"] = str(D(order["line_items"][0]["total"]) - 1)
            order["total"] = str(D(order["total"]) - 1)
        elif op == "refund":
            next_refund += 1
            order["refunds"] = [*order.get("refunds", []), {"id": next_refund, "refund": "", "total": "-3.00"}]
            details = [*details, {"id": next_refund, "amount": "3.00", "line_items": []}]
        elif op == "refund_del" and order.get("refunds"):
            order["refunds"] = order["refunds"][1:]
        elif op == "cancel":
            order["status"] = "cancelled"
        elif op == "restore":
            order["status"] = "processing"
        plan = plan_update(order, details, posted, s, approved=approve)
        posted = post(posted, plan, s)
        held = plan.held.delta if plan.held is not None else {}
        assert combine(posted.total(), held) == implied(order, details, s, posted)
        amounts = {int(r["id"]): D(r["total"]) for r in order.get("refunds", [])}
        assert all(sum(posted.refunds[r].values()) == amounts[r] for r in amounts if r in posted.refunds)
