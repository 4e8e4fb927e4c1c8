"""Reconcile at the edge: read the store's orders, Intacct's bills and adjustments and the outbox, compare.

Memory stays flat however many orders the window holds (bench/reconcile.py):

1. Intacct's document *numbers* are swept first — ``query`` on APBILL and APADJUSTMENT for our vendors
   (``[mapping] vendor_id_prefix``, and the catch-all guest vendor) created since the window starts, only
   RECORDNO / RECORDID / DOCNUMBER, 2000 per page by ``offset``; kept as order number → RECORDNOs (a few
   dozen bytes a document, never the documents themselves).
2. The store's orders of the window are read page by page (100 a page, the next page in flight while one is
   compared); each page's documents are read with ``read`` (lines included, 100 keys a function, one
   request a page, while the next store page is fetched), its outbox state with one query, and each order
   is compared (:mod:`.compare`) with the product's own mapping (``order_to_bill`` with the store's product
   categories, as the sync engine does).
3. Numbers left over name documents of orders not in the window: an order the store does not have is an
   ``orphan``; one created before the window (a late refund of an old order) is not compared.

Reads only: nothing is written to Intacct or the store. Every Intacct function is a read.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from core.intacct.client import IntacctClient
from core.intacct.functions import And, EqualTo, Filter, GreaterThanOrEqualTo, In, Like, Or, Query, Read
from core.intacct.xml import Element
from core.mapping import ProductInfo
from core.mapping.decisions import DEAD_STATUSES, decide_order_action
from core.mapping.errors import MappingError
from core.mapping.money import money
from core.mapping.net import Account, Net, adjustment_effect, document_net, net_of
from core.mapping.order import order_number, order_to_bill
from core.mapping.vendorids import uses_catch_all
from core.outbox import Outbox
from core.outbox.model import POSTED, SKIPPED
from core.reconcile.acks import notes_for
from core.reconcile.compare import Difference, IntacctDoc, Pending, StoreOrder, Summary, compare_order, document_role
from core.settings import Settings
from core.woo.products import CategoryCache
from core.woo.rest import WooClient, prefetch

SWEEP_PAGESIZE = 2000
READ_KEYS = 100
READS_IN_FLIGHT = 2
"""Pages whose documents are being read at once (Intacct's standard tier serves two requests at a time)."""
DIMENSION_FIELDS = frozenset({"LOCATIONID", "DEPARTMENTID", "PROJECTID", "CLASSID", "CUSTOMERID", "EMPLOYEEID",
                              "ITEMID", "CONTRACTID", "WAREHOUSEID"})
"""Line fields that are dimensions (a line read from Intacct carries many other fields: keys, labels, dates);
the fields ``[mapping] dimensions`` / ``category_dimensions`` name are dimensions too."""


@dataclass(frozen=True)
class Window:
    """Orders created from ``since`` to ``until`` (store-local dates, both included); ``orders``: only these."""

    since: date | None = None
    until: date | None = None
    orders: tuple[int, ...] = ()


@dataclass
class Report:
    """A run's differences (acknowledged ones marked) and its :class:`~core.reconcile.compare.Summary`."""

    window: Window
    differences: list[Difference] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    outside_window: int = 0
    """Documents of orders the store has but created outside the window (not compared)."""

    @property
    def agrees(self) -> bool:
        return self.summary.differences == 0


Progress = Callable[[int, int], None]
"""``(orders compared, orders in the window)`` after each page (the total is the store's X-WP-Total)."""


def _intacct_date(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def _text(record: Element, tag: str) -> str:
    return (record.findtext(tag) or "").strip()


def dimension_fields(settings: Settings) -> frozenset[str]:
    m = settings.mapping
    configured = set(m.dimensions) | {k for dims in m.category_dimensions.values() for k in dims}
    return DIMENSION_FIELDS | {k.upper() for k in configured}


def _line_account(line: Element, dimensions: frozenset[str]) -> Account:
    dims = {c.tag: (c.text or "").strip() for c in line if isinstance(c.tag, str) and c.tag in dimensions
            and (c.text or "").strip()}
    return Account.of(_text(line, "ACCOUNTNO"), dims)


def document_of(obj: str, record: Element, settings: Settings) -> IntacctDoc:
    """An :class:`IntacctDoc` from a ``read`` record (lower-case record tag, upper-case fields)."""
    dims = dimension_fields(settings)
    if obj == "APBILL":
        lines = record.findall("APBILLITEMS/APBILLITEM")
        net = net_of((_line_account(li, dims), Decimal(_text(li, "TRX_AMOUNT") or _text(li, "AMOUNT") or "0"))
                     for li in lines)
    else:
        effect = adjustment_effect(settings.mapping)
        net = net_of((_line_account(li, dims), Decimal(_text(li, "AMOUNT") or _text(li, "TRX_AMOUNT") or "0") * effect)
                     for li in record.findall("APADJUSTMENTITEMS/APADJUSTMENTITEM"))
    number = _text(record, "RECORDID") or _text(record, "ADJUSTMENTNO")
    return IntacctDoc(obj, _text(record, "RECORDNO"), number, _text(record, "VENDORID"), _text(record, "STATE"),
                      _text(record, "CURRENCY"), net)


def _order_of(obj: str, record_id: str, doc_number: str) -> str:
    """The order number a document belongs to (an adjustment names its bill in DOCNUMBER)."""
    if obj == "APADJUSTMENT" and doc_number:
        return doc_number
    return document_role(record_id)[0]


class Reconciler:
    """One reconcile run over ``settings``' store and Intacct company (see the module doc)."""

    def __init__(self, settings: Settings, outbox: Outbox, intacct: IntacctClient, woo: WooClient,
                 categories: CategoryCache | None = None) -> None:
        self.settings, self.outbox, self.intacct, self.woo = settings, outbox, intacct, woo
        self.categories = categories or CategoryCache(woo, settings.woocommerce.product_cache_seconds)

    # -- Intacct --------------------------------------------------------------------------------------------

    def _ours(self) -> Filter:
        mapping = self.settings.mapping
        prefix: Filter = Like("VENDORID", f"{mapping.vendor_id_prefix}%")
        return Or(prefix, EqualTo("VENDORID", mapping.guest_vendor)) if uses_catch_all(mapping) else prefix

    def _sweep_filter(self, window: Window, numbers: Sequence[str]) -> Filter:
        parts: list[Filter] = [self._ours()]
        if numbers:
            wanted: list[Filter] = [In("RECORDID", list(numbers)), In("DOCNUMBER", list(numbers))]
            wanted += [Like("RECORDID", f"{n}-%") for n in numbers]
            parts.append(Or(*wanted))
        elif window.since is not None:
            parts.append(GreaterThanOrEqualTo("WHENCREATED", _intacct_date(window.since)))
        return And(*parts) if len(parts) > 1 else parts[0]

    async def sweep(self, window: Window, numbers: Sequence[str] = ()) -> dict[str, list[tuple[str, str]]]:
        """Order number → ``(object, RECORDNO)`` of every document of ours (step 1 of the module doc)."""
        index: dict[str, list[tuple[str, str]]] = {}
        for obj in ("APBILL", "APADJUSTMENT"):
            fields = ["RECORDNO", "RECORDID"] + (["DOCNUMBER"] if obj == "APADJUSTMENT" else [])
            query = Query(f"reconcile-sweep-{obj.lower()}", obj, fields, self._sweep_filter(window, numbers),
                          pagesize=SWEEP_PAGESIZE)
            offset = 0
            while True:
                (result,) = await self.intacct.execute([query.at_offset(offset)])
                data = result.raise_for_status().data
                records = list(data) if data is not None else []
                for r in records:
                    number = _order_of(obj, _text(r, "RECORDID"), _text(r, "DOCNUMBER"))
                    index.setdefault(number, []).append((obj, _text(r, "RECORDNO")))
                offset += len(records)
                if not records or int(data.get("numremaining", "0") if data is not None else 0) <= 0:
                    break
        return index

    async def read_documents(self, refs: Iterable[tuple[str, str]]) -> list[IntacctDoc]:
        """The documents ``(object, RECORDNO)`` with their lines, in one request."""
        by_obj: dict[str, list[str]] = {}
        for obj, record_no in refs:
            by_obj.setdefault(obj, []).append(record_no)
        functions = [Read(f"reconcile-read-{obj.lower()}-{n}", obj, keys[start:start + READ_KEYS])
                     for obj, keys in sorted(by_obj.items())
                     for n, start in enumerate(range(0, len(keys), READ_KEYS))]
        if not functions:
            return []
        docs: list[IntacctDoc] = []
        for function, result in zip(functions, await self.intacct.execute(functions), strict=True):
            data = result.raise_for_status().data
            docs += [document_of(function.object, r, self.settings) for r in (data if data is not None else [])]
        return docs

    # -- the store ------------------------------------------------------------------------------------------

    def _order_params(self, window: Window, status: str) -> dict[str, Any]:
        params: dict[str, Any] = {"orderby": "id", "order": "asc", "status": status}
        if window.orders:
            params["include"] = ",".join(str(i) for i in window.orders)
        if window.since is not None:
            params["after"] = datetime.combine(window.since, time.min).isoformat(timespec="seconds")
        if window.until is not None:
            params["before"] = datetime.combine(window.until + timedelta(days=1), time.min).isoformat(
                timespec="seconds")
        return params

    async def store_pages(self, window: Window) -> AsyncIterator[tuple[list[dict[str, Any]], int]]:
        """Pages of the window's orders, trashed ones after the rest, with the store's count of the window."""
        for status in ("any", "trash"):
            async for page in prefetch(self.woo.pages("/orders", self._order_params(window, status))):
                yield page.items, page.total

    async def _products(self, orders: Sequence[dict[str, Any]]) -> dict[int, ProductInfo]:
        ids = {int(i.get("product_id") or 0) for o in orders for i in o.get("line_items") or []} - {0}
        paths = await self.categories.categories(ids)
        return {pid: ProductInfo(pid, tuple(c.names for c in cats)) for pid, cats in paths.items()}

    def store_order(self, order: dict[str, Any], products: dict[int, ProductInfo]) -> StoreOrder:
        """The store side of one order by the product's own mapping (docs/mapping.md)."""
        status = str(order.get("status") or "")
        try:
            bill: Net | None = document_net(order_to_bill(order, self.settings, products), self.settings.mapping)
        except MappingError:
            bill = None
        billable = decide_order_action(None, order, self.settings, has_bill=False).action == "create"
        refunds = {int(r["id"]): abs(money(r.get("total"))) for r in order.get("refunds") or []
                   if isinstance(r, dict) and "id" in r}
        return StoreOrder(int(order["id"]), order_number(order), status, str(order.get("currency") or ""), bill,
                          billable, status in DEAD_STATUSES, refunds)

    # -- the outbox -----------------------------------------------------------------------------------------

    def outbox_state(self, order_ids: Sequence[int]) -> tuple[dict[int, Pending], dict[int, int]]:
        """Per order: its newest event when not carried to an outcome, and the event of its open item."""
        pending: dict[int, Pending] = {}
        items: dict[int, int] = {}
        if not order_ids:
            return pending, items
        marks = ",".join("?" * len(order_ids))
        with self.outbox.db.read() as conn:
            rows = conn.execute(f"SELECT e.resource_id, e.id, e.state, e.last_error FROM events e WHERE e.id IN "
                                f"(SELECT MAX(id) FROM events WHERE resource = 'order' AND resource_id IN ({marks}) "
                                "GROUP BY resource_id)", list(order_ids)).fetchall()
            open_rows = conn.execute(f"SELECT order_id, event_id FROM sync_open_items WHERE closed_at IS NULL AND "
                                     f"order_id IN ({marks})", list(order_ids)).fetchall()
        items = {int(r["order_id"]): int(r["event_id"]) for r in open_rows}
        for r in rows:
            if r["state"] not in (POSTED, SKIPPED) and int(r["resource_id"]) not in items:
                pending[int(r["resource_id"])] = Pending(int(r["id"]), str(r["state"]), str(r["last_error"] or ""))
        return pending, items

    # -- the run --------------------------------------------------------------------------------------------

    async def run(self, window: Window, progress: Progress | None = None) -> Report:
        report = Report(window)
        numbers: list[str] = []
        if window.orders:  # a few named orders: their documents by number, whatever their date
            numbers = [order_number(o) async for o in self._named(window.orders)]
        index = await self.sweep(window, numbers)
        done = 0
        in_flight: deque[tuple[list[StoreOrder], asyncio.Task[list[IntacctDoc]]]] = deque()
        try:
            async for orders, count in self.store_pages(window):
                products = await self._products(orders)
                stores = [self.store_order(o, products) for o in orders]
                refs = [ref for s in stores for ref in index.pop(s.number, [])]
                in_flight.append((stores, asyncio.ensure_future(self.read_documents(refs))))
                if len(in_flight) >= READS_IN_FLIGHT:  # page N's documents are read while page N+1 arrives
                    await self._finish(report, *in_flight.popleft())
                done += len(orders)
                if progress is not None:
                    progress(done, max(count, done))
            while in_flight:
                await self._finish(report, *in_flight.popleft())
        finally:
            for _, task in in_flight:
                task.cancel()
        await self._leftovers(index, report)
        self._mark_acknowledged(report)
        return report

    async def _finish(self, report: Report, stores: list[StoreOrder], task: asyncio.Task[list[IntacctDoc]]) -> None:
        await task
        self._compare_page(report, stores, task)

    def _compare_page(self, report: Report, stores: list[StoreOrder], task: asyncio.Task[list[IntacctDoc]]) -> None:
        """Compare one page's orders once its documents are read (the task is done; see :meth:`run`)."""
        by_number: dict[str, list[IntacctDoc]] = {}
        for doc in task.result():
            by_number.setdefault(doc.order_number, []).append(doc)
        pending, items = self.outbox_state([s.order_id for s in stores])
        for store in stores:
            mine = by_number.get(store.number, [])
            report.summary.add_order(store, mine)
            report.differences += compare_order(store, mine, pending.get(store.order_id), items.get(store.order_id))

    async def _named(self, ids: Sequence[int]) -> AsyncIterator[dict[str, Any]]:
        for status in ("any", "trash"):
            async for page in self.woo.pages("/orders", {"include": ",".join(map(str, ids)), "status": status}):
                for order in page.items:
                    yield order

    async def _leftovers(self, index: dict[str, list[tuple[str, str]]], report: Report) -> None:
        """Documents whose order was not in the window: orphans when the store has no such order."""
        if not index:
            return
        numbers = sorted(index)
        known: set[str] = set()
        ids = [int(n) for n in numbers if n.isdigit()]
        for start in range(0, len(ids), 100):
            async for order in self._named(ids[start:start + 100]):
                known.add(order_number(order))
        for number in numbers:
            if number in known:
                report.outside_window += len(index[number])
                continue
            docs = await self.read_documents(index[number])
            report.summary.add_order(None, docs)
            report.differences += compare_order(None, docs, number=number)

    def _mark_acknowledged(self, report: Report) -> None:
        notes = notes_for(self.outbox, (d.fingerprint for d in report.differences))
        marked = []
        for d in report.differences:
            note = notes.get(d.fingerprint, "")
            marked.append(Difference(**{**d.__dict__, "acknowledged": note}) if note else d)
            report.summary.add(marked[-1])
        report.differences = marked


async def reconcile(settings: Settings, outbox: Outbox, window: Window, progress: Progress | None = None) -> Report:
    """One run with clients of its own (the CLI and the ``serve`` task)."""
    async with IntacctClient(settings.intacct) as intacct, WooClient(settings.woocommerce) as woo:
        return await Reconciler(settings, outbox, intacct, woo).run(window, progress)

