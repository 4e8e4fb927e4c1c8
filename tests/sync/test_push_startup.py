"""What a push does before and between its writes: the reference lists are read in one request beside the
vendor check, nothing is written before they are in, and a backlog larger than a chunk is one round."""

from __future__ import annotations

from typing import Any

from tests.sync.conftest import event, fixture
from tests.sync.test_chunked_rounds import orders, small_chunks


def _functions(body: str) -> list[str]:
    """The function kinds of one logged request, e.g. ``["query", "query"]`` or ``["create"]``."""
    kinds = []
    for part in body.split("<function ")[1:]:
        inner = part.split(">", 1)[1]
        kinds.append(inner[1:].split(">", 1)[0].split(" ", 1)[0].rstrip("/"))
    return kinds


def _reference_requests(log: list[str]) -> list[str]:
    return [body for body in log if "controlid=\"reference-" in body]


async def test_the_reference_lists_are_read_in_one_request(sandbox, outbox, make_engine):
    await make_engine().ensure_reference(force=True)
    (request,) = _reference_requests(list(sandbox.state.requests))
    assert _functions(request) == ["query"] * 5


async def test_no_write_is_sent_before_the_reference_lists_are_in(sandbox, outbox, make_engine):
    for o in orders(10, customers=3):
        outbox.ingest(event(o, "order.created"))
    await small_chunks(make_engine()).push()
    log = list(sandbox.state.requests)
    first_write = next(n for n, body in enumerate(log) if "<create>" in body)
    reference = [log.index(body) for body in _reference_requests(log)]
    assert reference and max(reference) < first_write


async def test_a_reference_failure_fails_the_push_before_any_write(sandbox, outbox, make_engine):
    outbox.ingest(event(fixture("order-727.json"), "order.created"))
    engine = make_engine()

    async def broken(*_: Any) -> Any:
        raise RuntimeError("reference lists unreadable")

    engine.reference.refresh = broken  # type: ignore[method-assign]
    try:
        await engine.push()
    except RuntimeError as exc:
        assert "unreadable" in str(exc)
    else:
        raise AssertionError("the push went on without its reference data")
    assert not any("<create>" in body for body in sandbox.state.requests)
    assert [e.state for e in outbox.list_events()] == ["approved"]


async def test_a_backlog_of_many_chunks_is_pushed_in_one_round(sandbox, outbox, make_engine):
    ids = [outbox.ingest(event(o, "order.created")).event_id for o in orders(30, customers=4)]
    report = await small_chunks(make_engine()).push()
    assert sorted(report.posted) == sorted(ids)
    assert report.rounds == 1


async def test_one_vendor_check_covers_a_chunk_and_the_next(sandbox, outbox, make_engine):
    for o in orders(10, customers=8):  # chunks of 4: customers 1-4, then 5-8, then 1-2 again
        outbox.ingest(event(o, "order.created"))
    report = await small_chunks(make_engine()).push()
    assert len(report.posted) == 10
    checks = [body for body in sandbox.state.requests if 'controlid="readback-vendor' in body]
    assert len(checks) == 1
