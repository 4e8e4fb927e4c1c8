"""A round is planned and sent in chunks of ``batch_size × max_concurrent_requests`` events, chunk k+1 being
planned while chunk k is on the wire (core/sync/rounds.py). These pin what must not change because of it:
write-ahead before every send, and a bill never overtaking the vendor an earlier chunk creates."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from core.intacct.functions import IntacctFunction
from core.intacct.response import FunctionResult
from core.settings import with_overrides
from tests.sync.conftest import bills, event, fixture, vendor_ids


def orders(count: int, customers: int) -> list[dict[str, Any]]:
    base = fixture("order-727.json")
    return [{**base, "id": 5000 + n, "number": str(5000 + n), "customer_id": 1 + n % customers}
            for n in range(count)]


def small_chunks(engine: Any) -> Any:
    """Requests of 2 functions and 2 slots: chunks of 4 events, so 10 orders make 3 chunks."""
    engine.settings = with_overrides(engine.settings, intacct={"batch_size": 2, "max_concurrent_requests": 2})
    engine.client.settings = engine.settings.intacct
    return engine


async def test_bills_in_later_chunks_use_the_vendor_an_earlier_chunk_created(sandbox, outbox, make_engine):
    ids = [outbox.ingest(event(o, "order.created")).event_id for o in orders(10, customers=3)]
    report = await small_chunks(make_engine()).push()
    assert sorted(report.posted) == sorted(ids)
    assert report.retry == [] and report.failed == []
    assert vendor_ids(sandbox) == ["WC-1", "WC-2", "WC-3"]
    assert sorted(str(b["RECORDID"]) for b in bills(sandbox)) == sorted(str(5000 + n) for n in range(10))


async def test_every_function_is_written_ahead_before_its_request_is_sent(sandbox, outbox, make_engine, tmp_path):
    for o in orders(10, customers=3):
        outbox.ingest(event(o, "order.created"))
    engine = small_chunks(make_engine())
    unwritten: list[str] = []
    execute = engine.client.execute

    async def checked(functions: Sequence[IntacctFunction]) -> list[FunctionResult]:
        writes = [f.control_id for f in functions if f.is_write]
        with sqlite3.connect(tmp_path / "outbox.sqlite3") as conn:  # another connection: committed rows only
            stored = {r[0] for r in conn.execute("SELECT control_id FROM sync_writes")}
        unwritten.extend(c for c in writes if c not in stored)
        return await execute(functions)

    engine.client.execute = checked  # type: ignore[method-assign]
    report = await engine.push()
    assert report.writes_sent == 13  # 3 vendors + 10 bills
    assert unwritten == []
