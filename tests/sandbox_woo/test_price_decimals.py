"""The sandbox store formats money with ``wc_get_price_decimals()``: per currency by default (as multi-currency
plugins filter it, ISO 4217), or one store-wide setting as in core WooCommerce.

Before: every amount had two decimals whatever the currency, so a yen order read ``"1500.00"`` and
``"0.35"``-style fractions of a yen appeared in generated data.
"""

from decimal import Decimal


def test_yen_order_amounts_have_no_decimals_over_rest(sandbox, api):
    cat = sandbox.add_category("Tea")
    pid = sandbox.add_product("Matcha", "1499.50", (cat,))["id"]
    order = sandbox.create_order([(pid, 3)], currency="JPY", shipping=Decimal("500"),
                                 billing={"country": "JP", "email": "k@example.com"})
    got = api.get(f"/orders/{order['id']}").json()
    line = got["line_items"][0]
    assert (line["subtotal"], line["total"], line["total_tax"]) == ("4499", "4499", "450")
    assert (got["shipping_total"], got["total_tax"], got["total"]) == ("500", "450", "5449")
    sandbox.refund_order(order["id"], amount="100.40")
    (refund,) = api.get(f"/orders/{order['id']}/refunds").json()
    assert refund["amount"] == "100"
    assert api.get(f"/orders/{order['id']}").json()["refunds"][0]["total"] == "-100"


def test_store_wide_decimals_setting_applies_to_every_currency(sandbox, api):
    sandbox.store.price_decimals = 2
    pid = sandbox.add_product("Matcha", "1500", ())["id"]
    order = sandbox.create_order([(pid, 1)], currency="JPY", shipping=None, taxed=False)
    assert api.get(f"/orders/{order['id']}").json()["total"] == "1500.00"


def test_generated_yen_orders_are_whole_yen(sandbox):
    sandbox.generate(customers=30, orders=120, refunds=10)
    yen = [sandbox.store.order_json(o) for o, rec in sandbox.store.orders.items() if rec.currency == "JPY"]
    assert yen, "the generator makes some JPY orders"
    for order in yen:
        amounts = [order["total"], order["total_tax"]] + [i["total"] for i in order["line_items"]]
        assert all("." not in a for a in amounts), amounts
    usd = next(sandbox.store.order_json(o) for o, rec in sandbox.store.orders.items() if rec.currency == "USD")
    assert len(usd["total"].split(".")[1]) == 2
