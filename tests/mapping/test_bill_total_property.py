"""Property: for any consistent WooCommerce order, the bill adds up to the order total to the cent."""

from decimal import Decimal

from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from core.mapping import order_to_bill
from tests.mapping.fixtures import settings

cents = st.integers(min_value=0, max_value=500_000).map(lambda c: Decimal(c) / 100)
signed_cents = st.integers(min_value=-50_000, max_value=50_000).map(lambda c: Decimal(c) / 100)


def _line(total, tax, **extra):
    return {"total": f"{total:.2f}", "subtotal": f"{total:.2f}", "total_tax": f"{tax:.2f}", **extra}


@st.composite
def orders(draw):
    items = [_line(draw(cents) + Decimal("0.01"), draw(cents), name=f"P{i}", quantity=draw(st.integers(1, 9)),
                   product_id=i, sku="") for i in range(draw(st.integers(1, 5)))]
    shipping = [_line(draw(cents), draw(cents), method_title="Ship") for _ in range(draw(st.integers(0, 2)))]
    fees = [_line(draw(signed_cents), Decimal(0), name="Fee") for _ in range(draw(st.integers(0, 2)))]
    item_tax = sum(Decimal(i["total_tax"]) for i in items + fees)
    ship_tax = sum(Decimal(s["total_tax"]) for s in shipping)
    net = sum(Decimal(x["total"]) for x in items + shipping + fees)
    total_tax = item_tax + ship_tax
    return {
        "id": 1, "number": "1", "status": "processing", "currency": "USD", "customer_id": 7,
        "date_created": "2024-01-02T10:00:00", "date_created_gmt": "2024-01-02T09:00:00",
        "line_items": items, "shipping_lines": shipping, "fee_lines": fees,
        "tax_lines": [{"label": "VAT", "tax_total": f"{item_tax:.2f}", "shipping_tax_total": f"{ship_tax:.2f}"}],
        "total_tax": f"{total_tax:.2f}", "total": f"{net + total_tax:.2f}",
    }


@hyp_settings(max_examples=150, deadline=None)
@given(orders(), st.booleans())
def test_bill_total_equals_order_total_for_generated_orders(order, per_line_tax):
    bill = order_to_bill(order, settings(per_line_tax=per_line_tax))
    assert bill.total == Decimal(order["total"])
    assert all(isinstance(line.amount, Decimal) and line.amount != 0 for line in bill.lines)
