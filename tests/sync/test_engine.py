"""Specification of the sync engine against the Intacct sandbox over 127.0.0.1."""

from __future__ import annotations

from core.outbox.model import AWAITING_REVIEW, FAILED, POSTED, RETRY
from core.settings import with_overrides
from core.sync import SyncEngine
from tests.sync.conftest import bills, event, fixture, vendor_ids


async def primed(engine: SyncEngine) -> SyncEngine:
    """Reference data cached and a session open, so the next request is the first write."""
    await engine.ensure_reference()
    await engine.client.sessions.get()
    return engine


async def test_customer_becomes_one_vendor(sandbox, outbox, make_engine):
    ingested = outbox.ingest(event(fixture("customer-25.json"), "customer.created"))
    report = await make_engine().push()
    assert report.posted == [ingested.event_id]
    assert vendor_ids(sandbox) == ["WC-25"]
    assert outbox.get_event(ingested.event_id).record_no


async def test_guest_order_creates_its_vendor_and_one_bill_totalling_the_order(sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    ingested = outbox.ingest(event(order, "order.created"))
    report = await make_engine().push()
    assert report.posted == [ingested.event_id]
    (bill,) = bills(sandbox)
    assert bill["RECORDID"] == "727"
    assert bill["TOTALENTERED"] == order["total"]
    assert len(vendor_ids(sandbox)) == 1


async def test_duplicate_webhook_versions_make_one_bill(sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    outbox.ingest(event(order, "order.created"))
    outbox.ingest(event(order, "order.updated"))
    engine = make_engine()
    await engine.push()
    await engine.push()
    assert len(bills(sandbox)) == 1


async def test_customer_is_pushed_before_its_order_in_the_same_push(sandbox, outbox, make_engine):
    order = fixture("order-723-with-refunds.json")
    order_event = outbox.ingest(event(order, "order.created")).event_id
    customer = {**fixture("customer-25.json"), "id": order["customer_id"]}
    customer_event = outbox.ingest(event(customer, "customer.created")).event_id
    report = await make_engine().push()
    assert sorted(report.posted) == sorted([order_event, customer_event])
    assert report.rounds == 2
    trail = [a["event_id"] for a in outbox.table_rows("audit", limit=1000)[::-1] if a["to_state"] == POSTED]
    assert trail.index(customer_event) < trail.index(order_event)


async def test_each_refund_becomes_one_adjustment_once(sandbox, outbox, make_engine):
    order = fixture("order-723-with-refunds.json")
    outbox.ingest(event(order, "order.created"))
    engine = make_engine()
    await engine.push()
    outbox.ingest(event(order, "order.updated", version="2099-01-01T00:00:00"))
    await engine.push()
    adjustments = sandbox.state.records("APADJUSTMENT")
    assert sorted(a["RECORDID"] for a in adjustments) == ["723-R724", "723-R726"]
    assert len(bills(sandbox)) == 1


async def test_lost_response_is_settled_by_read_back_without_a_second_bill(sandbox, outbox, make_engine):
    ingested = outbox.ingest(event(fixture("order-727.json"), "order.created")).event_id
    engine = await primed(make_engine())
    sandbox.faults.lose_next(1)
    report = await engine.push()
    assert report.posted == [ingested]
    assert len(bills(sandbox)) == 1


async def test_524_is_settled_by_read_back_without_a_second_write(sandbox, outbox, make_engine):
    ingested = outbox.ingest(event(fixture("customer-25.json"), "customer.created")).event_id
    engine = await primed(make_engine())
    sandbox.faults.fail_next(1, status=524)
    report = await engine.push()
    assert report.posted == [ingested]
    assert vendor_ids(sandbox) == ["WC-25"]


async def test_transient_failure_moves_the_event_to_retry_with_a_next_attempt_time(sandbox, outbox, make_engine):
    ingested = outbox.ingest(event(fixture("customer-25.json"), "customer.created")).event_id
    engine = await primed(make_engine())
    sandbox.faults.fail_next(10, status=502)
    report = await engine.push()
    assert report.retry == [ingested]
    stored = outbox.get_event(ingested)
    assert stored.state == RETRY and stored.next_attempt_at
    sandbox.faults.reset()
    assert (await engine.push()).posted == [ingested]
    assert vendor_ids(sandbox) == ["WC-25"]


async def test_unknown_account_fails_the_event_before_any_call(sandbox, outbox, make_engine):
    ingested = outbox.ingest(event(fixture("order-727.json"), "order.created")).event_id
    engine = make_engine()
    engine.settings = with_overrides(engine.settings, mapping={"default_account": "9999"})
    report = await engine.push()
    assert report.failed == [ingested]
    assert "9999" in (outbox.get_event(ingested).last_error or "")
    assert bills(sandbox) == [] and vendor_ids(sandbox) == []


async def test_business_error_fails_only_that_event_with_intaccts_words(sandbox, outbox, make_engine):
    ok = outbox.ingest(event(fixture("customer-25.json"), "customer.created")).event_id
    bad = outbox.ingest(event(fixture("order-727.json"), "order.created")).event_id
    engine = make_engine()
    await engine.ensure_reference()
    with sandbox.runtime.lock:  # the account vanished from Intacct after the cache was read
        table = sandbox.runtime.company.store.table("GLACCOUNT")
        for key, record in list(table.items()):
            if record["ACCOUNTNO"] == "6000":
                del table[key]
    report = await engine.push()
    assert report.posted == [ok] and report.failed == [bad]
    assert "6000" in (outbox.get_event(bad).last_error or "")
    assert outbox.get_event(bad).state == FAILED


async def test_crash_after_write_ahead_is_recovered_without_duplicates(sandbox, outbox, make_engine):
    ingested = outbox.ingest(event(fixture("order-727.json"), "order.created")).event_id
    engine = await primed(make_engine())
    sandbox.faults.lose_next(5)  # every answer of this push is lost: the state stays "posting"-like
    await engine.push()
    sandbox.faults.reset()
    report = await make_engine().push()
    assert ingested in report.posted or outbox.get_event(ingested).state == POSTED
    assert len(bills(sandbox)) == 1 and len(vendor_ids(sandbox)) == 1


async def test_review_mode_holds_events_until_approved(sandbox, tmp_path, make_engine):
    from core.outbox import Outbox

    box = Outbox.open(tmp_path / "review.sqlite3", auto_approve=False)
    try:
        ingested = box.ingest(event(fixture("customer-25.json"), "customer.created")).event_id
        engine = make_engine(box)
        assert (await engine.push()).posted == []
        assert box.get_event(ingested).state == AWAITING_REVIEW
        engine.approve([ingested], actor="operator")
        assert (await engine.push()).posted == [ingested]
        actors = {a["actor"] for a in box.audit_for(ingested)}
        assert {"operator", "worker"} <= actors
    finally:
        box.close()
