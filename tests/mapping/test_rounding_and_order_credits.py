"""What the lines leave over of an order total is booked on its own visible line, or the event names the key.

Tax rounded at subtotal (WooCommerce #25720) leaves a cent between the lines and the total; gift-card and
store-credit plugins lower the total outside the line arrays. Before: both were ``TotalsMismatch`` for good.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from core.mapping import TotalsMismatch, order_to_bill
from core.mapping.errors import SettingRequired
from tests.mapping.fixtures import round_at_subtotal_order, settings, woo


def gbp(**mapping):
    return settings(base_currency="GBP", **mapping)


def test_round_at_subtotal_order_books_the_missing_cent_as_a_rounding_line():
    bill = order_to_bill(round_at_subtotal_order(), gbp(rounding_account="6950"))
    assert bill.total == Decimal("30.00")
    assert [(line.account_no, line.amount) for line in bill.lines] == [
        ("6000", Decimal("8.33")), ("6000", Decimal("8.33")), ("6000", Decimal("8.33")),
        ("2200", Decimal("5.00")), ("6950", Decimal("0.01"))]
    assert bill.lines[-1].entry_description == "Rounding"


def test_round_at_subtotal_order_without_a_rounding_account_fails_naming_the_key():
    with pytest.raises(SettingRequired, match=r"set \[mapping\] rounding_account"):
        order_to_bill(round_at_subtotal_order(), gbp())


def test_gift_card_credit_beyond_the_tolerance_goes_to_the_order_adjustment_account():
    order = woo("order-727.json")  # lines 29.35; a 10.00 gift card paid part of it outside the line arrays
    order["total"] = "19.35"
    bill = order_to_bill(order, settings(rounding_account="6950", order_adjustment_account="2400"))
    assert bill.total == Decimal("19.35")
    assert (bill.lines[-1].account_no, bill.lines[-1].amount) == ("2400", Decimal("-10.00"))
    assert "gift card" in (bill.lines[-1].entry_description or "")


def test_order_level_difference_without_an_adjustment_account_fails_naming_the_key():
    order = woo("order-727.json")
    order["total"] = "19.35"
    with pytest.raises(TotalsMismatch, match=r"set \[mapping\] order_adjustment_account"):
        order_to_bill(order, settings(rounding_account="6950"))


def test_tolerance_is_one_minor_unit_per_bill_line():
    order = woo("order-727.json")  # 4 bill lines: up to 0.04 is rounding, 0.05 is an order-level difference
    accounts = {"rounding_account": "6950", "order_adjustment_account": "2400"}
    order["total"] = "29.39"
    assert order_to_bill(order, settings(**accounts)).lines[-1].account_no == "6950"
    order["total"] = "29.40"
    assert order_to_bill(order, settings(**accounts)).lines[-1].account_no == "2400"
    order["total"] = "29.40"
    assert order_to_bill(order, settings(rounding_tolerance_per_line=2, **accounts)).lines[-1].account_no == "6950"


def test_an_order_that_adds_up_gets_no_balancing_line():
    bill = order_to_bill(woo("order-727.json"), settings(rounding_account="6950", order_adjustment_account="2400"))
    assert {line.account_no for line in bill.lines} == {"6000", "6100", "2200"}


@hyp_settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-5000, max_value=5000))
def test_with_both_accounts_any_total_is_booked_exactly_and_rounding_stays_within_the_tolerance(cents):
    order = woo("order-727.json")
    order["total"] = f"{Decimal('29.35') + Decimal(cents) / 100:.2f}"
    bill = order_to_bill(order, settings(rounding_account="6950", order_adjustment_account="2400"))
    assert bill.total == Decimal(order["total"])
    rounding = [line.amount for line in bill.lines if line.account_no == "6950"]
    assert all(abs(a) <= Decimal("0.04") for a in rounding)
    assert (abs(cents) <= 4) == bool(rounding or cents == 0)
