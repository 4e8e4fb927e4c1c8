"""The sync engine: the one object the worker, ``ml-connector push`` and the console use (docs/sync.md).

::

    engine = SyncEngine(settings, outbox, intacct_client, woo_client)
    report = await engine.push()                 # every approved / due event, now
    report = await engine.push([12, 13])         # just these (awaiting review ones are approved by "cli")
    engine.approve([12], actor="operator"); engine.skip(13, "test order", actor="operator")
    engine.retry(14, actor="operator")           # failed → approved: planned again with today's settings
    engine.open_items(); engine.resolve(727, "voided the bill by hand", actor="operator")
    xml, problems = await engine.preview(12)     # the request it would send, credentials masked
    await engine.run_worker(stop)                # serve: push in a loop while holding the worker lease

Only the holder of the ``sync-worker`` lease pushes: :meth:`push` raises :class:`WorkerBusy` while another
process (``serve``) holds it, and :meth:`run_worker` waits on standby until the lease is free.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Callable, Sequence

from core.intacct.client import IntacctClient, build_request_xml
from core.mapping import Plan, ReferenceData
from core.outbox import Outbox
from core.outbox.model import APPROVED, AWAITING_REVIEW, FAILED, RETRY, SKIPPED, is_deletion
from core.settings import Settings
from core.sync import planning as pl
from core.sync.backoff import iso, retry_at, utc
from core.sync.errors import LeaseLost, NotActionable, WorkerBusy
from core.sync.ledger import Commit, Ledger, Move, OpenItem
from core.sync.open_items import resolve_handled
from core.sync.posted import posted_orders
from core.sync.reference import MAX_AGE_SECONDS, ReferenceCache
from core.sync.report import Progress, PushReport
from core.sync.rounds import Round
from core.woo.products import CategoryCache
from core.woo.rest import WooClient

log = logging.getLogger(__name__)
LEASE = "sync-worker"
APPROVE_PAGE = 1000
"""Events approved per transaction by :meth:`SyncEngine.approve_all`."""
ROUND_SIZE = 5000
"""Events per round, as many as one read of the active events returns. Each chunk is prepared (payloads,
store look-ups, vendor check) while the one before it is on the wire, so a round's upfront cost no longer
grows with it; a round boundary leaves both slots idle (~0.1 s), so rounds are made large."""


class SyncEngine:
    """Pushes outbox events to Intacct exactly once (see the module doc for the API)."""

    def __init__(self, settings: Settings, outbox: Outbox, intacct_client: IntacctClient,
                 woo_client: WooClient | None = None, *, owner: str | None = None,
                 clock: Callable[[], float] = time.time, jitter: Callable[[], float] = random.random,
                 retry_base: float = 5.0, retry_cap: float = 900.0, round_size: int = ROUND_SIZE,
                 idle_seconds: float = 1.0, reference_max_age: float = MAX_AGE_SECONDS) -> None:
        self.settings, self.outbox, self.client, self.woo = settings, outbox, intacct_client, woo_client
        self.ledger = Ledger(outbox)
        self.reference = ReferenceCache(outbox, clock)
        self.categories = (CategoryCache(woo_client, settings.woocommerce.product_cache_seconds)
                           if woo_client is not None else None)
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._clock, self._jitter = clock, jitter
        self._retry = (retry_base, retry_cap)
        self._round_size, self._idle = round_size, idle_seconds
        self._reference_max_age = reference_max_age
        self._reference: ReferenceData | None = None
        self._refreshing: asyncio.Future[ReferenceData] | None = None
        self._lock = asyncio.Lock()
        self._worker_holds_lease = False
        self._progress: Progress | None = None
        self._last_beat = 0.0

    # -- pushing ----------------------------------------------------------------------------------------------

    async def push(self, event_ids: Sequence[int] | None = None, *, progress: Progress | None = None,
                   cancel: asyncio.Event | None = None, actor: str = "cli") -> PushReport:
        """Push approved events whose turn it is (or just ``event_ids``) until none is left to try now."""
        if not self._take_lease():
            raise WorkerBusy("another ml-connector process (serve?) holds the worker lease and pushes itself")
        try:
            async with self._lock:
                if event_ids:
                    self.approve(event_ids, actor, only_waiting=True)
                return await self._push(set(event_ids) if event_ids else None, progress, cancel)
        finally:
            if not self._worker_holds_lease:
                self.outbox.release(LEASE, self.owner)

    async def _push(self, only: set[int] | None, progress: Progress | None,
                    cancel: asyncio.Event | None) -> PushReport:
        report, self._progress = PushReport(), progress
        # the refresh runs beside the first round's preparation (its vendor read-back shares the slots);
        # planning awaits it (reference_ready), so every event is still validated before any write is sent
        self._refreshing = asyncio.ensure_future(self.ensure_reference())
        await asyncio.sleep(0)  # let it send the login before the round's CPU work starts
        try:
            tried: set[int] = set()
            while not (cancel is not None and cancel.is_set()):
                active = self.ledger.active_events()
                chosen = [e for e in pl.select_round(active, iso(utc(self._clock())), only, self._round_size)
                          if e.id not in tried]
                if not chosen:
                    break
                report.rounds += 1
                await Round(self, chosen, report).run()
                tried |= {e.id for e in chosen}
                self.progress(report)
            await self._refreshing  # a push with nothing to send still refreshes, and raises its failure
        finally:
            refreshing, self._refreshing = self._refreshing, None
            refreshing.cancel()  # no-op when done; gathered so a failure nobody awaited is not logged twice
            await asyncio.gather(refreshing, return_exceptions=True)
        report.cancelled = cancel is not None and cancel.is_set()
        return report

    async def reference_ready(self) -> ReferenceData:
        """The reference data, once the refresh this push started (if any) has ended."""
        if self._refreshing is not None:
            return await self._refreshing
        return self.reference_data()

    async def ensure_reference(self, force: bool = False) -> ReferenceData:
        """Refresh the reference data when forced, empty or older than a day; then keep it in memory."""
        if force or self.reference.is_stale(self._reference_max_age):
            counts = await self.reference.refresh(self.client)
            log.info("reference data refreshed: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
            self._reference = None
        if self._reference is None:
            self._reference = self.reference.load()
        return self._reference

    def reference_data(self) -> ReferenceData:
        return self._reference if self._reference is not None else self.reference.load()

    def retry_time(self, attempts: int) -> str:
        return retry_at(attempts, utc(self._clock()), *self._retry, self._jitter)

    def progress(self, report: PushReport) -> None:
        if self._progress is not None:
            self._progress(report)

    # -- the worker -------------------------------------------------------------------------------------------

    async def run_worker(self, stop: asyncio.Event) -> None:
        """Push continually while holding the lease; on standby while another process holds it."""
        ttl = float(self.settings.sync.lease_seconds)
        while not stop.is_set():
            if not self._take_lease():
                await _wait(stop, max(self._idle, ttl / 3))
                continue
            self._worker_holds_lease = True
            try:
                report = await self.push(actor="worker")
                if report.rounds:
                    log.info("push: %s", report.lines()[0])
            except LeaseLost:
                log.warning("the worker lease was taken over; standing by")
                self._worker_holds_lease = False
            except Exception:  # noqa: BLE001 - the worker must outlive any one failure; events keep their state
                log.exception("push round failed; trying again shortly")
            await _wait(stop, self._idle)
        if self._worker_holds_lease:
            self.outbox.release(LEASE, self.owner)
            self._worker_holds_lease = False

    def _take_lease(self) -> bool:
        ok = self.outbox.acquire_lease(LEASE, self.owner, float(self.settings.sync.lease_seconds))
        self._last_beat = time.monotonic()
        return ok

    def heartbeat(self) -> None:
        """Extend the lease (called between waves); raise :class:`LeaseLost` when someone took it over."""
        if time.monotonic() - self._last_beat < self.settings.sync.lease_seconds / 3:
            return
        if not self.outbox.heartbeat(LEASE, self.owner, float(self.settings.sync.lease_seconds)):
            raise LeaseLost("the worker lease is held by another process")
        self._last_beat = time.monotonic()

    # -- operator actions ---------------------------------------------------------------------------------------

    def approve(self, event_ids: Sequence[int], actor: str, *, only_waiting: bool = False) -> list[int]:
        """Approve events awaiting review. For an event the engine flagged (its order holds a difference from
        the store: an open item) approving means: post that difference as correction documents now."""
        commit, done = Commit(), []
        for event in self.ledger.events(event_ids):
            if event.state != AWAITING_REVIEW:
                if only_waiting:
                    continue
                raise NotActionable(f"event {event.id} is {event.state}, not awaiting review")
            if self._flagged(event.id):
                commit.acks.append((event.id, actor))
            commit.moves.append(Move(event.id, (APPROVED,), actor, "approved"))
            done.append(event.id)
        self.ledger.commit(commit)
        return done

    def approve_all(self, search: str | None, actor: str) -> int:
        """Approve every event awaiting review (matching ``search``), however many, except ones the engine
        flagged (their open items need a decision of their own); pages of ids keep memory bounded."""
        approved, before = 0, None
        while page := self.outbox.event_ids(AWAITING_REVIEW, search, before=before, limit=APPROVE_PAGE):
            before = page[-1]
            approved += len(self.approve([i for i in page if not self._flagged(i)], actor, only_waiting=True))
        return approved

    def open_items(self, limit: int = 10_000) -> list[OpenItem]:
        """Orders whose books in Intacct differ from the store, not yet resolved (oldest first)."""
        return self.ledger.open_items(limit=limit)

    def resolve(self, order_id: int, note: str, actor: str) -> OpenItem:
        """Mark an order's open item handled by hand (:func:`core.sync.open_items.resolve_handled`)."""
        return resolve_handled(self.ledger, order_id, note, actor)

    def skip(self, event_id: int, reason: str, actor: str) -> None:
        """Never push this event (recorded with the reason)."""
        (event,) = self.ledger.events([event_id])
        if event.state not in (AWAITING_REVIEW, APPROVED, RETRY, FAILED):
            raise NotActionable(f"event {event_id} is {event.state}; only unposted events can be skipped")
        self.ledger.commit(Commit(moves=[Move(event_id, (SKIPPED,), actor, reason or "skipped")]))

    def retry(self, event_id: int, actor: str) -> None:
        """A failed event goes back to approved and is planned again; a waiting retry is due now."""
        (event,) = self.ledger.events([event_id])
        if event.state == FAILED:
            move = Move(event_id, (APPROVED,), actor, "retry: plan again", {"next_attempt_at": None})
        elif event.state == RETRY:
            move = Move(event_id, (), actor, "retry now", {"next_attempt_at": iso(utc(self._clock()))})
        else:
            raise NotActionable(f"event {event_id} is {event.state}; only failed or retrying events can be retried")
        self.ledger.commit(Commit(moves=[move]))

    async def remap(self, event_id: int) -> Plan:
        """The plan the event would get now (today's settings and reference data); changes nothing."""
        (event,) = self.ledger.events([event_id])
        basis = self.ledger.basis(event.resource, event.resource_id)
        payload = pl.payload_of(event)
        books = posted_orders(self.ledger, [event.resource_id], self.settings.mapping)[event.resource_id] if (
            event.resource == "order") else None
        if is_deletion(event.topic) and basis is not None:
            payload = {**pl.payload_of(basis), "status": "trash"}
        orders = [(event, payload, set(books.refunds))] if books is not None else []
        inputs = await pl.fetch_inputs(self.woo, self.categories, orders)
        vendor_id = pl.vendor_id_of(event, self.settings, payload)
        known = vendor_id in self.ledger.known_vendors([vendor_id])
        return pl.plan_for(event, payload, pl.payload_of(basis) if basis else None, self.settings,
                           self.reference_data(), inputs, known, books,
                           books is not None and self._flagged(event.id))

    async def preview(self, event_id: int) -> tuple[str, list[str]]:
        """The request the event would be sent as (credentials masked) and the problems that block it."""
        plan = await self.remap(event_id)
        functions = [s.function() for s in plan.steps if s.operation != "update-apbill"]
        xml = build_request_xml(self.settings.intacct, functions).decode("utf-8") if functions else ""
        return xml, [str(p) for p in plan.problems] + ([] if plan.steps else list(plan.notes))

    def _flagged(self, event_id: int) -> bool:
        trail = self.outbox.audit_for(event_id)
        last = next((a for a in reversed(trail) if a.get("to_state") == AWAITING_REVIEW), None)
        return last is not None and last.get("actor") == "worker"


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
