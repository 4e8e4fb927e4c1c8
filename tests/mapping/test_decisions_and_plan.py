from decimal import Decimal

import pytest

from core.intacct.records import ApBill, ApBillLine
from core.mapping import (
    PlanContext,
    ReferenceData,
    UnsupportedTopic,
    control_id,
    decide_order_action,
    plan_event,
    validate,
)
from core.mapping.net import PostedOrder, document_net
from tests.mapping.fixtures import settings, woo


def test_new_order_in_a_synced_status_is_created():
    assert decide_order_action(None, woo("order-727.json"), settings()).action == "create"


def test_order_in_another_status_makes_no_bill():
    order = woo("order-727.json")
    order["status"] = "pending"
    assert decide_order_action(None, order, settings()).action == "nothing"


def test_cancelled_after_posting_changes_nothing_on_the_bill_itself():
    old, new = woo("order-727.json"), woo("order-727.json")
    new["status"] = "cancelled"
    assert decide_order_action(old, new, settings()).action == "nothing"  # the residual is planned beside it


def test_amount_change_after_posting_keeps_a_readable_diff():
    old, new = woo("order-727.json"), woo("order-727.json")
    new["total"] = "31.35"
    new["shipping_lines"][0]["total"] = "12.00"
    decision = decide_order_action(old, new, settings())
    assert decision.action == "nothing"
    assert "total: 29.35 → 31.35" in decision.diff


def test_status_change_alone_changes_nothing():
    old, new = woo("order-727.json"), woo("order-727.json")
    new["status"] = "completed"
    assert decide_order_action(old, new, settings()).action == "nothing"


def test_description_change_is_an_update_in_place():
    old, new = woo("order-727.json"), woo("order-727.json")
    s = settings(store_admin_url="https://shop.example.com/wp-admin")
    new["id"] = 728
    decision = decide_order_action(old, new, s)
    assert decision.action == "update"
    assert decision.changes.description.endswith("post=728&action=edit")


def test_control_id_depends_on_content_and_nothing_else():
    a = control_id("order", "727", "create-apbill", {"x": Decimal("1.00")})
    assert a == control_id("order", "727", "create-apbill", {"x": Decimal("1.00")})
    assert a != control_id("order", "727", "create-apbill", {"x": Decimal("2.00")})
    assert a.startswith("order-727-create-apbill-") and len(a.rsplit("-", 1)[1]) == 12


def test_control_id_never_exceeds_256_characters():
    assert len(control_id("order", "9" * 400, "create-apbill", {})) == 256


def test_plan_creates_the_missing_vendor_before_the_bill():
    plan = plan_event("order.created", woo("order-723-with-refunds.json"), PlanContext(settings()))
    assert [s.operation for s in plan.steps][:2] == ["create-vendor", "create-apbill"]


def test_plan_posts_each_refund_once():
    order, details = woo("order-723-with-refunds.json"), woo("refunds-order-723.json")
    first = plan_event("order.created", order, PlanContext(settings(), refund_details=details, vendor_known=True))
    bill, r724 = first.steps[0].record, first.steps[1].record
    posted = PostedOrder(document_net(bill, settings().mapping), {724: document_net(r724, settings().mapping)})
    ctx = PlanContext(settings(), previous_payload=order, refund_details=details, vendor_known=True, posted=posted)
    plan = plan_event("order.updated", order, ctx)
    assert [s.record.adjustment_no for s in plan.steps] == ["723-R726"]
    assert plan.held is None


def test_plan_is_deterministic():
    ctx = PlanContext(settings(), refund_details=woo("refunds-order-723.json"))
    order = woo("order-723-with-refunds.json")
    assert plan_event("order.created", order, ctx) == plan_event("order.created", order, ctx)


def test_known_customer_with_no_change_plans_nothing():
    customer = woo("customer-25.json")
    ctx = PlanContext(settings(), previous_payload=customer, vendor_known=True)
    assert plan_event("customer.updated", customer, ctx).steps == ()


def test_unknown_topic_is_refused():
    with pytest.raises(UnsupportedTopic):
        plan_event("coupon.created", {}, PlanContext(settings()))


def test_unknown_account_blocks_the_plan_with_the_line():
    ref = ReferenceData(frozenset({"6000", "6100"}), {})
    plan = plan_event("order.created", woo("order-727.json"), PlanContext(settings(), ref, vendor_known=True))
    assert plan.blocked
    assert [(p.line_index, p.field, p.value) for p in plan.problems] == [(3, "ACCOUNTNO", "2200")]


def test_unknown_dimension_is_a_problem_and_uncached_fields_are_not_checked():
    bill = ApBill("V", "1", woo_date(), (ApBillLine("6000", Decimal(1), None, {"LOCATIONID": "999",
                                                                                "PROJECTID": "P"}),))
    problems = validate([bill], ReferenceData(frozenset({"6000"}), {"LOCATIONID": frozenset({"100"})}))
    assert [(p.field, p.value) for p in problems] == [("LOCATIONID", "999")]


def woo_date():
    from datetime import date

    return date(2017, 3, 22)
