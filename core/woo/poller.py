"""The scheduled REST poll: catches every change a failed, late or disabled webhook missed.

Every item found is handed to the outbox as an :class:`~core.outbox.model.IncomingEvent` with
``source="poll"`` (or ``"backfill"``) and ``version = date_modified_gmt``, so the outbox's one dedup rule
covers webhooks and polls alike: the same version seen twice is one event.

Orders: ``modified_after = watermark - overlap``, GMT, oldest change first; the watermark (an outbox cursor)
moves to the last ``date_modified_gmt`` of a page only after that page's events are committed, so a crash
re-reads at most one page. Customers have no date filter (WOOCOMMERCE-API.md §4.3); they are found three
ways, described in docs/polling.md: customers referenced by polled orders, new ids since the last pass
(newest first, stopping at the known maximum id), and a daily full sweep compared to a watermark here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from core.outbox.model import IncomingEvent, IngestResult, Source
from core.settings import Settings
from core.woo.errors import WooError
from core.woo.rest import PER_PAGE, Json, Page, WooClient, prefetch, woo_datetime

log = logging.getLogger(__name__)

ORDERS_CURSOR = "poll.orders.modified_gmt"
CUSTOMERS_SWEPT_CURSOR = "poll.customers.swept_at_gmt"
CUSTOMERS_MAX_ID_CURSOR = "poll.customers.max_id"
FIRST_LOOKBACK = timedelta(days=1)
"""With no watermark yet and no ``--since``, the first pass looks back this far (older history: ``--since``)."""
CUSTOMER_SWEEP_EVERY = timedelta(hours=24)
"""A full customer sweep (the only way to see profile edits a webhook missed) runs at most this often."""


class EventSink(Protocol):
    """The part of :class:`core.outbox.Outbox` the poller uses."""

    def ingest_many(self, events: Sequence[IncomingEvent]) -> list[IngestResult]: ...

    def get_cursor(self, name: str) -> str | None: ...

    def set_cursor(self, name: str, value: str) -> None: ...


@dataclass
class PollReport:
    """What one pass did: outcomes per resource, pages read, and the order watermark after it."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: {"order": Counter(), "customer": Counter()})
    pages: int = 0
    rescans: int = 0
    watermark: str | None = None
    customers_seen: set[int] = field(default_factory=set, repr=False)
    """Customers already ingested in this pass (a customer found twice is ingested once)."""

    def lines(self) -> list[str]:
        """``order: new=3 duplicate=1 stale=0`` per resource, for the CLI and logs."""
        return [
            f"{resource}: " + " ".join(f"{o}={c[o]}" for o in ("new", "duplicate", "stale"))
            for resource, c in self.counts.items()
        ]


