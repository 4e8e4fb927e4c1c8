"""The fake store's state: one lock, plain dicts of records, and change events.

Every mutation runs under one re-entrant lock, bumps ``date_modified`` and reports a WooCommerce
event (``("order", "updated", 727)``) to its listeners — the webhook sender is one. Reads return
REST JSON built from the records at that moment, so payloads always show current state.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from core.sandbox.woo.clock import Clock, SiteTime
from core.sandbox.woo.errors import NotFound, RestError
from core.sandbox.woo.model import Category, Customer, Order, Product, Refund
from core.sandbox.woo.money import cents, order_decimals
from core.sandbox.woo.orders import (
    ORDER_STATUSES,
    TAX_RATES,
    OrderSpec,
    build_items,
    refund_lines,
    refundable,
    resize_line,
    resize_shipping,
)
from core.sandbox.woo.payloads import Json, Payloads
from core.sandbox.woo.readcache import SelectionMemo
from core.sandbox.woo.webhooks import Webhook

Listener = Callable[[str, str, int], None]
ORDER_CHANGES = ("status", "customer_note", "billing", "shipping", "transaction_id", "payment_method",
                 "payment_method_title")
ADDRESS_KEYS = ("first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode",
                "country", "email", "phone")
CUSTOMER_CHANGES = ("email", "first_name", "last_name", "billing", "shipping", "username")


def _apply(record: Any, changes: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Set the allowed fields; addresses are merged (a partial billing keeps the other lines)."""
    for key in changes:
        if key not in allowed:
            raise RestError("rest_invalid_param", f"Invalid parameter(s): {key}", 400)
    for key, value in changes.items():
        if key in ("billing", "shipping"):
            getattr(record, key).update(value)
        else:
            setattr(record, key, value)


_BARE_AMPERSAND = re.compile(r"&(?!#?[A-Za-z0-9]+;)")


def term_name(name: str) -> str:
    """A term name as WordPress stores it, and so as REST returns it (``Parts &amp; Tools``, woocommerce#40029,
    #16250): the ``pre_term_name`` filters end with ``_wp_specialchars`` (wp-includes/default-filters.php),
    which encodes ``&``, ``<`` and ``>`` but not quotes (ENT_NOQUOTES) and never an entity twice."""
    return _BARE_AMPERSAND.sub("&amp;", name).replace("<", "&lt;").replace(">", "&gt;")


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


