"""One round of the worker: plan fresh events, write ahead, send wave by wave, settle, finalize.

The order of commits is the exactly-once argument (docs/sync.md): (1) every write an event needs is stored
with its controlid and XML and the event moves to ``posting`` in one transaction BEFORE anything is sent;
(2) writes are sent; (3) outcomes are recorded. A crash between (1) and (3) leaves ``posting`` events whose
``pending`` writes are read back first and, only when Intacct does not have them, re-sent with the same
controlid — which Intacct refuses if it ran it after all (``uniqueid=true``).

For throughput a round's fresh events go in chunks of ``batch_size × max_concurrent_requests`` (full
requests in every slot): chunk k+1 is planned and written ahead while chunk k is on the wire, and is queued
for a slot once chunk k's vendors are in. The order (1)-(2)-(3) holds for every chunk
(tests/sync/test_chunked_rounds.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Protocol

from core.intacct.client import IntacctClient
from core.intacct.errors import IntacctError
from core.mapping import MappingError, Plan, ReferenceData
from core.mapping.net import PostedOrder, to_json
from core.outbox import EventRecord
from core.outbox.model import APPROVED, AWAITING_REVIEW, FAILED, POSTED, POSTING, RETRY, SKIPPED, is_deletion
from core.settings import Settings
from core.sync import planning as pl
from core.sync.driver import WriteOutcome, send, settle
from core.sync.ledger import Commit, Ledger, Move, NewWrite, OpenItem, WriteRow
from core.sync.posted import posted_orders
from core.sync.readback import existing_vendors, find_documents
from core.sync.report import PushReport
from core.sync.stored import function_xml
from core.woo.products import CategoryCache
from core.woo.rest import WooClient

ACTOR = "worker"
CHUNKS_IN_FLIGHT = 2
"""Chunks sent or queued for a slot at once: one on the wire, the next one's requests waiting for a slot."""