def parse_gmt(value: str) -> datetime | None:
    """A Woo ``*_gmt`` string (or an outbox cursor) as an aware UTC datetime; ``None`` when empty/invalid."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def payload_bytes(item: Json) -> bytes:
    """The item's JSON. A page is one array, so each item is re-serialised (compact, UTF-8)."""
    return json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Poller:
    """One store, one outbox. ``clock`` is injectable so tests can pin "now"."""

    def __init__(self, settings: Settings, outbox: EventSink, client: WooClient, *, clock: Any = None) -> None:
        self.settings, self.outbox, self.client = settings, outbox, client
        self._now = clock or (lambda: datetime.now(UTC))
        self.overlap = timedelta(seconds=max(0, settings.sync.poll_overlap_seconds))

    # -- scheduling ------------------------------------------------------------------------------------------

    async def run_forever(self, stop: asyncio.Event, interval: float | None = None) -> None:
        """Poll every ``sync.poll_interval_seconds`` until ``stop`` is set; 0 disables. Errors wait a pass."""
        every = self.settings.sync.poll_interval_seconds if interval is None else interval
        if every <= 0:
            log.info("scheduled poll disabled (sync.poll_interval_seconds = 0)")
            return
        while not stop.is_set():
            try:
                report = await self.run_once()
                log.info("poll: %s", "; ".join(report.lines()))
            except WooError as exc:
                log.warning("poll failed, retrying next pass: %s", exc)
            except Exception:  # an outbox or data surprise must not end the schedule; it is logged in full
                log.exception("poll pass crashed; retrying next pass")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)

    # -- one pass --------------------------------------------------------------------------------------------

    async def run_once(self, since: datetime | None = None) -> PollReport:
        """Orders changed since the watermark (minus overlap) or ``since``, then customers; see module doc."""
        report = PollReport()
        previous = parse_gmt(self.outbox.get_cursor(ORDERS_CURSOR) or "")
        start = _aware(since) if since else (previous - self.overlap if previous else self._now() - FIRST_LOOKBACK)
        contiguous = previous is None or start <= previous  # never jump the watermark over an unread gap
        customer_ids = await self._orders(start, None, previous, "poll", report, move_cursor=contiguous)
        await self._customers(customer_ids, since, report)
        report.watermark = self.outbox.get_cursor(ORDERS_CURSOR)
        return report

    async def backfill(self, start: datetime, end: datetime) -> PollReport:
        """Re-read an outage window (e.g. while a webhook was disabled); leaves the watermarks alone."""
        report = PollReport()
        start, end = _aware(start), _aware(end)
        customer_ids = await self._orders(start, end, start, "backfill", report, move_cursor=False)
        await self._ingest_customers(self.client.get_customers(customer_ids), None, "backfill", report)
        await self._sweep(start, end, "backfill", report)
        report.watermark = self.outbox.get_cursor(ORDERS_CURSOR)
        return report

    # -- orders ----------------------------------------------------------------------------------------------

    async def _orders(
        self, start: datetime, end: datetime | None, previous: datetime | None, source: Source,
        report: PollReport, *, move_cursor: bool,
    ) -> set[int]:
        """Scan orders; rescan once if an order moved pages mid-scan (offset paging can then skip one)."""
        customer_ids: set[int] = set()
        for attempt in range(2):
            shifted = await self._scan_orders(
                self.client.order_pages(start, end), previous or start, source, report, customer_ids, move_cursor
            )
            if not shifted or attempt:
                break
            report.rescans += 1
            log.info("an order changed during the scan; reading the window once more")
        # ``status=any`` leaves out trashed orders: a trash whose order.deleted webhook was lost is seen here
        await self._scan_orders(self.client.order_pages(start, end, status="trash"), previous or start, source,
                                report, customer_ids, False)
        return customer_ids

    async def _scan_orders(
        self, pages: AsyncIterator[Page], created_after: datetime, source: Source, report: PollReport,
        customer_ids: set[int], move_cursor: bool,
    ) -> bool:
        """Commit page by page (in a thread, while the next page is fetched); True if an order moved pages."""
        seen: set[int] = set()
        shifted = False
        async for page in prefetch(pages):
            report.pages += 1
            ids = [int(item["id"]) for item in page.items]
            shifted |= not seen.isdisjoint(ids)
            seen.update(ids)
            newest = await asyncio.to_thread(self._ingest_orders, page.items, created_after, source, report,
                                             customer_ids)
            if move_cursor and newest:  # the page's events are committed: only now move the watermark
                self._advance(ORDERS_CURSOR, newest)
        return shifted

    def _ingest_orders(
        self, items: list[Json], created_after: datetime, source: Source, report: PollReport, customer_ids: set[int]
    ) -> str:
        """Ingest one page of orders in one outbox transaction; the newest ``date_modified_gmt`` on it."""
        events = []
        for item in items:
            created = parse_gmt(item.get("date_created_gmt") or "")
            topic = "order.created" if created and created > created_after else "order.updated"
            events.append(_event(source, topic, "order", item))
            if item.get("customer_id"):
                customer_ids.add(int(item["customer_id"]))
        self._commit(events, report)
        return max((str(item.get("date_modified_gmt") or "") for item in items), default="")

    # -- customers -------------------------------------------------------------------------------------------

    async def _customers(self, referenced: set[int], since: datetime | None, report: PollReport) -> None:
        max_id = int(self.outbox.get_cursor(CUSTOMERS_MAX_ID_CURSOR) or 0)
        swept = parse_gmt(self.outbox.get_cursor(CUSTOMERS_SWEPT_CURSOR) or "")
        now = self._now()
        if since is not None or swept is None or max_id == 0 or now - swept >= CUSTOMER_SWEEP_EVERY:
            floor = _aware(since) if since else (swept - self.overlap if swept else now - FIRST_LOOKBACK)
            await self._sweep(floor, None, "poll", report)
            if since is None or swept is None or floor <= swept:
                self._advance(CUSTOMERS_SWEPT_CURSOR, woo_datetime(now))
        else:
            await self._new_customers(max_id, report)
        referenced = referenced - report.customers_seen  # found by the sweep or the new-id scan: not again
        await self._ingest_customers(self.client.get_customers(referenced), None, "poll", report)

    async def _new_customers(self, max_id: int, report: PollReport) -> None:
        """Customers with an id above the last known one, newest first, stopping at the known ones."""
        async for page in self.client.customer_pages(order="desc"):
            report.pages += 1
            fresh = [c for c in page.items if int(c["id"]) > max_id]
            self._commit([_event("poll", "customer.created", "customer", c) for c in fresh], report)
            if fresh:
                self._advance_id(max(int(c["id"]) for c in fresh))
            if len(fresh) < len(page.items):
                return

    async def _sweep(self, floor: datetime, end: datetime | None, source: Source, report: PollReport) -> None:
        """Every customer, oldest id first; those modified in [floor, end] are ingested."""
        max_id = int(self.outbox.get_cursor(CUSTOMERS_MAX_ID_CURSOR) or 0)
        async for page in self.client.customer_pages(order="asc"):
            report.pages += 1
            await self._ingest_customers(_aiter(page.items), (floor, end), source, report, known_max_id=max_id)
            if page.items and source == "poll":
                self._advance_id(max(int(c["id"]) for c in page.items))

    async def _ingest_customers(
        self, customers: AsyncIterator[Json], window: tuple[datetime, datetime | None] | None, source: Source,
        report: PollReport, known_max_id: int | None = None,
    ) -> None:
        events: list[IncomingEvent] = []
        async for customer in customers:
            modified = parse_gmt(customer.get("date_modified_gmt") or customer.get("date_created_gmt") or "")
            if window and (modified is None or modified < window[0] or (window[1] and modified > window[1])):
                continue
            is_new = known_max_id is not None and int(customer["id"]) > known_max_id
            events.append(_event(source, "customer.created" if is_new else "customer.updated", "customer", customer))
            if len(events) >= PER_PAGE:
                self._commit(events, report)
                events = []
        self._commit(events, report)

    # -- outbox ----------------------------------------------------------------------------------------------

    def _commit(self, events: Sequence[IncomingEvent], report: PollReport) -> None:
        """One outbox transaction (one fsync) for a page of events; outcomes counted per resource."""
        if not events:
            return
        for event, result in zip(events, self.outbox.ingest_many(events), strict=True):
            report.counts.setdefault(event.resource, Counter())[result.outcome] += 1
            if event.resource == "customer":
                report.customers_seen.add(event.resource_id)

    def _advance(self, cursor: str, value: str) -> None:
        """Move a time watermark forward only (an older value never moves it back)."""
        current = parse_gmt(self.outbox.get_cursor(cursor) or "")
        new = parse_gmt(value)
        if new is not None and (current is None or new > current):
            self.outbox.set_cursor(cursor, woo_datetime(new))

    def _advance_id(self, value: int) -> None:
        if value > int(self.outbox.get_cursor(CUSTOMERS_MAX_ID_CURSOR) or 0):
            self.outbox.set_cursor(CUSTOMERS_MAX_ID_CURSOR, str(value))


def _event(source: Source, topic: str, resource: str, item: Json) -> IncomingEvent:
    return IncomingEvent(source=source, topic=topic, resource=resource, resource_id=int(item["id"]),
                         version=str(item.get("date_modified_gmt") or ""), payload=payload_bytes(item))


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


async def _aiter(items: list[Json]) -> AsyncIterator[Json]:
    for item in items:
        yield item
