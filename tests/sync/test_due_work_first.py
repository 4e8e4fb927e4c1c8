"""Issue 16 item 5: a new approved event is pushed even behind more waiting retries than a round reads."""

from __future__ import annotations

from core.outbox.model import POSTED, POSTING, RETRY
from core.outbox.store import StateMove
from tests.sync.conftest import bills, event, fixture

LATER = "2999-01-01T00:00:00.000000Z"


async def test_a_new_approved_event_is_pushed_behind_5001_retries_that_are_not_due(sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    waiting = [event({**order, "id": 10_000 + n, "number": str(10_000 + n)}, "order.created") for n in range(5001)]
    ids = [r.event_id for r in outbox.ingest_many(waiting)]
    outbox.transition_many([StateMove(i, (POSTING, RETRY), "test", "waits", {"next_attempt_at": LATER})
                            for i in ids if i is not None])
    fresh = outbox.ingest(event({**order, "id": 1, "number": "1"}, "order.created")).event_id
    report = await make_engine().push()
    assert report.posted == [fresh]
    assert outbox.get_event(fresh).state == POSTED and [b["RECORDID"] for b in bills(sandbox)] == ["1"]


def test_due_work_comes_first_and_only_the_oldest_active_event_of_a_resource(outbox):
    order = fixture("order-727.json")
    old = outbox.ingest(event({**order, "id": 5}, "order.created", "2024-01-01T00:00:00")).event_id
    outbox.transition_many([StateMove(old, (POSTING, RETRY), "test", "", {"next_attempt_at": LATER})])
    newer = outbox.ingest(event({**order, "id": 5, "total": "1.00"}, "order.updated", "2024-01-02T00:00:00")).event_id
    other = outbox.ingest(event({**order, "id": 6}, "order.created")).event_id
    active = outbox.active_events(("approved", "retry", "posting"), 10)
    assert [e.id for e in active] == [other, old] and newer not in [e.id for e in active]
