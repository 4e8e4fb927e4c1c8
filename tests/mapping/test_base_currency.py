"""BASECURR is the company's base currency, never the order's; the exchange-rate type only when they differ.

Before: ``base_currency`` empty meant "the order's currency", so a EUR order in a USD company was booked as if
the company kept its books in EUR; and every USD→USD adjustment carried ``<exchratetype>``.
"""

import pytest

from core.intacct.functions import ApAdjustmentCreate, ApBillCreate
from core.mapping import order_to_bill, refund_documents
from core.mapping.errors import SettingRequired
from tests.mapping.fixtures import settings, woo


def eur_order():
    order = woo("order-727.json")
    order["currency"] = "EUR"
    return order


def test_foreign_order_is_booked_in_the_configured_base_currency_with_a_rate_type():
    bill = order_to_bill(eur_order(), settings(base_currency="USD"))
    assert (bill.currency, bill.base_currency, bill.exchange_rate_type) == ("EUR", "USD", "Intacct Daily Rate")


def test_order_without_a_known_base_currency_fails_naming_the_key():
    with pytest.raises(SettingRequired, match=r"\[mapping\] base_currency") as err:
        order_to_bill(eur_order(), settings(base_currency=""))
    assert "EUR" in str(err.value) and "\n" not in str(err.value)


def test_base_currency_is_never_taken_from_the_order():
    for currency in ("USD", "GBP", "JPY"):
        order = woo("order-727.json")
        order["currency"] = currency
        with pytest.raises(SettingRequired):
            order_to_bill(order, settings(base_currency=""))


def test_base_currency_order_sends_no_exchange_rate_type_on_bill_or_adjustment():
    order, details = woo("order-723-with-refunds.json"), woo("refunds-order-723.json")
    bill_xml = ApBillCreate("b", order_to_bill(order, settings())).to_xml()
    assert bill_xml.findtext("create/APBILL/BASECURR") == "USD"
    assert bill_xml.find("create/APBILL/EXCH_RATE_TYPE_ID") is None
    for adjustment in refund_documents(order, details, settings()):
        xml = ApAdjustmentCreate("a", adjustment).to_xml()  # type: ignore[arg-type]
        assert xml.find("create_apadjustment/exchratetype") is None
        assert xml.find("create_apadjustment/currency") is None  # api.xsd: the group travels together


def test_foreign_adjustment_carries_the_whole_currency_group():
    order, details = woo("order-723-with-refunds.json"), woo("refunds-order-723.json")
    order["currency"] = "EUR"
    (first, *_) = refund_documents(order, details, settings(base_currency="USD"))
    xml = ApAdjustmentCreate("a", first).to_xml()  # type: ignore[arg-type]
    group = [(el.tag, el.text) for el in xml.find("create_apadjustment")
             if el.tag in ("basecurr", "currency", "exchratetype")]
    assert group == [("basecurr", "USD"), ("currency", "EUR"), ("exchratetype", "Intacct Daily Rate")]