class WooStore:
    """All records of one fake store, safe to use from the server, the sender and tests at once."""

    def __init__(self, site: SiteTime, clock: Clock, payloads: Payloads) -> None:
        self.lock = threading.RLock()
        self.site, self.clock, self.payloads = site, clock, payloads
        self.customers: dict[int, Customer] = {}
        self.categories: dict[int, Category] = {}
        self.products: dict[int, Product] = {}
        self.orders: dict[int, Order] = {}
        self.refunds: dict[int, list[Refund]] = {}
        self.webhooks: dict[int, Webhook] = {}
        self.listeners: list[Listener] = []
        self.price_decimals: int | None = None
        """``wc_get_price_decimals()``: ``None`` per order currency (ISO 4217, as multi-currency plugins filter
        it), a number for core WooCommerce's one store-wide setting (docs/sandbox.md)."""
        self.selections = SelectionMemo()
        """Collection selections (``GET /orders`` filter and sort) memoised until the next change."""
        self.next_post_id = itertools.count(100).__next__  # orders, refunds and products share wp_posts ids
        self.next_item_id = itertools.count(1).__next__
        self.next_meta_id = itertools.count(1000).__next__
        self.next_user_id = itertools.count(2).__next__  # user 1 is the shop admin
        self.next_term_id = itertools.count(15).__next__
        self.next_webhook_id = itertools.count(1).__next__

    def emit(self, resource: str, event: str, resource_id: int) -> None:
        """Tell listeners a resource changed (called with the lock held, like WordPress hooks).

        Every mutation calls this, so it is also where memoised selections are dropped.
        """
        self.selections.clear()
        for listener in list(self.listeners):
            listener(resource, event, resource_id)

    # --- catalog ------------------------------------------------------------------------------------
    def add_category(self, name: str, parent: int = 0) -> Category:
        with self.lock:
            if parent and parent not in self.categories:
                raise NotFound("woocommerce_rest_term_invalid", "Resource doesn't exist.")
            cat = Category(self.next_term_id(), term_name(name), _slug(name), parent)
            self.categories[cat.id] = cat
            return cat

    def add_product(self, name: str, price: Decimal | str, category_ids: tuple[int, ...] = (), sku: str = "",
                    meta: Mapping[str, Any] | None = None) -> Json:
        with self.lock:
            now = self.clock()
            metas = tuple((self.next_meta_id(), k, v) for k, v in (meta or {}).items())
            product = Product(self.next_post_id(), name, _slug(name), sku, Decimal(price), category_ids, now, now,
                              metas)
            self.products[product.id] = product
            self.emit("product", "created", product.id)
            return self.product_json(product.id)

    # --- customers ----------------------------------------------------------------------------------
    def create_customer(self, first_name: str, last_name: str, email: str | None = None,
                        billing: Mapping[str, str] | None = None, shipping: Mapping[str, str] | None = None,
                        username: str | None = None, created: datetime | None = None) -> Json:
        with self.lock:
            cid = self.next_user_id()
            email = email or f"customer{cid}@example.com"
            bill = dict(dict.fromkeys(ADDRESS_KEYS, ""), first_name=first_name, last_name=last_name, email=email)
            bill.update(billing or {})
            ship = {k: v for k, v in bill.items() if k not in ("email", "phone")}
            ship.update(shipping or {})
            when = created or self.clock()
            self.customers[cid] = Customer(cid, email, first_name, last_name, username or email.split("@")[0],
                                           bill, ship, when, max(when, self.clock()))
            self.emit("customer", "created", cid)
            return self.customer_json(cid)

    def update_customer(self, customer_id: int, **changes: Any) -> Json:
        with self.lock:
            customer = self._customer(customer_id)
            _apply(customer, changes, CUSTOMER_CHANGES)
            customer.modified = self.clock()
            self.emit("customer", "updated", customer_id)
            return self.customer_json(customer_id)

    def delete_customer(self, customer_id: int) -> Json:
        with self.lock:
            data = self.customer_json(customer_id)
            del self.customers[customer_id]
            self.emit("customer", "deleted", customer_id)
            return data

    # --- orders -------------------------------------------------------------------------------------
    def create_order(self, spec: OrderSpec, created: datetime | None = None) -> Json:
        with self.lock:
            return self.order_json(self.add_order(spec, created))

    def add_order(self, spec: OrderSpec, created: datetime | None = None) -> int:
        """``create_order`` without building the JSON (bulk generation of 20,000 orders)."""
        with self.lock:
            base = self._customer(spec.customer_id).billing if spec.customer_id else dict.fromkeys(ADDRESS_KEYS, "")
            billing = {**base, **spec.billing}
            if spec.status not in ORDER_STATUSES:
                raise RestError("rest_invalid_param", "Invalid parameter(s): status", 400)
            oid = self.next_post_id()
            when = created or self.clock()
            key = "wc_order_" + hashlib.sha1(str(oid).encode()).hexdigest()[:13]  # noqa: S324 - not security
            shipping = spec.shipping_address or {k: v for k, v in billing.items() if k not in ("email", "phone")}
            order = Order(oid, key, spec.status, spec.currency, when, max(when, self.clock()), spec.customer_id,
                          billing, shipping, [], tax_rate=TAX_RATES.get(billing.get("country", "")) if spec.taxed
                          else None, payment_method=spec.payment_method[0],
                          payment_method_title=spec.payment_method[1],
                          decimals=order_decimals(spec.currency, self.price_decimals))
            order.meta = ((self.next_meta_id(), "_download_permissions_granted", "yes"),)
            build_items(order, spec, self.products, self.next_item_id, self.next_meta_id)
            self._stamp_status(order, when)
            self.orders[oid] = order
            self.emit("order", "created", oid)
            return oid

    def _stamp_status(self, order: Order, when: datetime) -> None:
        if order.status in ("processing", "completed") and order.date_paid is None:
            order.date_paid = when
        if order.status == "completed" and order.date_completed is None:
            order.date_completed = when

    def update_order(self, order_id: int, **changes: Any) -> Json:
        with self.lock:
            order = self._order(order_id)
            if changes.get("status", "pending") not in ORDER_STATUSES:
                raise RestError("rest_invalid_param", "Invalid parameter(s): status", 400)
            _apply(order, changes, ORDER_CHANGES)
            order.modified = self.clock()
            self._stamp_status(order, order.modified)
            self.emit("order", "updated", order_id)
            return self.order_json(order_id)

    def refund_order(self, order_id: int, amount: Decimal | str | None = None,
                     lines: Mapping[int, int] | None = None, reason: str = "") -> Json:
        """Line-level (``lines={item_id: qty}``), amount-only, or (neither) full refund of what remains."""
        with self.lock:
            order = self._order(order_id)
            prior = self.refunds.setdefault(order_id, [])
            rlines = refund_lines(order, lines or {}, prior, self.next_item_id, self.next_meta_id)
            if amount is not None:
                value = cents(Decimal(amount), order.decimals)  # REST shows it with the price decimals
            elif rlines:
                value = -sum((ln.total + ln.total_tax for ln in rlines), Decimal(0))
            else:
                value = refundable(order, prior)
            if value <= 0 or value > refundable(order, prior):
                raise RestError("woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.", 500)
            now = self.clock()
            refund = Refund(self.next_post_id(), order_id, now, value, reason, rlines)
            prior.insert(0, refund)  # newest first, as WooCommerce lists them
            order.refund_ids.insert(0, refund.id)
            if refundable(order, prior) == 0:
                order.status = "refunded"
            order.modified = now
            self.emit("order", "updated", order_id)
            return self.payloads.refund(refund, order)

    def edit_order(self, order_id: int, quantities: Mapping[int, int] | None = None,
                   shipping: Decimal | str | None = None) -> Json:
        """An admin edit of a placed order, then "Recalculate": line quantities (``{item id: qty}``; the line
        keeps its unit price and coupon share, its tax follows) and the shipping total. WooCommerce lets a
        shop manager do this on any order (``wc_save_order_items`` + ``calculate_totals``)."""
        with self.lock:
            order = self._order(order_id)
            items = {i.id: i for i in order.line_items}
            for item_id, qty in (quantities or {}).items():
                item = items.get(int(item_id))
                if item is None or qty < 1:
                    raise RestError("woocommerce_rest_invalid_order_item", "Invalid order item.", 400)
                resize_line(item, qty, order.tax_rate)
            if shipping is not None and order.shipping_lines:
                resize_shipping(order.shipping_lines[0], Decimal(shipping), order.tax_rate)
            order.modified = self.clock()
            self.emit("order", "updated", order_id)
            return self.order_json(order_id)

    def delete_refund(self, order_id: int, refund_id: int) -> None:
        """``DELETE /orders/<id>/refunds/<refund id>`` (refunds cannot be trashed: force defaults to true).
        The order is saved again, so its ``date_modified`` moves and ``order.updated`` fires — trunk's
        behaviour since 11.2.0 (PR #68698, WOOCOMMERCE-API.md §3); older releases sent no webhook and only
        the poll saw it."""
        with self.lock:
            order = self._order(order_id)
            prior = self.refunds.get(order_id, [])
            if refund_id not in order.refund_ids:
                raise NotFound("woocommerce_rest_shop_order_refund_invalid_id")
            self.refunds[order_id] = [r for r in prior if r.id != refund_id]
            order.refund_ids.remove(refund_id)
            order.modified = self.clock()
            self.emit("order", "updated", order_id)

    def trash_order(self, order_id: int) -> Json:
        with self.lock:
            order = self._order(order_id)
            if order.status == "trash":
                raise RestError("woocommerce_rest_already_trashed", "The order has already been deleted.", 410)
            order.status_before_trash, order.status = order.status, "trash"
            order.modified = self.clock()
            self.emit("order", "deleted", order_id)
            return self.order_json(order_id)

    def restore_order(self, order_id: int) -> Json:
        with self.lock:
            order = self._order(order_id)
            order.status = order.status_before_trash or "pending"
            order.modified = self.clock()
            self.emit("order", "restored", order_id)
            return self.order_json(order_id)

    # --- reads --------------------------------------------------------------------------------------
    def _order(self, order_id: int) -> Order:
        order = self.orders.get(order_id)
        if order is None:
            raise NotFound("woocommerce_rest_shop_order_invalid_id")
        return order

    def _customer(self, customer_id: int) -> Customer:
        customer = self.customers.get(customer_id)
        if customer is None:
            raise NotFound("woocommerce_rest_invalid_id", "Invalid resource ID.")
        return customer

    def order_json(self, order_id: int) -> Json:
        with self.lock:
            return self.payloads.order(self._order(order_id), self.refunds.get(order_id, []))

    def refunds_json(self, order_id: int) -> list[Json]:
        with self.lock:
            order = self._order(order_id)
            return [self.payloads.refund(r, order) for r in self.refunds.get(order_id, [])]

    def customer_json(self, customer_id: int) -> Json:
        with self.lock:
            return self.payloads.customer(self._customer(customer_id))

    def product_json(self, product_id: int) -> Json:
        with self.lock:
            product = self.products.get(product_id)
            if product is None:
                raise NotFound("woocommerce_rest_product_invalid_id")
            return self.payloads.product(product, [self.categories[c] for c in product.category_ids])

    def category_json(self, category_id: int) -> Json:
        with self.lock:
            cat = self.categories.get(category_id)
            if cat is None:
                raise NotFound("woocommerce_rest_term_invalid", "Resource doesn't exist.")
            count = sum(1 for p in self.products.values() if category_id in p.category_ids)
            return self.payloads.category(cat, count)

    def resource_json(self, resource: str, resource_id: int) -> Json:
        """What ``GET /<resource>s/<id>`` answers now: the webhook payload for non-deleted events."""
        readers: dict[str, Callable[[int], Json]] = {
            "order": self.order_json, "customer": self.customer_json, "product": self.product_json}
        reader = readers.get(resource)
        if reader is None:
            return {}
        try:
            return reader(resource_id)
        except RestError as err:
            return err.to_json()
