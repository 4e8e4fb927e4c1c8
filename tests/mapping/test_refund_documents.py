from decimal import Decimal

import pytest

from core.intacct.records import ApAdjustment, ApBill
from core.mapping import refund_documents, signed
from tests.mapping.fixtures import settings, woo


def docs(**mapping):
    return refund_documents(woo("order-723-with-refunds.json"), woo("refunds-order-723.json"), settings(**mapping))


def test_each_refund_becomes_one_adjustment_linked_to_the_bill():
    adjustments = docs()
    assert [type(d) for d in adjustments] == [ApAdjustment, ApAdjustment]
    assert [(d.adjustment_no, d.bill_no) for d in adjustments] == [("723-R724", "723"), ("723-R726", "723")]


@pytest.mark.parametrize("mode", ["adjustment", "negative_bill"])
def test_refund_documents_total_the_refund_amounts_to_the_cent(mode):
    assert [abs(d.total) for d in docs(refunds=mode)] == [Decimal("9.00"), Decimal("10.00")]


def test_line_level_refund_books_the_refunded_item_on_its_account():
    first = docs()[0]
    assert [(line.account_no, line.amount, line.memo) for line in first.lines] == [
        ("6000", Decimal("-9.00"), "Woo Album #2 × 1")]


def test_amount_only_refund_is_split_over_the_bill_accounts_in_proportion_rounding_last():
    second = docs()[1]  # 10.00 of a bill with 29.00 on 6000 and 10.00 on 6100
    assert [(line.account_no, line.amount) for line in second.lines] == [
        ("6000", Decimal("-7.44")), ("6100", Decimal("-2.56"))]


def test_full_refund_without_line_detail_reverses_every_account_of_the_bill():
    order = woo("order-727.json")  # 6000 18.00, 6100 10.00, 2200 1.35
    order["refunds"] = [{"id": 900, "refund": "", "total": "-29.35"}]
    (doc,) = refund_documents(order, [{"id": 900, "amount": "29.35", "line_items": []}], settings())
    assert sorted((line.account_no, line.amount) for line in doc.lines) == [
        ("2200", Decimal("-1.35")), ("6000", Decimal("-18.00")), ("6100", Decimal("-10.00"))]


def test_refund_of_a_bill_with_a_negative_line_is_one_line_on_the_default_account():
    order = woo("order-727.json")
    order["fee_lines"] = [{"id": 1, "name": "Loyalty", "total": "-5.00", "total_tax": "0.00"}]
    order["total"] = "24.35"
    order["refunds"] = [{"id": 900, "refund": "", "total": "-4.00"}]
    (doc,) = refund_documents(order, [], settings(default_account="6999"))
    assert [(line.account_no, line.amount) for line in doc.lines] == [("6999", Decimal("-4.00"))]


def test_positive_adjustment_sign_is_honoured():
    assert all(line.amount > 0 for d in docs(adjustment_sign="positive") for line in d.lines)


def test_negative_bill_mode_gives_negative_bills_numbered_order_r_refund():
    bills = docs(refunds="negative_bill")
    assert all(isinstance(b, ApBill) for b in bills)
    assert [b.record_id for b in bills] == ["723-R724", "723-R726"]
    assert all(line.amount < 0 for b in bills for line in b.lines)


def test_negative_bill_ignores_the_adjustment_sign_setting():
    assert signed(Decimal("5"), settings(refunds="negative_bill", adjustment_sign="positive").mapping) == -5


def test_itemised_lines_short_of_the_amount_get_a_remainder_line():
    order, details = woo("order-723-with-refunds.json"), woo("refunds-order-723.json")
    details[1]["amount"] = "12.00"
    order["refunds"][1]["total"] = "-12.00"
    lines = refund_documents(order, details, settings())[0].lines
    assert [line.amount for line in lines] == [Decimal("-9.00"), Decimal("-3.00")]


def test_itemised_lines_above_the_amount_are_split_over_the_bill_instead():
    order, details = woo("order-723-with-refunds.json"), woo("refunds-order-723.json")
    details[1]["amount"] = "5.00"
    lines = refund_documents(order, details, settings())[0].lines
    assert [(line.account_no, line.amount) for line in lines] == [
        ("6000", Decimal("-3.72")), ("6100", Decimal("-1.28"))]


def test_refund_without_detail_uses_the_summary_total():
    out = refund_documents(woo("order-723-with-refunds.json"), [], settings())
    assert [d.total for d in out] == [Decimal("-9.00"), Decimal("-10.00")]


def test_only_the_requested_refunds_are_mapped():
    order, details = woo("order-723-with-refunds.json"), woo("refunds-order-723.json")
    out = refund_documents(order, details, settings(), only_ids=frozenset({726}))
    assert [d.adjustment_no for d in out] == ["723-R726"]


def test_an_amount_only_refund_of_a_yen_order_is_split_in_whole_yen():
    order = woo("order-727.json")
    order.update(currency="JPY", total="2935", refunds=[{"id": 900, "refund": "", "total": "-100"}])
    order["line_items"][0].update(total="600", total_tax="0")
    order["line_items"][1].update(total="1200", total_tax="0")
    order["shipping_lines"][0].update(total="1000", total_tax="0")
    order["tax_lines"][0].update(tax_total="135", shipping_tax_total="0")
    (doc,) = refund_documents(order, [{"id": 900, "amount": "100", "line_items": []}], settings(base_currency="JPY"))
    amounts = [line.amount for line in doc.lines]
    assert all(a == a.to_integral_value() for a in amounts) and sum(amounts) == Decimal("-100")
    assert len(amounts) == 3  # 6000, 6100 and 2200 each get their share