class Round:
    """Carries the chosen events of one round to an outcome (see the module doc)."""

    def __init__(self, engine: RoundHost, events: Sequence[EventRecord], report: PushReport) -> None:
        self.e, self.events, self.report = engine, list(events), report
        self.ledger: Ledger = engine.ledger
        self.commit = Commit()
        self.outcomes: dict[int, WriteOutcome] = {}
        self.vendor_of: dict[int, str] = {}
        self.existing_docs: dict[tuple[str, str, str], str] = {}
        self.payloads: dict[int, dict[str, Any]] = {}
        self.bases: dict[int, EventRecord | None] = {}
        self.inputs = pl.Inputs()
        self.known: set[str] = set()
        self.absent: set[str] = set()
        """VENDORIDs checked this round and not in Intacct (only this round creates them from now on)."""
        self.planned_vendors: set[str] = set()
        """VENDORIDs this round plans to create (across chunks): later orders of the customer do not."""
        self.vendors_done: set[str] = set()
        """VENDORIDs created or confirmed during this round, before the ledger has them."""
        self.posted: dict[int, PostedOrder] = {}
        """Order event id → what Intacct holds for its order (the ledger's done documents)."""
        self.open_items: dict[int, OpenItem] = {}
        """Order id → its open item, as the round found it."""
        self.held: dict[int, str] = {}
        """Event id → the reason its order's residual is held (the event ends awaiting review)."""
        self.planned: set[int] = set()
        """Events planned in this round (for the others, a held residual is looked up in the ledger)."""

    async def run(self) -> None:
        fresh = {e.id for e in self.events if e.state == APPROVED}
        earlier = self.ledger.writes(e.id for e in self.events)
        with_writes = {w.event_id for w in earlier if w.status == "pending"}
        fresh |= {e.id for e in self.events if e.state == RETRY and e.id not in with_writes}
        await self._settle_old([w for w in earlier if w.status == "pending" and w.event_id in fresh])
        for e in self.events:
            if e.id not in fresh and e.state == RETRY:
                self.commit.moves.append(Move(e.id, (POSTING,), ACTOR, "next attempt"))
        planned = [e for e in self.events if e.id in fresh]
        size = max(1, self.e.settings.intacct.batch_size * self.e.settings.intacct.max_concurrent_requests)
        chunks = [[e for e in self.events if e.id not in fresh]]
        chunks += [planned[i : i + size] for i in range(0, len(planned), size)]
        await self._pipeline(chunks, fresh)

    async def _pipeline(self, chunks: list[list[EventRecord]], fresh: set[int]) -> None:
        """Prepare, plan and write ahead chunk k+1 while chunk k is on the wire (see :meth:`_send_chunk`).

        A chunk is ``batch_size × max_concurrent_requests`` events: enough for full requests in every slot.
        Each chunk's write-ahead is committed before it is sent, so the exactly-once order holds per chunk.
        Chunk k+1 starts sending once chunk k's vendor wave has ended (a bill never overtakes a vendor that
        an earlier chunk creates; nothing else crosses chunks: one event per resource per round), so its
        requests queue for a slot while chunk k's last ones are answered and no slot waits on the planner.
        At most :data:`CHUNKS_IN_FLIGHT` chunks are unfinished; each is finalized in order. Chunk 0 holds
        the resumed events.
        """
        pending: list[tuple[asyncio.Task[None], list[EventRecord]]] = []
        vendors_sent: asyncio.Event | None = None
        try:
            for n, chunk in enumerate(chunks):
                if n and await self._prepare(chunk, chunks[n + 1] if n + 1 < len(chunks) else []):
                    await self._plan_chunk(chunk)
                elif not n and chunk:  # resumed writes were validated when planned; still, none leaves before
                    await self.e.reference_ready()  # the refresh this push started, as before
                self.ledger.commit(self.commit)  # the write-ahead: controlids stored before anything is sent
                self.commit = Commit()
                posting = [e for e in self.ledger.events(e.id for e in chunk) if e.state == POSTING]
                writes = [w for w in self.ledger.writes(e.id for e in posting) if w.status == "pending"]
                if vendors_sent is not None:
                    await vendors_sent.wait()
                while len(pending) >= CHUNKS_IN_FLIGHT:
                    await self._finalize_chunk(*pending.pop(0))
                vendors_sent = asyncio.Event()
                task = asyncio.create_task(self._send_chunk(writes, {e.id for e in posting} - fresh, vendors_sent))
                pending.append((task, posting))
                await asyncio.sleep(0)  # let it build its first requests before planning goes on
            while pending:
                await self._finalize_chunk(*pending.pop(0))
        finally:
            for task, _ in pending:  # planning or an earlier chunk failed: stop sending (recovery settles)
                task.cancel()
            await asyncio.gather(*(task for task, _ in pending), return_exceptions=True)

    async def _send_chunk(self, writes: list[WriteRow], resumed: set[int], vendors_sent: asyncio.Event) -> None:
        """Settle the resumed events' writes by reading back, then send the chunk's waves. Only touches
        ``outcomes`` and the report, never the pending :class:`Commit`, so planning can run beside it."""
        try:
            self.outcomes.update(await settle(self.e.client, [w for w in writes if w.event_id in resumed]))
            await self._waves(writes, vendors_sent)
        finally:
            vendors_sent.set()

    async def _finalize_chunk(self, task: asyncio.Task[None], posting: list[EventRecord]) -> None:
        await task
        self._finalize(posting)
        self.ledger.commit(self.commit)
        self.commit = Commit()

    # -- planning -------------------------------------------------------------------------------------------

    async def _settle_old(self, old: list[WriteRow]) -> None:
        """Before re-planning, settle writes an earlier attempt may have sent (the duplicate guard needs it)."""
        if not old:
            return
        for w in old:
            outcome = (await settle(self.e.client, [w]))[w.id] if w.operation.startswith("create-") else None
            done = outcome is not None and outcome.status == "done"
            record_no = outcome.record_no if outcome else None
            self.commit.write_updates.append((w.id, "done" if done else "dropped", record_no, "settled before re-plan"))
        self.ledger.commit(self.commit)
        self.commit = Commit()

    async def _prepare(self, events: list[EventRecord], ahead: list[EventRecord]) -> bool:
        """Everything a chunk's planning reads, fetched once for all its events (payloads, bases, store
        inputs, vendors, the duplicate guard) while the previous chunk is on the wire; False when the
        vendors cannot be checked (the chunk's events → retry). The vendor check also covers the ``ahead``
        chunk: one read for both, and the first one rides beside the reference refresh."""
        if not events:
            return True
        self._parse(events + ahead)
        bases = self.ledger.bases((e.resource, e.resource_id) for e in events)
        self.bases.update({e.id: bases.get((e.resource, e.resource_id)) for e in events})
        self._books([e for e in events if e.resource == "order"])
        orders = [(e, self.payloads[e.id], set(self.posted[e.id].refunds)) for e in events if e.resource == "order"]
        inputs = await pl.fetch_inputs(self.e.woo, self.e.categories, orders)
        self.inputs.products.update(inputs.products)
        self.inputs.refunds.update(inputs.refunds)
        self.inputs.errors.update(inputs.errors)
        self.existing_docs.update(self.ledger.documents_done(
            ("APBILL", o.get("number") or str(o.get("id")), self.vendor_of[e.id]) for e, o, _ in orders))
        try:
            self.known |= await self._known_vendors(events + ahead)
        except IntacctError as exc:
            for e in events:
                self._stop(e, RETRY, f"cannot check vendors in Intacct: {exc}")
            return False
        return True

    def _books(self, orders: list[EventRecord]) -> None:
        """What Intacct holds for each order event's order, its open item, and the payload a trashed order's
        ``{"id": N}`` stands for (its last posted version, status ``trash``)."""
        if not orders:
            return
        ids = {e.resource_id for e in orders}
        books = posted_orders(self.ledger, ids, self.e.settings.mapping)
        self.open_items.update({i.order_id: i for i in self.ledger.open_items(ids)})
        for e in orders:
            self.posted[e.id] = books[e.resource_id]
            basis = self.bases.get(e.id)
            if is_deletion(e.topic) and basis is not None:
                self.payloads[e.id] = {**pl.payload_of(basis), "status": "trash"}
                self.vendor_of[e.id] = pl.vendor_id_of(e, self.e.settings, self.payloads[e.id])

    async def _plan_chunk(self, events: list[EventRecord]) -> None:
        """Plan ``events`` into the pending commit, yielding to the event loop after each one so the chunk
        on the wire is answered and the next request goes out while this one is planned."""
        reference = await self.e.reference_ready()  # validation needs it: nothing is planned before it is in
        for e in events:
            basis = self.bases[e.id]
            if basis is not None and basis.id != e.id and basis.version > e.version and not is_deletion(e.topic):
                self._stop(e, SKIPPED, f"superseded: event {basis.id} (a newer version) is already posted")
            elif e.id in self.inputs.errors:
                self._stop(e, RETRY, self.inputs.errors[e.id])
            else:
                vendor_id = self.vendor_of[e.id]
                known_now = vendor_id in self.known or vendor_id in self.planned_vendors
                await self._plan_one(e, self.payloads[e.id], basis, reference, self.inputs, known_now,
                                     self.planned_vendors)
            await asyncio.sleep(0)

    def _parse(self, events: list[EventRecord]) -> None:
        """Payloads and VENDORIDs of ``events``, each parsed once per round."""
        for e in events:
            if e.id not in self.payloads:
                self.payloads[e.id] = payload = pl.payload_of(e)
                self.vendor_of[e.id] = pl.vendor_id_of(e, self.e.settings, payload)

    async def _known_vendors(self, events: list[EventRecord]) -> set[str]:
        wanted = {self.vendor_of[e.id] for e in events} - {""} - self.known - self.absent - self.planned_vendors
        known = set(self.ledger.known_vendors(wanted))
        missing = wanted - known
        if missing:
            found = await existing_vendors(self.e.client, missing)
            self.commit.vendors.update(found)
            known |= set(found)
            self.absent |= missing - set(found)
        return known

    async def _plan_one(self, e: EventRecord, payload: dict[str, Any], basis: EventRecord | None,
                        reference: ReferenceData, inputs: pl.Inputs, vendor_known: bool, planned_vendors: set[str],
                        ) -> None:
        try:
            plan = pl.plan_for(e, payload, pl.payload_of(basis) if basis else None, self.e.settings,
                               reference, inputs, vendor_known, self.posted.get(e.id))
            if plan.held is not None and self.ledger.acked(e.id):  # an operator approved posting it
                plan = pl.plan_for(e, payload, pl.payload_of(basis) if basis else None, self.e.settings,
                                   reference, inputs, vendor_known, self.posted.get(e.id), True)
        except (MappingError, ValueError, KeyError, TypeError) as exc:
            self._stop(e, FAILED, f"cannot map {e.topic} {e.resource_id}: {exc}")
            return
        except Exception as exc:  # noqa: BLE001 - one poison event fails itself, never the round
            self._stop(e, FAILED, f"cannot plan {e.topic} {e.resource_id}: {type(exc).__name__}: {exc}")
            return
        if plan.blocked:
            self._stop(e, FAILED, "; ".join(str(p) for p in plan.problems))
            return
        self.planned.add(e.id)
        if e.resource == "order":
            self._open_item(e, plan)
        if not plan.steps:
            if plan.held is not None:
                self._rebase(e)
                self._stop(e, AWAITING_REVIEW, plan.held.reason)
            else:
                self._stop(e, POSTED, "nothing to post: " + "; ".join(plan.notes))
            return
        await self._write_ahead(e, plan.steps, planned_vendors)

    def _rebase(self, e: EventRecord) -> None:
        """``e``'s payload is now what Intacct reflects — unless it is a deletion's ``{"id": N}``: the last
        full payload stays the basis (a restored order is compared with it, not with nothing)."""
        if not is_deletion(e.topic):
            self.commit.bases.append((e.resource, e.resource_id, e.id))

    def _open_item(self, e: EventRecord, plan: Plan) -> None:
        """Open (or replace) the order's open item for a held residual, or close it: the correction is
        being posted, or the store is back in line. An older event still awaiting review for the order's
        previous item is superseded by this one."""
        item = self.open_items.get(e.resource_id)
        if item is not None and item.event_id != e.id:
            (old,) = self.ledger.events([item.event_id])
            if old.state == AWAITING_REVIEW:
                self.commit.moves.append(Move(old.id, (SKIPPED,), ACTOR, f"superseded by event {e.id}"))
        if plan.held is not None:
            held = plan.held
            self.held[e.id] = held.reason
            self.commit.items_open.append(OpenItem(e.resource_id, plan.resource_id, e.id, ",".join(held.causes),
                                                   to_json(held.delta), held.reason))
        elif item is not None:
            corrected = any(s.control_id.startswith("correction-") for s in plan.steps)
            self.commit.items_close.append((e.resource_id, "posted" if corrected else "cleared", ACTOR,
                                            f"event {e.id}"))

    async def _write_ahead(self, e: EventRecord, steps: Sequence[pl.PlannedStep], planned: set[str]) -> None:
        writes: list[NewWrite] = []
        vendor_id = self.vendor_of[e.id]
        for seq, step in enumerate(steps):
            w = pl.describe_step(step)
            status, record_no = "pending", None
            if step.operation == "update-apbill":
                record_no = await self._bill_record_no(w.doc_key, vendor_id)
                if record_no is None:
                    self._stop(e, FAILED, f"bill {w.doc_key} of vendor {vendor_id} is not in Intacct; cannot update")
                    return
                step = pl.with_record_no(step, record_no)
            elif step.operation.startswith("create-") and step.operation != "create-vendor":
                record_no = (self.existing_docs.get((w.object, w.doc_key, w.vendor_id)) if w.object == "APBILL"
                             else self.ledger.document_record_no(w.object, w.doc_key, w.vendor_id))
                status = "done" if record_no else "pending"  # the duplicate guard: that document exists
            writes.append(NewWrite(e.id, step.control_id, seq, w.wave, step.operation, w.object, w.doc_key,
                                   w.vendor_id, function_xml(step.function()), status, record_no))
        planned |= {w.doc_key for w in writes if w.operation == "create-vendor"}
        self.commit.new_writes += writes
        self.commit.moves.append(Move(e.id, (POSTING,), ACTOR,
                                      "written ahead", {"control_ids": [w.control_id for w in writes]}))

    async def _bill_record_no(self, number: str, vendor_id: str) -> str | None:
        known = self.ledger.document_record_no("APBILL", number, vendor_id)
        if known:
            return known
        found = await find_documents(self.e.client, "APBILL", [(number, vendor_id)])
        return found.get((number, vendor_id))

    # -- sending --------------------------------------------------------------------------------------------

    async def _waves(self, writes: list[WriteRow], vendors_sent: asyncio.Event | None = None) -> None:
        stopped: set[int] = {w.event_id for w in writes if self.outcomes.get(w.id, _OK).status == "failed"}
        vendors_ok = set(self.ledger.known_vendors(w.vendor_id for w in writes if w.vendor_id)) | self.vendors_done
        for wave in (pl.WAVE_VENDOR, pl.WAVE_BILL, pl.WAVE_REFUND):
            batch: list[WriteRow] = []
            for w in writes:
                if w.wave != wave or w.event_id in stopped or self.outcomes.get(w.id, _OK).status == "done":
                    continue
                if w.object != "VENDOR" and w.vendor_id and w.vendor_id not in vendors_ok:
                    self.outcomes[w.id] = WriteOutcome("transient", detail=f"waiting for vendor {w.vendor_id}")
                    stopped.add(w.event_id)
                    continue
                batch.append(w)
            self.outcomes.update(await send(self.e.client, batch))
            self.report.writes_sent += len(batch)
            for w in writes:
                status = self.outcomes.get(w.id, _OK).status
                if w.wave == wave and status in ("failed", "transient", "unknown"):
                    stopped.add(w.event_id)
                if w.object == "VENDOR" and status == "done":
                    vendors_ok.add(w.doc_key)
                    self.vendors_done.add(w.doc_key)
            if wave == pl.WAVE_VENDOR and vendors_sent is not None:
                vendors_sent.set()
            self.e.heartbeat()
            self.e.progress(self.report)

    # -- outcomes -------------------------------------------------------------------------------------------

    def _finalize(self, posting: list[EventRecord]) -> None:
        by_event: dict[int, list[WriteRow]] = {}
        for w in self.ledger.writes(e.id for e in posting):
            by_event.setdefault(w.event_id, []).append(w)
        for e in posting:
            try:
                self._finish(e, by_event.get(e.id, []))
            except Exception as exc:  # noqa: BLE001 - one event's bad outcome must not stop the others
                self._stop(e, RETRY, f"cannot record the outcome: {type(exc).__name__}: {exc}", path_from=POSTING)

    def _finish(self, e: EventRecord, writes: list[WriteRow]) -> None:
        results = {w.id: self.outcomes.get(w.id) for w in writes}
        for w in writes:
            o = results[w.id]
            if o is not None and w.status == "pending":
                status = {"done": "done", "failed": "failed"}.get(o.status, "pending")
                self.commit.write_updates.append((w.id, status, o.record_no, o.detail))
                if w.object == "VENDOR" and status == "done":
                    self.commit.vendors[w.doc_key] = o.record_no
        state = {w.id: (results[w.id].status if results[w.id] else w.status) for w in writes}  # type: ignore[union-attr]
        failed = [w for w in writes if state[w.id] == "failed"]
        if failed:
            for w in writes:
                if state[w.id] == "pending" and results[w.id] is None:
                    self.commit.write_updates.append((w.id, "dropped", None, "not sent: the event stopped"))
            self._stop(e, FAILED, "; ".join(f"{w.operation} {w.doc_key}: {results[w.id].detail}"  # type: ignore[union-attr]
                                           for w in failed), path_from=POSTING)
        elif writes and all(state[w.id] == "done" for w in writes):
            docs = [results[w.id].record_no if results[w.id] else w.record_no for w in writes]  # type: ignore[union-attr]
            self._rebase(e)
            record_no = next((d for d in reversed(docs) if d), None)
            held = self.held.get(e.id) if e.id in self.planned else self.ledger.held_reason(e.id)
            self._stop(e, AWAITING_REVIEW if held else POSTED, held or "", path_from=POSTING, record_no=record_no)
        else:
            reasons = [results[w.id].detail for w in writes if results[w.id] and state[w.id] != "done"]  # type: ignore[union-attr]
            self._stop(e, RETRY, "; ".join(r for r in reasons if r) or "not finished", path_from=POSTING)

    def _stop(self, e: EventRecord, outcome: str, reason: str, *, path_from: str | None = None,
              record_no: str | None = None) -> None:
        """Move ``e`` to ``outcome`` (through ``posting`` where the state machine needs it) and report it."""
        start = path_from or e.state
        attempts = e.attempts + (1 if start != POSTING else 0)
        if outcome == RETRY and attempts >= self.e.settings.sync.max_attempts:
            outcome, reason = FAILED, f"gave up after {attempts} attempts: {reason}"
        path = _path(start, outcome)
        fields: dict[str, object] = {"last_error": reason if outcome in (FAILED, RETRY, AWAITING_REVIEW) else None}
        if outcome == RETRY:
            fields["next_attempt_at"] = self.e.retry_time(attempts)
        if record_no:
            fields["record_no"] = record_no
        self.commit.moves.append(Move(e.id, path, ACTOR, reason[:500], fields))
        bucket = {POSTED: "posted", FAILED: "failed", RETRY: "retry", AWAITING_REVIEW: "review",
                  SKIPPED: "skipped"}[outcome]
        self.report.note(e.id, bucket, reason if outcome != POSTED else "")


def _path(start: str, outcome: str) -> tuple[str, ...]:
    if outcome in (AWAITING_REVIEW, SKIPPED) and start == APPROVED:
        return (outcome,)
    if start == POSTING:
        return (outcome,)
    if outcome == AWAITING_REVIEW:  # from retry
        return (POSTING, AWAITING_REVIEW)
    if outcome == SKIPPED:
        return (SKIPPED,)
    return (POSTING, outcome)


_OK = WriteOutcome("transient")


class RoundHost(Protocol):
    """What a :class:`Round` needs from the engine (implemented by :class:`core.sync.engine.SyncEngine`)."""

    settings: Settings
    ledger: Ledger
    client: IntacctClient
    woo: WooClient | None
    categories: CategoryCache | None

    def reference_data(self) -> ReferenceData: ...

    async def reference_ready(self) -> ReferenceData: ...

    def retry_time(self, attempts: int) -> str: ...

    def heartbeat(self) -> None: ...

    def progress(self, report: PushReport) -> None: ...
