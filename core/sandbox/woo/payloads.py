"""REST v3 JSON for each record, key for key as WooCommerce's controllers emit it.

One ``Payloads`` object knows the site URL (for ``_links``) and time zone (for ``date_x``); the REST
routes and the webhook sender both call it, so a webhook body is exactly the REST ``GET`` of the
resource at send time. Key order follows the docs' fixtures (it matters for byte-exact signatures).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.sandbox.woo.clock import SiteTime
from core.sandbox.woo.model import Category, Customer, LineItem, Meta, Order, Product, Refund, RefundLine
from core.sandbox.woo.money import fmt, price_number, raw
from core.sandbox.woo.totals import OrderTotals, order_totals

Json = dict[str, Any]


def meta_json(meta: Iterable[Meta]) -> list[Json]:
    return [{"id": mid, "key": key, "value": value} for mid, key, value in meta]


class Payloads:
    """Builds the JSON WooCommerce would return for each kind of record."""

    def __init__(self, site: SiteTime, base_url: str = "https://example.com") -> None:
        self.site = site
        self.base_url = base_url.rstrip("/")

    def link(self, path: str) -> list[Json]:
        return [{"href": f"{self.base_url}/wp-json/wc/v3/{path}"}]

    def dates(self, data: Json, name: str, value: Any) -> None:
        data[name], data[f"{name}_gmt"] = self.site.pair(value)

    def _line_item(self, item: LineItem, rate_id: int | None, dp: int) -> Json:
        taxes = [] if rate_id is None else [
            {"id": rate_id, "total": raw(item.total_tax), "subtotal": raw(item.subtotal_tax)}
        ]
        return {
            "id": item.id, "name": item.name, "product_id": item.product_id, "variation_id": item.variation_id,
            "quantity": item.quantity, "tax_class": "", "subtotal": fmt(item.subtotal, dp),
            "subtotal_tax": fmt(item.subtotal_tax, dp), "total": fmt(item.total, dp),
            "total_tax": fmt(item.total_tax, dp),
            "taxes": taxes, "meta_data": meta_json(item.meta), "sku": item.sku,
            "price": price_number(item.total, item.quantity),
        }

    def _item_lines(self, order: Order, tot: OrderTotals) -> Json:
        rate, dp = order.tax_rate, order.decimals
        rid = rate.id if rate else None
        return {
            "line_items": [self._line_item(i, rid, dp) for i in order.line_items],
            "tax_lines": [] if rate is None else [{
                "id": order.tax_line_id, "rate_code": rate.code, "rate_id": rate.id, "label": rate.label,
                "compound": False, "tax_total": fmt(tot.cart_tax, dp), "shipping_tax_total": fmt(tot.shipping_tax, dp),
                "meta_data": [],
            }],
            "shipping_lines": [{
                "id": s.id, "method_title": s.method_title, "method_id": s.method_id, "total": fmt(s.total, dp),
                "total_tax": fmt(s.total_tax, dp),
                "taxes": [] if rid is None or not s.total_tax else [
                    {"id": rid, "total": raw(s.total_tax), "subtotal": ""}],
                "meta_data": [],
            } for s in order.shipping_lines],
            "fee_lines": [{
                "id": f.id, "name": f.name, "tax_class": "", "tax_status": "taxable" if f.total_tax else "none",
                "amount": raw(f.total), "total": fmt(f.total, dp), "total_tax": fmt(f.total_tax, dp),
                "taxes": [] if rid is None or not f.total_tax else [
                    {"id": rid, "total": raw(f.total_tax), "subtotal": ""}],
                "meta_data": [],
            } for f in order.fee_lines],
            "coupon_lines": [{
                "id": c.id, "code": c.code, "discount": fmt(c.discount, dp), "discount_tax": fmt(c.discount_tax, dp),
                "discount_type": "percent", "nominal_amount": c.percent, "free_shipping": False, "meta_data": [],
            } for c in order.coupon_lines],
        }

    def order(self, order: Order, refunds: Iterable[Refund]) -> Json:
        """``GET /orders/<id>``: header, addresses, item lines, refunds summary, links."""
        tot, dp = order_totals(order), order.decimals
        data: Json = {"id": order.id, "parent_id": 0, "number": str(order.id), "order_key": order.order_key,
                      "created_via": order.created_via, "version": "9.8.5", "status": order.status,
                      "currency": order.currency}
        self.dates(data, "date_created", order.created)
        self.dates(data, "date_modified", order.modified)
        data.update({
            "discount_total": fmt(tot.discount, dp), "discount_tax": fmt(tot.discount_tax, dp),
            "shipping_total": fmt(tot.shipping, dp), "shipping_tax": fmt(tot.shipping_tax, dp),
            "cart_tax": fmt(tot.cart_tax, dp), "total": fmt(tot.total, dp), "total_tax": fmt(tot.total_tax, dp),
            "prices_include_tax": False, "customer_id": order.customer_id,
            "customer_ip_address": order.customer_ip_address, "customer_user_agent": order.customer_user_agent,
            "customer_note": order.customer_note, "billing": dict(order.billing), "shipping": dict(order.shipping),
            "payment_method": order.payment_method, "payment_method_title": order.payment_method_title,
            "transaction_id": order.transaction_id,
        })
        self.dates(data, "date_paid", order.date_paid)
        self.dates(data, "date_completed", order.date_completed)
        data["cart_hash"] = ""
        data["meta_data"] = meta_json(order.meta)
        data.update(self._item_lines(order, tot))
        data["refunds"] = [{"id": r.id, "reason": r.reason, "total": "-" + fmt(r.amount, dp)} for r in refunds]
        links: Json = {"self": self.link(f"orders/{order.id}"), "collection": self.link("orders")}
        if order.customer_id:
            links["customer"] = self.link(f"customers/{order.customer_id}")
        data["_links"] = links
        return data

    def _refund_line(self, line: RefundLine, rate_id: int | None, dp: int) -> Json:
        item = line.item
        return {
            "id": line.id, "name": item.name, "product_id": item.product_id, "variation_id": item.variation_id,
            "quantity": line.quantity, "tax_class": "", "subtotal": fmt(line.total, dp),
            "subtotal_tax": fmt(line.total_tax, dp),
            "total": fmt(line.total, dp), "total_tax": fmt(line.total_tax, dp),
            "taxes": [] if rate_id is None else [
                {"id": rate_id, "total": raw(line.total_tax), "subtotal": raw(line.total_tax)}],
            "meta_data": [{"id": line.meta_id, "key": "_refunded_item_id", "value": str(item.id)}],
            "sku": item.sku, "price": price_number(line.total, -line.quantity),
        }

    def refund(self, refund: Refund, order: Order) -> Json:
        """``GET /orders/<id>/refunds/<rid>`` (current code: with shipping/tax/fee lines, empty here)."""
        rid, dp = (order.tax_rate.id if order.tax_rate else None), order.decimals
        data: Json = {"id": refund.id}
        self.dates(data, "date_created", refund.created)
        data.update({
            "amount": fmt(refund.amount, dp), "reason": refund.reason, "refunded_by": refund.refunded_by,
            "refunded_payment": refund.refunded_payment, "meta_data": [],
            "line_items": [self._refund_line(line, rid, dp) for line in refund.lines],
            "shipping_lines": [], "tax_lines": [], "fee_lines": [],
            "_links": {"self": self.link(f"orders/{order.id}/refunds/{refund.id}"),
                       "collection": self.link(f"orders/{order.id}/refunds"),
                       "up": self.link(f"orders/{order.id}")},
        })
        return data

    def customer(self, customer: Customer) -> Json:
        """``GET /customers/<id>``."""
        data: Json = {"id": customer.id}
        self.dates(data, "date_created", customer.created)
        self.dates(data, "date_modified", customer.modified)
        data.update({
            "email": customer.email, "first_name": customer.first_name, "last_name": customer.last_name,
            "role": customer.role, "username": customer.username, "billing": dict(customer.billing),
            "shipping": dict(customer.shipping), "is_paying_customer": customer.is_paying_customer,
            "avatar_url": f"https://secure.gravatar.com/avatar/{customer.id:032x}?s=96",
            "meta_data": meta_json(customer.meta),
            "_links": {"self": self.link(f"customers/{customer.id}"), "collection": self.link("customers")},
        })
        return data

    def category_ref(self, category: Category) -> Json:
        return {"id": category.id, "name": category.name, "slug": category.slug}

    def category(self, category: Category, count: int) -> Json:
        """``GET /products/categories/<id>``: the ``parent`` id makes the tree visible."""
        return {
            "id": category.id, "name": category.name, "slug": category.slug, "parent": category.parent,
            "description": "", "display": "default", "image": None, "menu_order": 0, "count": count,
            "_links": {"self": self.link(f"products/categories/{category.id}"),
                       "collection": self.link("products/categories")},
        }

    def product(self, product: Product, categories: list[Category]) -> Json:
        """``GET /products/<id>``: the fields a mapper needs (categories above all), in WooCommerce's order."""
        data: Json = {"id": product.id, "name": product.name, "slug": product.slug,
                      "permalink": f"{self.base_url}/product/{product.slug}/"}
        self.dates(data, "date_created", product.created)
        self.dates(data, "date_modified", product.modified)
        data.update({
            "type": "simple", "status": "publish", "sku": product.sku, "price": raw(product.price),
            "regular_price": raw(product.price), "sale_price": "",
            "categories": [self.category_ref(c) for c in categories], "meta_data": meta_json(product.meta),
            "_links": {"self": self.link(f"products/{product.id}"), "collection": self.link("products")},
        })
        return data
