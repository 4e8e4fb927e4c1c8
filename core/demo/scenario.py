"""A realistic day in the sandbox store, scripted, deterministic from the seed and compressed in time.

What happens, in order (each step is one :class:`Day` method, narrated through ``say``):

1. *morning*: the catalog is set up, customers sign up (non-ASCII names, a pasted control character,
   companies), a stray unsigned request hits the receiver (quarantined);
2. *orders*: orders in several categories with shipping, fees (one negative), coupons and tax, a pending
   one (no bill), a guest checkout, a gift-card order (its category rule names an account Intacct lacks:
   the mapping error) and one delivered twice;
3. *refunds and changes*: a line refund, an amount refund, a full refund, an order completed after its bill
   was posted, a customer who moves house;
4. *outage*: the connector is unreachable for a while; the busiest webhook (``order.updated``) fails 7
   times in a row and WooCommerce disables it; what happens meanwhile is only in the store;
5. *afternoon*: the connector is back; a pending order is paid (its webhook is disabled, so only the
   backfill will see it) and the customer who signed up during the outage orders.

The operator's part (fix the mapping, retry, re-enable the webhook) is :mod:`core.demo.operator`.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx

from core.demo.cast import GUEST, LATE_CUSTOMER, Person, cast, phone
from core.demo.gate import OutageGate
from core.sandbox.woo import WooSandbox
from core.sandbox.woo.generator import Generator

Say = Callable[[str], None]
DISABLING_FAILURES = 7


@dataclass
class DayRecord:
    """What the day did, by role, for the operator and the summary."""

    customers: dict[str, int] = field(default_factory=dict)
    orders: dict[str, int] = field(default_factory=dict)
    disabled_webhook: int | None = None


class Day:
    """Plays the store's side of the day against a running :class:`WooSandbox`."""

    def __init__(self, woo: WooSandbox, gate: OutageGate, receiver_url: str, *, seed: int = 0, speed: float = 1.0,
                 say: Say = print, posted: Callable[[str], bool] | None = None, wait_seconds: float = 20.0) -> None:
        self.woo, self.gate, self.receiver_url = woo, gate, receiver_url
        self.rng = random.Random(seed)
        self.people = cast(seed)
        self.speed, self.say = max(speed, 0.01), say
        self.posted, self.wait_seconds = posted, wait_seconds
        self.record = DayRecord()
        self.skus: dict[str, int] = {}

    async def play(self) -> DayRecord:
        for step in (self.morning, self.orders, self.refunds_and_changes, self.outage, self.afternoon):
            await step()
        await asyncio.to_thread(self.woo.sender.wait_idle, 10.0)
        self.say("The store's day is over.")
        return self.record

    async def pause(self, seconds: float = 1.0) -> None:
        await asyncio.sleep(seconds / self.speed)

    async def new_second(self) -> None:
        """Wait for the store clock's next whole second.

        WooCommerce's ``date_modified_gmt`` (the version the outbox orders and dedups on) has whole seconds.
        In a real store one record's changes are minutes apart; the compressed day keeps each phase's changes
        in a second of their own so each change still has a version of its own, as it would there.
        """
        start = self.woo.store.clock().replace(microsecond=0)
        while self.woo.store.clock().replace(microsecond=0) <= start:
            await asyncio.sleep(0.05)

    # -- 1. morning --------------------------------------------------------------------------------------------

    async def morning(self) -> None:
        generator = Generator(self.woo.store, 0)
        generator.catalog()
        self.skus = {str(self.woo.store.product_json(pid)["sku"]): pid for pid in generator.product_ids}
        self.say(f"Morning: the store opens with {len(self.skus)} products in 6 categories.")
        for person in self.people:
            self.record.customers[person.email_name] = self.sign_up(person)
            await self.pause(0.3)
        self.say(f"{len(self.people)} customers signed up (Zoë Åberg, Björn Müller, a name with a pasted control "
                 "character, …).")
        await asyncio.to_thread(self.stray_request)
        self.say("A stray unsigned request hit the receiver (401, kept in quarantine).")

    def sign_up(self, person: Person) -> int:
        return int(self.woo.create_customer(person.first, person.last, person.email,
                                            person.billing(phone(self.rng)))["id"])

    def stray_request(self) -> None:
        httpx.post(self.receiver_url, json={"id": 1, "total": "999.00"}, timeout=5.0,
                   headers={"X-WC-Webhook-Topic": "order.created", "X-WC-Webhook-Resource": "order"})

    # -- 2. orders ---------------------------------------------------------------------------------------------

    def place(self, role: str, person: Person, skus: list[tuple[str, int]], guest: bool = False,
              **spec: Any) -> int:
        lines = [(self.skus[sku], qty) for sku, qty in skus]
        who = {"billing": person.billing(phone(self.rng))} if guest else {
            "customer_id": self.record.customers[person.email_name]}
        order = self.woo.create_order(lines, currency=person.currency, **who, **spec)
        self.record.orders[role] = int(order["id"])
        return int(order["id"])

    def basket(self, size: int) -> list[tuple[str, int]]:
        goods = ["HB-M8", "BR-608", "RL-12", "FS-5A", "TW-1", "SD-SET", "CD-18", "Bar3"]
        return [(sku, self.rng.randint(1, 4)) for sku in self.rng.sample(goods, size)]

    async def orders(self) -> None:
        p = self.people
        self.place("coupon", p[0], self.basket(2), coupon=("summer10", 10))
        self.place("negative-fee", p[1], self.basket(3), fees=[("Loyalty discount", Decimal("-2.50"))])
        self.place("fee", p[2], self.basket(2), fees=[("Gift wrap", Decimal("4.50"))], shipping=Decimal("5.00"))
        self.place("no-shipping", p[3], self.basket(1), shipping=None)
        await self.pause()
        for i, role in enumerate(("o5", "o6", "o7", "o8")):
            self.place(role, p[(4 + i) % len(p)], self.basket(1 + i % 3))
        self.place("pending", p[4], self.basket(2), status="pending")
        self.place("paid-later", p[5], self.basket(1), status="pending")
        self.say("Orders came in: parts, tools and T-shirts, with shipping, tax, a coupon, fees (one negative); "
                 "two are still pending payment.")
        await self.pause()
        self.place("guest", GUEST, self.basket(2), guest=True)
        self.say("A guest checked out without an account.")
        self.place("gift-card", p[6], [("GC-25", 2), ("Bar3", 1)])
        self.say("Someone bought gift cards: the 'Gift Cards' rule names GL account 2450, which Intacct lacks.")
        self.woo.sender.duplicate_next(1)
        self.place("duplicate", p[0], self.basket(1))
        self.say("One order's webhook was delivered twice.")
        await self.pause()

    # -- 3. refunds and changes ----------------------------------------------------------------------------------

    async def wait_posted(self, roles: list[str]) -> None:
        """Let the connector post these orders' bills first (refunds and changes then come *after* posting)."""
        if self.posted is None:
            return
        numbers = [str(self.record.orders[r]) for r in roles]
        deadline = asyncio.get_running_loop().time() + self.wait_seconds
        while not all(self.posted(n) for n in numbers) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)

    def refund_share(self, role: str, percent: int, reason: str) -> None:
        """Refund ``percent`` % of the order's total as an amount-only refund (what is left permitting)."""
        data = self.woo.store.order_json(self.record.orders[role])
        total = Decimal(str(data["total"]))
        left = total + sum(Decimal(str(r["total"])) for r in data.get("refunds") or [])
        minor = Decimal(1).scaleb(total.as_tuple().exponent)  # type: ignore[arg-type]  # the order's decimals
        amount = min(left, max(minor, (total * percent / 100).quantize(minor, rounding=ROUND_HALF_UP)))
        if amount > 0:
            self.woo.refund_order(self.record.orders[role], amount=amount, reason=reason)

    def line_item(self, role: str) -> int:
        return int(self.woo.store.order_json(self.record.orders[role])["line_items"][0]["id"])

    async def refunds_and_changes(self) -> None:
        await self.wait_posted(["coupon", "negative-fee", "fee", "no-shipping", "o5"])
        await self.new_second()
        o = self.record.orders
        self.woo.refund_order(o["coupon"], lines={self.line_item("coupon"): 1}, reason="Returned item")
        self.refund_share("negative-fee", 10, "Goodwill")
        self.woo.refund_order(o["fee"], reason="Order cancelled by customer")
        self.say("Refunds: one returned item, a 10% goodwill credit, and one order refunded in full.")
        await self.pause()
        self.woo.update_order(o["o5"], status="completed")
        self.say(f"Order {o['o5']} was completed after its bill was posted (no second bill).")
        moved = self.people[1]
        self.woo.update_customer(self.record.customers[moved.email_name],
                                 billing={**moved.billing(phone(self.rng)), "address_2": "Building B, 3rd floor"})
        self.say(f"{moved.first} {moved.last} added a building and floor to their address (vendor updated).")
        await self.pause()

    # -- 4. outage -----------------------------------------------------------------------------------------------

    async def outage(self) -> None:
        await self.wait_posted(["o6", "o7", "o8", "guest", "no-shipping"])
        await self.new_second()
        self.gate.down()
        self.say("The connector became unreachable (its receiver answers 503).")
        o = self.record.orders
        for role in ("o6", "o7", "o8", "guest"):
            self.woo.update_order(o[role], status="completed")
        self.refund_share("coupon", 3, "Late delivery")
        self.refund_share("no-shipping", 5, "Damaged box")
        self.refund_share("duplicate", 2, "Price match")
        self.record.customers[LATE_CUSTOMER.email_name] = self.sign_up(LATE_CUSTOMER)
        await asyncio.to_thread(self.woo.sender.wait_idle, 10.0)
        self.record.disabled_webhook = self.disabled_webhook()
        self.gate.up()
        self.say("The connector is back. "
                 + (f"WooCommerce disabled webhook {self.record.disabled_webhook} (order.updated) after "
                    f"{DISABLING_FAILURES} failed deliveries, and told nobody." if self.record.disabled_webhook
                    else "No webhook was disabled."))

    def disabled_webhook(self) -> int | None:
        hooks = [h for h in self.woo.registry.listing() if h.status == "disabled"]
        return hooks[0].id if hooks else None

    # -- 5. afternoon --------------------------------------------------------------------------------------------

    async def afternoon(self) -> None:
        await self.pause()
        await self.new_second()
        self.woo.update_order(self.record.orders["paid-later"], status="processing")
        self.say(f"Order {self.record.orders['paid-later']} was paid (its order.updated webhook is disabled: "
                 "only the backfill can bring it in).")
        self.place("late-customer", LATE_CUSTOMER, self.basket(2))
        self.say("Olga, who signed up during the outage, placed her first order.")

