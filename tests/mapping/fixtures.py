"""Helpers for the mapping tests: fixtures read in place from ../shared, default settings."""

from __future__ import annotations

import copy
import json
from typing import Any

from core.settings import Settings, with_overrides
from tests.shared import WOO_FIXTURES


def woo(name: str) -> Any:
    """A fresh (deep-copied) WooCommerce fixture, so tests may modify it."""
    return copy.deepcopy(json.loads((WOO_FIXTURES / name).read_text(encoding="utf-8")))


def settings(**mapping: Any) -> Settings:
    """Default settings for a USD company (``base_currency`` must be set) with some ``[mapping]`` keys
    overridden."""
    return with_overrides(Settings(), mapping={"base_currency": "USD", **mapping})


def round_at_subtotal_order(currency: str = "GBP") -> dict[str, Any]:
    """Three items at 10.00 gross, 20 % VAT, prices include tax, tax rounded at subtotal (WooCommerce #25720):
    REST gives each line 8.33 net (+1.67 tax) but ``total_tax`` 5.00 and ``total`` 30.00, so the lines add up
    to 29.99. Built on order 727 so every other field is a real WooCommerce field."""
    order = woo("order-727.json")
    item = order["line_items"][0]
    order["line_items"] = [
        {**item, "id": 400 + n, "name": f"Mug {n}", "quantity": 1, "subtotal": "8.33", "subtotal_tax": "1.67",
         "total": "8.33", "total_tax": "1.67", "taxes": [{"id": 77, "total": "1.6667", "subtotal": "1.6667"}]}
        for n in (1, 2, 3)
    ]
    order["shipping_lines"], order["fee_lines"], order["coupon_lines"] = [], [], []
    order["tax_lines"] = [{"id": 410, "rate_code": "GB-VAT-1", "rate_id": 77, "label": "VAT", "compound": False,
                           "tax_total": "5.00", "shipping_tax_total": "0.00", "meta_data": []}]
    order.update(currency=currency, prices_include_tax=True, total_tax="5.00", cart_tax="5.00",
                 shipping_total="0.00", shipping_tax="0.00", discount_total="0.00", discount_tax="0.00",
                 total="30.00")
    return order
