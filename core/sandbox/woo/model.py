"""The store's records: small slotted dataclasses, money as Decimal, dates as naive UTC.

Records hold only what cannot be derived; order totals, tax lines and the refunds summary are
computed when a payload is built (``payloads.py``), so a mapper downstream always sees figures that
reconcile to the cent. Slots keep 20,000 orders cheap to hold for the backfill benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

Address = dict[str, str]
Meta = tuple[int, str, Any]
NO_META: tuple[Meta, ...] = ()


@dataclass(slots=True)
class Customer:
    id: int
    email: str
    first_name: str
    last_name: str
    username: str
    billing: Address
    shipping: Address
    created: datetime
    modified: datetime
    role: str = "customer"
    is_paying_customer: bool = False
    meta: tuple[Meta, ...] = NO_META


@dataclass(slots=True)
class Category:
    id: int
    name: str
    slug: str
    parent: int = 0


@dataclass(slots=True)
class Product:
    id: int
    name: str
    slug: str
    sku: str
    price: Decimal
    category_ids: tuple[int, ...]
    created: datetime
    modified: datetime
    meta: tuple[Meta, ...] = NO_META


@dataclass(frozen=True, slots=True)
class TaxRate:
    """One tax rate; an order uses at most one (enough for a single ``tax_lines`` entry)."""

    id: int
    code: str
    label: str
    percent: Decimal
    shipping: bool = False


@dataclass(slots=True)
class LineItem:
    id: int
    name: str
    product_id: int
    quantity: int
    subtotal: Decimal
    subtotal_tax: Decimal
    total: Decimal
    total_tax: Decimal
    sku: str = ""
    variation_id: int = 0
    meta: tuple[Meta, ...] = NO_META


@dataclass(slots=True)
class ShippingLine:
    id: int
    method_title: str
    method_id: str
    total: Decimal
    total_tax: Decimal


@dataclass(slots=True)
class FeeLine:
    """A fee; negative amounts are allowed (a discount entered as a fee). Untaxed when negative."""

    id: int
    name: str
    total: Decimal
    total_tax: Decimal


@dataclass(slots=True)
class CouponLine:
    id: int
    code: str
    percent: int
    discount: Decimal
    discount_tax: Decimal


@dataclass(slots=True)
class Order:
    id: int
    order_key: str
    status: str
    currency: str
    created: datetime
    modified: datetime
    customer_id: int
    billing: Address
    shipping: Address
    line_items: list[LineItem]
    shipping_lines: list[ShippingLine] = field(default_factory=list)
    fee_lines: list[FeeLine] = field(default_factory=list)
    coupon_lines: list[CouponLine] = field(default_factory=list)
    tax_rate: TaxRate | None = None
    tax_line_id: int = 0
    created_via: str = "checkout"
    payment_method: str = "bacs"
    payment_method_title: str = "Direct bank transfer"
    transaction_id: str = ""
    customer_note: str = ""
    customer_ip_address: str = ""
    customer_user_agent: str = ""
    date_paid: datetime | None = None
    date_completed: datetime | None = None
    refund_ids: list[int] = field(default_factory=list)
    status_before_trash: str = ""
    meta: tuple[Meta, ...] = NO_META
    decimals: int = 2
    """``wc_get_price_decimals()`` when the order was placed: every amount of it is rounded to this."""


@dataclass(slots=True)
class RefundLine:
    """A refunded share of one order line: quantities and money negative, as WooCommerce stores them."""

    id: int
    item: LineItem
    quantity: int
    total: Decimal
    total_tax: Decimal
    meta_id: int


@dataclass(slots=True)
class Refund:
    id: int
    order_id: int
    created: datetime
    amount: Decimal
    reason: str
    lines: list[RefundLine]
    refunded_by: int = 1
    refunded_payment: bool = False
