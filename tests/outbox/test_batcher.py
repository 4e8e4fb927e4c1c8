"""Specification: group commit gives each concurrent caller its own result, as ingest would."""

from __future__ import annotations

import asyncio

from core.outbox import IngestResult
from core.outbox.batcher import IngestBatcher
from tests.outbox.conftest import order_event


async def test_concurrent_ingests_each_get_their_own_result(outbox):
    batcher = IngestBatcher(outbox)
    results = await asyncio.gather(*(batcher.ingest(order_event(order_id=i)) for i in range(50)))
    assert all(r.outcome == "new" for r in results)
    assert sorted(outbox.get_event(r.event_id).resource_id for r in results) == list(range(50))


async def test_duplicates_inside_one_batch_collapse_to_one_event(outbox):
    batcher = IngestBatcher(outbox)
    results = await asyncio.gather(*(batcher.ingest(order_event()) for _ in range(5)))
    assert sorted(r.outcome for r in results) == ["duplicate"] * 4 + ["new"]
    assert len({r.event_id for r in results}) == 1


async def test_batches_are_bounded_in_size(outbox):
    sizes: list[int] = []
    original = outbox.ingest_many

    def spy(events):
        sizes.append(len(events))
        return original(events)

    outbox.ingest_many = spy
    batcher = IngestBatcher(outbox, max_batch=8)
    await asyncio.gather(*(batcher.ingest(order_event(order_id=i)) for i in range(100, 130)))
    assert max(sizes) <= 8 and sum(sizes) == 30


async def test_a_failing_batch_is_retried_one_by_one_so_only_the_bad_event_fails(outbox):
    original_ingest = outbox.ingest

    def ingest_many(events):
        raise RuntimeError("batch failed")

    def ingest(event):
        if event.resource_id == 2:
            raise ValueError("bad event")
        return original_ingest(event)

    outbox.ingest_many, outbox.ingest = ingest_many, ingest
    batcher = IngestBatcher(outbox)
    results = await asyncio.gather(*(batcher.ingest(order_event(order_id=i)) for i in (1, 2, 3)),
                                   return_exceptions=True)
    assert isinstance(results[1], ValueError)
    assert isinstance(results[0], IngestResult) and isinstance(results[2], IngestResult)
