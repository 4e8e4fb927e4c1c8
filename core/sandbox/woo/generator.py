"""A deterministic stream of realistic store data from ``random.Random(seed)``.

Covers what a mapper must survive: non-ASCII names, one name with a pasted control character,
companies, billing addresses in several countries, products in nested categories (one category,
"Gift Cards", that the demo config does not map), orders with several lines, tax, shipping, fees
(one negative), coupons, guest checkouts, status changes, line-level, partial and full refunds.
Dates are spread over the 30 days before the store clock, so the same seed and clock give the same data.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from core.sandbox.woo.errors import RestError
from core.sandbox.woo.orders import OrderSpec
from core.sandbox.woo.store import WooStore

FIRST = ["John", "Maria", "João", "Zoë", "Björn", "Amélie", "Sven", "Hana", "Liam", "Noémie", "Chen", "Olga"]
LAST = ["Doe", "Silva", "Müller", "Åberg", "Dubois", "Tanaka", "O'Brien", "Nguyễn", "Smith", "Kowalski"]
COMPANIES = ["", "", "", "Acme Parts LLC", "Nordlicht GmbH", "Café Crème SARL", "Sakura KK"]
ADDRESSES = [
    {"address_1": "969 Market", "city": "San Francisco", "state": "CA", "postcode": "94103", "country": "US"},
    {"address_1": "12 Queen St W", "city": "Toronto", "state": "ON", "postcode": "M5H 2N2", "country": "CA"},
    {"address_1": "221B Baker Street", "city": "London", "state": "", "postcode": "NW1 6XE", "country": "GB"},
    {"address_1": "Unter den Linden 5", "city": "Berlin", "state": "", "postcode": "10117", "country": "DE"},
    {"address_1": "8 Rue de Rivoli", "city": "Paris", "state": "", "postcode": "75001", "country": "FR"},
    {"address_1": "Av. Brasil, 432", "city": "Rio de Janeiro", "state": "RJ", "postcode": "12345-000", "country": "BR"},
    {"address_1": "1-1 Chiyoda", "city": "Tōkyō", "state": "JP13", "postcode": "100-0001", "country": "JP"},
]
CATALOG = {  # category path → products (name, price, sku)
    ("Parts",): [("Hex bolt M8", "0.35", "HB-M8"), ("Bearing 608ZZ", "2.10", "BR-608")],
    ("Parts", "Electrical"): [("Relay 12V", "4.99", "RL-12"), ("Fuse 5A (10×)", "3.50", "FS-5A")],
    ("Tools",): [("Torque wrench", "89.00", "TW-1"), ("Screwdriver set", "24.95", "SD-SET")],
    ("Tools", "Power tools"): [("Cordless drill", "129.00", "CD-18")],
    ("Clothing", "T-shirts"): [("Ship Your Idea", "12.00", "Bar3"), ("Logo tee", "18.50", "")],
    ("Gift Cards",): [("Gift card 25", "25.00", "GC-25")],
}
STATUS_CHANGES = ["completed", "completed", "cancelled", "on-hold", "processing"]


class Generator:
    """Fills a store; every choice comes from one ``random.Random(seed)``."""

    def __init__(self, store: WooStore, seed: int) -> None:
        self.store, self.rng = store, random.Random(seed)
        self.product_ids: list[int] = []
        self.customer_ids: list[int] = []

    def catalog(self) -> None:
        if self.store.products:
            self.product_ids = sorted(self.store.products)
            return
        made: dict[tuple[str, ...], int] = {}
        for path, items in CATALOG.items():
            for depth in range(1, len(path) + 1):
                if path[:depth] not in made:
                    made[path[:depth]] = self.store.add_category(path[depth - 1], made.get(path[:depth - 1], 0)).id
            for name, price, sku in items:
                self.product_ids.append(self.store.add_product(name, price, (made[path],), sku)["id"])

    def when(self) -> Any:
        return self.store.clock() - timedelta(seconds=self.rng.randrange(60, 30 * 86400))

    def person(self, index: int) -> dict[str, Any]:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        if index == 3:
            first += "\x07"  # a control character pasted into a name
        address = dict(self.rng.choice(ADDRESSES), address_2="", company=self.rng.choice(COMPANIES))
        email = f"{first.strip(chr(7)).lower()}.{index}@example.com".encode("ascii", "ignore").decode()
        phone = f"+1 555 {self.rng.randrange(1000, 9999)}"
        return {"first_name": first, "last_name": last, "email": email,
                "billing": dict(address, first_name=first, last_name=last, email=email, phone=phone)}

    def customer(self, index: int) -> int:
        p = self.person(index)
        cid = self.store.create_customer(p["first_name"], p["last_name"], p["email"], p["billing"],
                                         created=self.when())["id"]
        self.customer_ids.append(cid)
        return cid

    def order_spec(self, index: int) -> OrderSpec:
        rng = self.rng
        picks = rng.sample(self.product_ids, k=rng.randint(1, min(4, len(self.product_ids))))
        lines = [(pid, rng.randint(1, 5), {"pa_color": rng.choice(["black", "red"])} if i == 0 and rng.random() < .3
                  else {}) for i, pid in enumerate(picks)]
        guest = not self.customer_ids or rng.random() < 0.2
        spec = OrderSpec(lines=lines, customer_id=0 if guest else rng.choice(self.customer_ids),
                         shipping=rng.choice([Decimal("0.00"), Decimal("5.00"), Decimal("10.00"), None]),
                         status=rng.choice(["processing", "processing", "completed", "pending"]))
        if guest:
            spec.billing = self.person(10_000 + index)["billing"]
        if rng.random() < 0.2:
            spec.fees = [("Gift wrap", Decimal("4.50"))]
        if index == 1:
            spec.fees = [("Loyalty discount", Decimal("-2.50"))]
        if rng.random() < 0.25:
            spec.coupon = (rng.choice(["summer10", "welcome15"]), rng.choice([10, 15]))
        spec.currency = {"GB": "GBP", "DE": "EUR", "FR": "EUR", "JP": "JPY", "CA": "CAD"}.get(
            (spec.billing or self.store.customers[spec.customer_id].billing).get("country", ""), "USD")
        return spec

    def refund(self, index: int, order_ids: list[int]) -> None:
        candidates = [o for o in order_ids if self.store.orders[o].status in ("processing", "completed")]
        if not candidates:
            return
        order = self.store.orders[self.rng.choice(candidates)]
        kind = index % 3
        try:
            if kind == 0:
                self.store.refund_order(order.id, reason="Returned item", lines={order.line_items[0].id: 1})
            elif kind == 1:
                self.store.refund_order(order.id, amount=Decimal("1.00"), reason="Goodwill")
            else:
                self.store.refund_order(order.id, reason="Order cancelled by customer")
        except RestError:
            return  # nothing left to refund on that line or order

    def run(self, customers: int, orders: int, refunds: int) -> dict[str, list[int]]:
        self.catalog()
        for i in range(customers):
            self.customer(i)
        order_ids = []
        for i in range(orders):
            order_ids.append(self.store.add_order(self.order_spec(i), created=self.when()))
            if self.rng.random() < 0.15:
                self.store.update_order(order_ids[-1], status=self.rng.choice(STATUS_CHANGES))
        for i in range(refunds):
            self.refund(i, order_ids)
        return {"customers": list(self.customer_ids), "orders": order_ids}
