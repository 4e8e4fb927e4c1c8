"""What the end-to-end tests share: both sandboxes on 127.0.0.1, the connector's configuration for them, a
scripted store (customers, orders, status changes, refunds from one seed) and the end-state check.

The expected state is computed from the store's own REST payloads with the documented mapping rules
(docs/mapping.md), never by calling the mapping code, so a mapping or sync bug shows up as a difference.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from core.outbox import Outbox
from core.sandbox.intacct import Credentials, IntacctSandbox
from core.sandbox.woo import WooSandbox
from core.sandbox.woo.generator import Generator
from core.settings import Settings, settings_from_dict
from core.woo.poller import ORDERS_CURSOR
from tests.oauth1 import OAuth1
from tests.shared import API_XSD

KEY, CS, HOOK_SECRET = "ck_e2e_key", "cs_e2e_secret", "whsec_e2e_secret"
TIMEZONE = "America/New_York"
TOPICS = ("customer.created", "customer.updated", "order.created", "order.updated")
CATEGORY_ACCOUNTS = {"Parts": "5010", "Electrical": "5010", "T-shirts": "5020"}
"""Leaf category → account; every catalog product sits in exactly one category (default account 6000)."""
BILLED = frozenset({"processing", "completed", "refunded"})
"""Final statuses of orders that must have a bill (``refunded`` only arises from refunds after posting)."""
ACTIVE = ("received", "approved", "posting", "retry")
CREDS = Credentials()


# -- configuration --------------------------------------------------------------------------------------------


def connector_config(woo_url: str, intacct_url: str, db: Path, port: int, **sync: Any) -> dict[str, Any]:
    """The TOML sections an operator would write for this store and company (auto mode, short intervals)."""
    return {
        "woocommerce": {"url": woo_url, "consumer_key": KEY, "consumer_secret": CS, "webhook_secret": HOOK_SECRET,
                        "timezone": TIMEZONE, "timeout_seconds": 5},
        "intacct": {"endpoint": intacct_url, "sender_id": CREDS.sender_id, "sender_password": CREDS.sender_password,
                    "company_id": CREDS.company_id, "user_id": CREDS.user_id, "user_password": CREDS.user_password,
                    "timeout_seconds": 5},
        "receiver": {"host": "127.0.0.1", "port": port},
        "sync": {"mode": "auto", "poll_interval_seconds": 1, "watchdog_interval_seconds": 0,
                 "silence_warning_minutes": 0, "lease_seconds": 5, **sync},
        "database": {"path": str(db)},
        "mapping": {"category_accounts": dict(CATEGORY_ACCOUNTS), "base_currency": "USD"},
    }


def settings_of(config: dict[str, Any]) -> Settings:
    return settings_from_dict(config, env={})


def toml_of(config: dict[str, Any]) -> str:
    """``config`` as TOML: sections of strings and numbers, one level of nested tables."""
    out: list[str] = []
    for section, values in config.items():
        scalars = {k: v for k, v in values.items() if not isinstance(v, dict)}
        out += [f"[{section}]", *(f"{k} = {json.dumps(v)}" for k, v in scalars.items())]
        for name, table in values.items():
            if isinstance(table, dict):
                out += [f"[{section}.{name}]", *(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in table.items())]
    return "\n".join(out) + "\n"


# -- the sandboxes ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def sandboxes(seed: int) -> Iterator[tuple[WooSandbox, IntacctSandbox]]:
    """The store and the Intacct company, served on free ports; Intacct allows 2 requests at a time."""
    store = WooSandbox(seed=seed, consumer_key=KEY, consumer_secret=CS, timezone=TIMEZONE, delivery_delay=0.01,
                       delivery_timeout=2.0)
    intacct = IntacctSandbox(schema_path=API_XSD)
    intacct.faults.concurrency_limit = 2
    intacct.faults.concurrency_hold_seconds = 0.5
    with store.run_in_thread(), intacct.run_in_thread():
        yield store, intacct


def add_webhooks(store: WooSandbox, receiver_url: str) -> dict[str, int]:
    """Our four webhooks, as ``webhooks install`` creates them (each pinged on creation)."""
    return {topic: store.add_webhook(topic, receiver_url, HOOK_SECRET, name=f"ml-connector {topic}").id
            for topic in TOPICS}


def enable_webhook(store: WooSandbox, webhook_id: int, delivery_url: str | None = None) -> None:
    """What an operator does in wp-admin or over REST: ``PUT /webhooks/<id>`` with status active (and URL)."""
    body: dict[str, str] = {"status": "active"} | ({"delivery_url": delivery_url} if delivery_url else {})
    response = httpx.put(f"{store.base_url}/wp-json/wc/v3/webhooks/{webhook_id}", json=body, auth=OAuth1(KEY, CS),
                         timeout=5)
    response.raise_for_status()


def enable_disabled_webhooks(store: WooSandbox) -> list[int]:
    disabled = [h.id for h in store.registry.listing() if h.status != "active"]
    for webhook_id in disabled:
        enable_webhook(store, webhook_id)
    return disabled


# -- the store's day -------------------------------------------------------------------------------------------


@dataclass
class Shop:
    """Drives the sandbox store from one seed: the same calls give the same records every run."""

    store: WooSandbox
    seed: int
    orders: list[int] = field(default_factory=list)
    gen: Generator = field(init=False)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.gen = Generator(self.store.store, self.seed)
        self.gen.catalog()
        self.rng = random.Random(self.seed + 1)

    def customers(self, count: int) -> None:
        start = len(self.gen.customer_ids)
        for i in range(start, start + count):
            self.gen.customer(i)

    def place_orders(self, count: int) -> None:
        start = len(self.orders)
        for i in range(start, start + count):
            self.orders.append(self.store.store.add_order(self.gen.order_spec(i), created=self.gen.when()))

    def change_statuses(self, count: int) -> int:
        """Pending orders get paid or cancelled, processing ones completed (a never-billed order is never
        cancelled after billing, so which orders have bills does not depend on delivery timing)."""
        changed = 0
        for oid in self.rng.sample(self.orders, k=min(count, len(self.orders))):
            status = self.store.store.orders[oid].status
            new = {"pending": self.rng.choice(["processing", "processing", "cancelled"]),
                   "processing": "completed"}.get(status)
            if new:
                self.store.update_order(oid, status=new)
                changed += 1
        return changed

    def update_customers(self, count: int) -> None:
        for n, cid in enumerate(self.rng.sample(self.gen.customer_ids, k=count)):
            self.store.update_customer(cid, billing={"city": f"Moved {self.seed}-{n}"})

    def billable(self) -> list[int]:
        return [o for o in self.orders if self.store.store.orders[o].status in ("processing", "completed")]

    def refunds(self, count: int) -> None:
        """Line, amount-only and full refunds (the generator's three kinds) on billed orders."""
        done = sum(len(r) for r in self.store.store.refunds.values())
        for i in range(done, done + count):
            self.gen.refund(i, self.billable())

    def newest_order_change(self) -> str:
        with self.store.store.lock:
            newest = max(o.modified for o in self.store.store.orders.values())
        return str(newest.replace(microsecond=0, tzinfo=None).isoformat())


# -- waiting -----------------------------------------------------------------------------------------------------


def wait_until(predicate: Callable[[], Any], timeout: float, what: str, step: float = 0.1) -> Any:
    """Poll ``predicate`` until truthy; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(step)


def drained(outbox: Outbox, shop: Shop) -> bool:
    """Nothing left to deliver, the poll has read past the newest order change, and no event is active."""
    if shop.store.sender.pending():
        return False
    if (outbox.get_cursor(ORDERS_CURSOR) or "") < shop.newest_order_change():
        return False
    counts = outbox.count_by_state()
    return not any(counts.get(state) for state in ACTIVE)


def bills_posted(intacct: IntacctSandbox, shop: Shop) -> bool:
    have = {str(b["RECORDID"]) for b in intacct.state.records("APBILL")}
    return {str(o) for o in shop.billable()} <= have


# -- the end state -----------------------------------------------------------------------------------------------


def guest_vendor_id(email: str) -> str:
    """docs/mapping.md: prefix + ``G`` + 10 upper-case hex digits of SHA-256 of the normalised email."""
    return "WC-G" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:10].upper()


def _items(record: dict[str, Any], group: str, item: str) -> list[dict[str, Any]]:
    found = (record.get(group) or {}).get(item) or []
    return found if isinstance(found, list) else [found]


def expected_lines(order: dict[str, Any], store: WooSandbox) -> Counter[tuple[str, Decimal]]:
    """(ACCOUNTNO, amount) of every non-zero line the default mapping makes of ``order`` (docs/mapping.md)."""
    lines: Counter[tuple[str, Decimal]] = Counter()
    for item in order["line_items"]:
        categories = store.store.product_json(int(item["product_id"]))["categories"]
        account = next((CATEGORY_ACCOUNTS[c["name"]] for c in categories if c["name"] in CATEGORY_ACCOUNTS), "6000")
        lines[(account, Decimal(item["total"]))] += 1
    lines.update(("6100", Decimal(s["total"])) for s in order["shipping_lines"])
    lines.update(("6200", Decimal(f["total"])) for f in order["fee_lines"])
    lines.update(("2200", Decimal(t["tax_total"]) + Decimal(t["shipping_tax_total"])) for t in order["tax_lines"])
    return Counter({key: n for key, n in lines.items() if key[1] != 0})


def end_state_problems(store: WooSandbox, intacct: IntacctSandbox) -> list[str]:
    """Every difference between what Intacct holds and what the store says it must hold."""
    problems: list[str] = []
    orders = [store.store.order_json(o) for o in sorted(store.store.orders)]
    billed = [o for o in orders if o["status"] in BILLED]
    guests = {guest_vendor_id(o["billing"]["email"]) for o in billed if not o["customer_id"]}
    expected_vendors = {f"WC-{c}" for c in store.store.customers} | guests
    vendors = Counter(str(v["VENDORID"]) for v in intacct.state.records("VENDOR"))
    problems += [f"vendor {v} exists {n} times" for v, n in vendors.items() if n > 1]
    problems += [f"vendor {v} is missing" for v in sorted(expected_vendors - set(vendors))]
    problems += [f"vendor {v} is unexpected" for v in sorted(set(vendors) - expected_vendors)]
    problems += _bill_problems(store, intacct, billed, {str(o["id"]) for o in orders} - {str(o["id"]) for o in billed})
    problems += _adjustment_problems(store, intacct)
    problems += _address_problems(store, intacct)
    return problems


def _bill_problems(store: WooSandbox, intacct: IntacctSandbox, billed: list[dict[str, Any]],
                   unbilled: set[str]) -> list[str]:
    problems: list[str] = []
    bills: dict[str, list[dict[str, Any]]] = {}
    for bill in intacct.state.records("APBILL"):
        bills.setdefault(str(bill["RECORDID"]), []).append(bill)
    for order in billed:
        number, found = order["number"], bills.get(order["number"], [])
        if len(found) != 1:
            problems.append(f"order {number} ({order['status']}) has {len(found)} bills")
            continue
        bill = found[0]
        vendor = f"WC-{order['customer_id']}" if order["customer_id"] else guest_vendor_id(order["billing"]["email"])
        if bill["VENDORID"] != vendor:
            problems.append(f"bill {number} is on vendor {bill['VENDORID']}, not {vendor}")
        if Decimal(bill["TOTALENTERED"]) != Decimal(order["total"]):
            problems.append(f"bill {number} totals {bill['TOTALENTERED']}, the order {order['total']}")
        lines = Counter((str(i["ACCOUNTNO"]), Decimal(str(i["TRX_AMOUNT"])))
                        for i in _items(bill, "APBILLITEMS", "APBILLITEM"))
        wanted = expected_lines(order, store)
        if lines != wanted:
            problems.append(f"bill {number} lines {sorted(lines.elements())} != {sorted(wanted.elements())}")
    problems += [f"order {n} must have no bill" for n in sorted(unbilled & set(bills))]
    return problems


def _adjustment_problems(store: WooSandbox, intacct: IntacctSandbox) -> list[str]:
    problems: list[str] = []
    adjustments: dict[str, list[dict[str, Any]]] = {}
    for adj in intacct.state.records("APADJUSTMENT"):
        adjustments.setdefault(str(adj["RECORDID"]), []).append(adj)
    expected = {f"{oid}-R{r.id}": r.amount for oid, refunds in store.store.refunds.items() for r in refunds}
    for number, amount in sorted(expected.items()):
        found = adjustments.get(number, [])
        if len(found) != 1:
            problems.append(f"refund {number} has {len(found)} adjustments")
        elif abs(Decimal(found[0]["TOTALENTERED"])) != amount:
            problems.append(f"adjustment {number} totals {found[0]['TOTALENTERED']}, the refund {amount}")
    problems += [f"adjustment {n} matches no refund" for n in sorted(set(adjustments) - set(expected))]
    return problems


def _address_problems(store: WooSandbox, intacct: IntacctSandbox) -> list[str]:
    """Each customer's vendor shows the customer's latest billing city (customer.updated reached Intacct)."""
    vendors = {str(v["VENDORID"]): v for v in intacct.state.records("VENDOR")}
    problems = []
    for cid, customer in sorted(store.store.customers.items()):
        address = ((vendors.get(f"WC-{cid}") or {}).get("DISPLAYCONTACT") or {}).get("MAILADDRESS") or {}
        if address.get("CITY", "") != customer.billing.get("city", ""):
            problems.append(f"vendor WC-{cid} city {address.get('CITY')!r}, customer {customer.billing.get('city')!r}")
    return problems


def failed_events(outbox: Outbox) -> list[str]:
    """Events a person would have to look at: failed, or sent back to review by the engine."""
    return [f"event {e.id} {e.topic} {e.resource_id}: {e.state}: {e.last_error}"
            for state in ("failed", "awaiting_review") for e in outbox.events_in_state(state)]
