from datetime import date
from decimal import Decimal

import pytest

from core.mapping import ProductInfo, TotalsMismatch, order_to_bill, route_line
from core.settings import with_overrides
from tests.mapping.fixtures import settings, woo


def amounts(bill):
    return [(line.account_no, line.amount) for line in bill.lines]


def test_order_727_lines_are_items_shipping_and_one_tax_line():
    bill = order_to_bill(woo("order-727.json"), settings())
    assert amounts(bill) == [("6000", Decimal("6.00")), ("6000", Decimal("12.00")),
                             ("6100", Decimal("10.00")), ("2200", Decimal("1.35"))]


@pytest.mark.parametrize("name", ["order-727.json", "order-723-with-refunds.json"])
def test_bill_total_equals_order_total_for_every_fixture(name):
    order = woo(name)
    assert order_to_bill(order, settings()).total == Decimal(order["total"])


def test_record_id_is_the_order_number_and_date_is_store_local():
    bill = order_to_bill(woo("order-727.json"), settings())
    assert bill.record_id == "727"
    assert bill.when_created == date(2017, 3, 22)
    assert bill.when_due == date(2017, 4, 21)


def test_configured_timezone_converts_the_gmt_date():
    order = woo("order-727.json")
    order["date_created_gmt"] = "2017-03-23T02:00:00"
    tokyo = with_overrides(settings(), woocommerce={"timezone": "Asia/Tokyo"})
    assert order_to_bill(order, tokyo).when_created == date(2017, 3, 23)


def test_term_name_replaces_the_due_date():
    bill = order_to_bill(woo("order-727.json"), settings(term_name="N30"))
    assert (bill.term_name, bill.when_due) == ("N30", None)


def test_entry_description_is_name_times_quantity_and_sku():
    bill = order_to_bill(woo("order-727.json"), settings())
    assert bill.lines[0].entry_description == "Woo Single #1 × 2"
    assert bill.lines[1].entry_description == "Ship Your Idea – Color: Black, Size: M Test × 1 (Bar3)"


def test_description_links_to_the_order_in_the_store_admin():
    s = with_overrides(settings(), woocommerce={"url": "https://shop.example.com"})
    bill = order_to_bill(woo("order-727.json"), s)
    assert bill.description == "WooCommerce order #727 https://shop.example.com/wp-admin/post.php?post=727&action=edit"


def test_exchange_rate_type_only_when_currencies_differ():
    assert order_to_bill(woo("order-727.json"), settings()).exchange_rate_type is None
    bill = order_to_bill(woo("order-727.json"), settings(base_currency="EUR"))
    assert (bill.currency, bill.base_currency, bill.exchange_rate_type) == ("USD", "EUR", "Intacct Daily Rate")


def test_zero_amount_lines_are_left_out():
    bill = order_to_bill(woo("order-723-with-refunds.json"), settings())
    assert all(line.amount != 0 for line in bill.lines)


def test_per_line_tax_puts_each_tax_after_its_line():
    bill = order_to_bill(woo("order-727.json"), settings(per_line_tax=True))
    assert amounts(bill)[:2] == [("6000", Decimal("6.00")), ("2200", Decimal("0.45"))]
    assert bill.total == Decimal("29.35")


def test_discount_account_books_subtotals_and_a_negative_discount_line():
    order = woo("order-727.json")
    order["line_items"][0]["total"] = "5.00"
    order["total"] = "28.35"
    bill = order_to_bill(order, settings(discount_account="4900"))
    assert ("4900", Decimal("-1.00")) in amounts(bill)
    assert bill.total == Decimal("28.35")


def test_negative_fee_is_booked_negative_on_the_fee_account():
    order = woo("order-727.json")
    order["fee_lines"] = [{"id": 1, "name": "Loyalty", "total": "-2.00", "total_tax": "0.00"}]
    order["total"] = "27.35"
    assert ("6200", Decimal("-2.00")) in amounts(order_to_bill(order, settings()))


def test_an_order_that_does_not_add_up_is_refused():
    order = woo("order-727.json")
    order["total"] = "30.00"
    with pytest.raises(TotalsMismatch, match="29.35"):
        order_to_bill(order, settings())


def test_line_meta_account_wins_over_category():
    product = ProductInfo(93, (("Music",),))
    item = {"meta_data": [{"key": "_intacct_account", "value": "5500"}]}
    assert route_line(item, product, settings(category_accounts={"Music": "5100"}).mapping).account_no == "5500"


def test_product_meta_account_wins_over_category():
    product = ProductInfo(93, (("Music",),), meta={"_intacct_account": "5600"})
    assert route_line({}, product, settings(category_accounts={"Music": "5100"}).mapping).account_no == "5600"


def test_deepest_configured_category_wins():
    product = ProductInfo(22, (("Clothing", "T-shirts"),))
    m = settings(category_accounts={"Clothing": "5010", "T-shirts": "5020"}).mapping
    assert route_line({}, product, m).account_no == "5020"


def test_category_tie_goes_to_the_name_that_sorts_first():
    product = ProductInfo(22, (("Music",), ("Clothing",)))
    m = settings(category_accounts={"Music": "5100", "Clothing": "5010"}).mapping
    assert route_line({}, product, m).account_no == "5010"


def test_unconfigured_product_uses_the_default_account():
    assert route_line({}, None, settings().mapping).account_no == "6000"


def test_category_dimensions_override_the_defaults():
    product = ProductInfo(22, (("Clothing",),))
    m = settings(dimensions={"LOCATIONID": "100", "DEPARTMENTID": "D1"},
                 category_dimensions={"Clothing": {"DEPARTMENTID": "D2"}}).mapping
    assert dict(route_line({}, product, m).dimensions) == {"LOCATIONID": "100", "DEPARTMENTID": "D2"}


def test_products_drive_the_bill_lines():
    products = {22: ProductInfo(22, (("Clothing", "T-shirts"),))}
    bill = order_to_bill(woo("order-727.json"), settings(category_accounts={"T-shirts": "5020"}), products)
    assert [line.account_no for line in bill.lines[:2]] == ["6000", "5020"]
