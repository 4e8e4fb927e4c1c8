"""Amounts are in the currency's minor unit (ISO 4217): no cents on a yen bill, fils kept for dinars.

Before: every amount was rounded to the cent and written with two decimals, so a JPY bill read ``1500.00``
and a yen payload with stray decimals was booked with them.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.intacct.functions import ApBillCreate
from core.mapping import InvalidPayload, order_to_bill
from core.mapping.currency import MINOR_UNITS, minor_unit, quantum
from core.mapping.money import money
from tests.mapping.fixtures import settings, woo


def yen_order():
    order = woo("order-727.json")  # 600 + 1200 + shipping 1000 + tax 135 = 2,935 yen
    order["currency"] = "JPY"
    for item, (total, tax) in zip(order["line_items"], (("600", "45"), ("1200", "90")), strict=True):
        item.update(total=total, subtotal=total, total_tax=tax, subtotal_tax=tax)
    order["shipping_lines"][0].update(total="1000", total_tax="0")
    order["tax_lines"][0].update(tax_total="135", shipping_tax_total="0")
    order.update(total="2935", total_tax="135", shipping_total="1000")
    return order


def test_iso_4217_exponents():
    assert [minor_unit(c) for c in ("JPY", "KRW", "KWD", "BHD", "EUR", "usd", None, "XXX")] == [0, 0, 3, 3, 2, 2, 2, 2]
    assert all(units != 2 for units in MINOR_UNITS.values())


def test_yen_bill_has_no_cents_in_the_xml():
    bill = order_to_bill(yen_order(), settings(base_currency="JPY"))
    amounts = [el.text for el in ApBillCreate("b", bill).to_xml().iter("TRX_AMOUNT")]
    assert amounts == ["600", "1200", "1000", "135"]


def test_yen_amounts_from_a_two_decimal_store_are_rounded_to_whole_yen():
    order = yen_order()
    for item in order["line_items"]:
        item["total"] = f"{item['total']}.00"
    bill = order_to_bill(order, settings(base_currency="JPY"))
    assert [line.amount.as_tuple().exponent for line in bill.lines] == [0, 0, 0, 0]


def test_dinar_amount_with_fils_that_intacct_would_round_is_refused():
    order = woo("order-727.json")
    order["currency"] = "KWD"
    order["line_items"][0]["total"] = "6.005"
    order["total"] = "29.355"
    with pytest.raises(InvalidPayload, match="2 decimals"):
        order_to_bill(order, settings(base_currency="KWD"))


@given(st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, places=4),
       st.sampled_from(["JPY", "EUR", "KWD", "CLF", "USD"]))
def test_money_is_always_a_whole_number_of_minor_units(value, currency):
    amount = money(str(value), "x", currency)
    assert amount.as_tuple().exponent == -minor_unit(currency)
    assert abs(amount - value) <= quantum(currency) / 2
    assert amount % quantum(currency) == Decimal(0)
