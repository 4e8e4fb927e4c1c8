"""Payloads have the fixtures' shape, and their money reconciles to the cent."""

from __future__ import annotations

import json
from decimal import Decimal

from core.sandbox.woo import WooSandbox
from tests.sandbox_woo.conftest import fixed_clock
from tests.shared import WOO_FIXTURES


def fixture(name):
    return json.loads((WOO_FIXTURES / name).read_text())


def keys_of(value, prefix=""):
    """Every key path in a JSON value (list items merged under ``[]``)."""
    out = set()
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(prefix + k)
            out |= keys_of(v, prefix + k + ".")
    elif isinstance(value, list):
        for item in value:
            out |= keys_of(item, prefix + "[].")
    return out


def generated(**kw):
    store = WooSandbox(seed=3, clock=fixed_clock)
    store.generate(**kw)
    return store


def test_order_keys_match_order_727():
    store = WooSandbox(seed=1, clock=fixed_clock)
    cat = store.add_category("Music")
    pid = store.add_product("Woo Single #1", "3.00", (cat,))["id"]
    order = store.create_order([(pid, 2, {"pa_color": "black"})],
                               billing={"first_name": "John", "country": "US", "email": "j@example.com"})
    expected = keys_of(fixture("order-727.json"))
    assert keys_of(order) == expected


def test_customer_keys_match_customer_25():
    store = WooSandbox(seed=1, clock=fixed_clock)
    assert set(store.create_customer("John", "Doe")) == set(fixture("customer-25.json"))
    assert keys_of(store.create_customer("Jane", "Doe")) == keys_of(fixture("customer-25.json"))


def test_refund_keys_are_the_fixtures_plus_the_line_arrays_current_code_adds():
    store = generated(customers=5, orders=30, refunds=0)
    oid = next(o.id for o in store.store.orders.values() if o.status in ("processing", "completed"))
    store.refund_order(oid, lines={store.store.orders[oid].line_items[0].id: 1})
    ours = keys_of(store.store.refunds_json(oid))
    theirs = keys_of(fixture("refunds-order-723.json"))
    assert theirs <= ours
    assert {k for k in ours - theirs if "." not in k.removeprefix("[].")} == {
        "[].shipping_lines", "[].tax_lines", "[].fee_lines"}


def test_webhook_json_matches_webhook_142_and_hides_bookkeeping():
    store = WooSandbox(seed=1, clock=fixed_clock)
    hook = store.add_webhook("order.updated", "http://127.0.0.1:9/x", "s3cret", ping=False)
    from core.sandbox.woo.webhooks import webhook_json
    data = webhook_json(hook, store.payloads)
    assert keys_of(data) == keys_of(fixture("webhook-142.json"))
    assert data["hooks"] == ["woocommerce_update_order", "woocommerce_order_refunded"]


def test_order_refunds_summary_uses_reason_not_the_docs_refund_key():
    store = generated(customers=5, orders=20, refunds=0)
    oid = next(o.id for o in store.store.orders.values()
               if o.status in ("processing", "completed") and o.decimals == 2)  # a yen order would say "-1"
    store.refund_order(oid, amount="1.00", reason="Goodwill")
    summary = store.store.order_json(oid)["refunds"]
    assert summary == [{"id": summary[0]["id"], "reason": "Goodwill", "total": "-1.00"}]
    assert set(fixture("order-723-with-refunds.json")["refunds"][0]) == {"id", "refund", "total"}


def test_every_generated_order_total_reconciles_to_the_cent():
    store = generated(customers=20, orders=120, refunds=0)
    for oid in store.store.orders:
        o = store.store.order_json(oid)
        parts = [Decimal(i["total"]) for i in o["line_items"] + o["shipping_lines"] + o["fee_lines"]]
        assert Decimal(o["total"]) == sum(parts) + Decimal(o["total_tax"])
        assert Decimal(o["total_tax"]) == Decimal(o["cart_tax"]) + Decimal(o["shipping_tax"])


def test_generator_covers_the_awkward_cases():
    store = generated(customers=20, orders=150, refunds=20)
    orders = [store.store.order_json(o) for o in store.store.orders]
    names = [c.first_name + c.last_name for c in store.store.customers.values()]
    assert any(any(ord(ch) < 32 for ch in n) for n in names)
    assert any(any(ord(ch) > 127 for ch in n) for n in names)
    assert any(o["customer_id"] == 0 for o in orders)
    assert any(Decimal(f["total"]) < 0 for o in orders for f in o["fee_lines"])
    assert any(o["coupon_lines"] for o in orders)
    assert {"processing", "completed", "pending", "refunded"} <= {o["status"] for o in orders}
    assert len({o["billing"]["country"] for o in orders}) >= 4
    refunds = [r for rs in store.store.refunds.values() for r in rs]
    assert any(r.lines for r in refunds) and any(not r.lines for r in refunds)
    assert any(c.parent for c in store.store.categories.values())


def test_same_seed_and_clock_generate_identical_data():
    a, b = generated(customers=10, orders=30, refunds=5), generated(customers=10, orders=30, refunds=5)
    assert [a.store.order_json(o) for o in a.store.orders] == [b.store.order_json(o) for o in b.store.orders]


def test_dates_are_site_local_and_gmt_without_offset():
    store = WooSandbox(seed=1, clock=fixed_clock, timezone="America/New_York")
    c = store.create_customer("A", "B")
    assert (c["date_created"], c["date_created_gmt"]) == ("2024-05-01T08:00:00", "2024-05-01T12:00:00")


def test_line_level_refund_has_negative_quantity_and_points_at_the_order_item():
    store = generated(customers=5, orders=20, refunds=0)
    order = next(o for o in store.store.orders.values() if o.status in ("processing", "completed"))
    item = order.line_items[0]
    refund = store.refund_order(order.id, lines={item.id: 1})
    line = refund["line_items"][0]
    assert line["quantity"] == -1 and Decimal(line["total"]) < 0
    assert line["meta_data"][0]["key"] == "_refunded_item_id" and line["meta_data"][0]["value"] == str(item.id)
    assert Decimal(refund["amount"]) == -(Decimal(line["total"]) + Decimal(line["total_tax"]))


def test_full_refund_marks_the_order_refunded():
    store = generated(customers=5, orders=20, refunds=0)
    order = next(o for o in store.store.orders.values() if o.status == "processing")
    store.refund_order(order.id)
    data = store.store.order_json(order.id)
    assert data["status"] == "refunded" and data["refunds"][0]["total"] == "-" + data["total"]
