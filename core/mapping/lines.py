"""The lines of an order or a refund, before they become bill or adjustment lines.

One list, in a fixed order: each product line (and its tax right after it when ``per_line_tax``), shipping
lines, fee lines (negative fees too: a fee line's own sign is kept), then tax. Tax is one line per order tax
rate (``tax_total + shipping_tax_total`` of each ``tax_lines`` entry); a document without ``tax_lines`` but
with item taxes (refunds from WooCommerce before 2018) gets one line with the items' summed tax.

Refund documents carry negative amounts (WOOCOMMERCE-API.md §5.3); ``factor=-1`` turns them into the
positive magnitudes the refund rules then sign. Lines whose amount is zero (free shipping, a 100 % coupon)
are left out: they change nothing and Intacct would only show empty rows. Names are HTML-unescaped because
WooCommerce stores them with entities (``&ndash;``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.mapping.accounts import ProductInfo, route_line
from core.mapping.money import ZERO, money
from core.settings import MappingSettings


@dataclass(frozen=True)
class DraftLine:
    account_no: str
    amount: Decimal
    description: str
    dimensions: Mapping[str, str] = field(default_factory=dict)


def item_description(item: dict[str, Any]) -> str:
    """ENTRYDESCRIPTION of a product line: ``name × qty (SKU)``; the SKU part only when there is one."""
    name = html.unescape(str(item.get("name") or f"Product {item.get('product_id', '')}")).strip()
    qty = abs(Decimal(str(item.get("quantity") or 0)))
    sku = str(item.get("sku") or "").strip()
    return f"{name} × {qty.normalize():f}" + (f" ({sku})" if sku else "")


def _items(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [i for i in doc.get(key) or [] if isinstance(i, dict)]


def product_lines(
    doc: dict[str, Any], products: Mapping[int, ProductInfo], mapping: MappingSettings, factor: int, gross: bool,
    currency: str | None = None,
) -> list[DraftLine]:
    """Product lines (``total``, or ``subtotal`` when ``gross``), each followed by its tax when per-line."""
    out: list[DraftLine] = []
    for n, item in enumerate(_items(doc, "line_items")):
        route = route_line(item, products.get(int(item.get("product_id") or 0)), mapping)
        field_name = "subtotal" if gross else "total"
        amount = money(item.get(field_name), f"line_items[{n}].{field_name}", currency) * factor
        text = item_description(item)
        out.append(DraftLine(route.account_no, amount, text, route.dimensions))
        if mapping.per_line_tax:
            tax = money(item.get("total_tax"), f"line_items[{n}].total_tax", currency) * factor
            out.append(DraftLine(mapping.tax_account, tax, f"Tax: {text}", route.dimensions))
    return out


def _other_lines(doc: dict[str, Any], mapping: MappingSettings, factor: int, currency: str | None) -> list[DraftLine]:
    """Shipping and fee lines (with per-line tax when configured)."""
    out: list[DraftLine] = []
    dims = dict(mapping.dimensions)
    for key, account, label in (("shipping_lines", mapping.shipping_account, "method_title"),
                                ("fee_lines", mapping.fee_account, "name")):
        for n, item in enumerate(_items(doc, key)):
            text = html.unescape(str(item.get(label) or key.split("_")[0].title())).strip()
            out.append(DraftLine(account, money(item.get("total"), f"{key}[{n}].total", currency) * factor, text,
                                 dims))
            if mapping.per_line_tax:
                tax = money(item.get("total_tax"), f"{key}[{n}].total_tax", currency) * factor
                out.append(DraftLine(mapping.tax_account, tax, f"Tax: {text}", dims))
    return out


def _tax_lines(doc: dict[str, Any], mapping: MappingSettings, factor: int, currency: str | None) -> list[DraftLine]:
    """One line per order tax rate, or one summed line when the document has no ``tax_lines``."""
    dims = dict(mapping.dimensions)
    rates = _items(doc, "tax_lines")
    if rates:
        return [
            DraftLine(
                mapping.tax_account,
                (money(t.get("tax_total"), f"tax_lines[{n}].tax_total", currency)
                 + money(t.get("shipping_tax_total"), f"tax_lines[{n}].shipping_tax_total", currency)) * factor,
                f"Tax: {html.unescape(str(t.get('label') or t.get('rate_code') or 'Tax'))}"
                + (f" ({t['rate_code']})" if t.get("rate_code") else ""),
                dims,
            )
            for n, t in enumerate(rates)
        ]
    summed = sum(
        (money(i.get("total_tax"), f"{k}.total_tax", currency) for k in ("line_items", "shipping_lines",
                                                                           "fee_lines") for i in _items(doc, k)),
        ZERO,
    )
    return [DraftLine(mapping.tax_account, summed * factor, "Tax", dims)]


def draft_lines(
    doc: dict[str, Any], products: Mapping[int, ProductInfo], mapping: MappingSettings, factor: int = 1,
    gross: bool = False, currency: str | None = None,
) -> list[DraftLine]:
    """All non-zero lines of an order (``factor`` 1) or a refund (``factor`` -1), in the documented order,
    amounts in the minor unit of ``currency`` (the cent when ``None``)."""
    lines = product_lines(doc, products, mapping, factor, gross, currency) + _other_lines(doc, mapping, factor,
                                                                                         currency)
    if not mapping.per_line_tax:
        lines += _tax_lines(doc, mapping, factor, currency)
    return [line for line in lines if line.amount != 0]
