"""The poller: durable watermark with overlap, shared dedup with webhooks, customers without a date filter."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC

import pytest

from core.outbox import IncomingEvent, Outbox
from core.woo.errors import WooRetryExhausted
from core.woo.poller import CUSTOMERS_MAX_ID_CURSOR, ORDERS_CURSOR, Poller
from tests.woo_rest.fakestore import FakeStore, gmt, minutes
from tests.woo_rest.support import asgi_client, full_settings


@pytest.fixture
def outbox(tmp_path):
    box = Outbox.open(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


def _now(n: float):
    return lambda: minutes(n).replace(tzinfo=UTC)


def _poller(store: FakeStore, outbox: Outbox, now: float = 60, overlap: int = 300) -> Poller:
    return Poller(full_settings(overlap=overlap), outbox, asgi_client(store.app()), clock=_now(now))


def _events(outbox: Outbox, resource: str) -> list[tuple[int, str, str]]:
    rows = outbox.list_events(limit=1000, offset=0)
    return sorted((e.resource_id, e.version, e.source) for e in rows if e.resource == resource)


async def test_first_pass_enqueues_each_changed_order_as_a_poll_event_with_its_modified_date_as_version(outbox):
    store = FakeStore()
    for i in range(1, 251):
        store.add_order(i, minutes(i / 10))
    report = await _poller(store, outbox).run_once()
    assert report.counts["order"]["new"] == 250 and report.pages >= 3
    events = _events(outbox, "order")
    assert events[0] == (1, gmt(minutes(0.1)), "poll") and len(events) == 250
    first = outbox.get_event(outbox.list_events(limit=1, offset=0)[0].id)
    assert json.loads(first.payload)["id"] == first.resource_id


async def test_the_watermark_is_the_newest_modified_date_read(outbox):
    store = FakeStore()
    store.add_order(1, minutes(5))
    store.add_order(2, minutes(9))
    await _poller(store, outbox).run_once()
    assert outbox.get_cursor(ORDERS_CURSOR) == gmt(minutes(9))


async def test_the_next_pass_rereads_the_overlap_window_and_finds_only_duplicates_there(outbox):
    store = FakeStore()
    store.add_order(1, minutes(5))
    store.add_order(2, minutes(9))
    await _poller(store, outbox).run_once()
    store.add_order(3, minutes(20))
    report = await _poller(store, outbox, now=30, overlap=300).run_once()
    assert (report.counts["order"]["new"], report.counts["order"]["duplicate"]) == (1, 2)
    assert any("modified_after=2024-05-01T12%3A04%3A00" in r for r in store.requests)  # 12:09 - 300 s


async def test_an_order_changed_again_is_a_new_event_with_the_new_version(outbox):
    store = FakeStore()
    store.add_order(1, minutes(5))
    await _poller(store, outbox).run_once()
    store.touch_order(1, minutes(15))
    report = await _poller(store, outbox, now=20).run_once()
    assert report.counts["order"]["new"] == 1
    assert [v for _, v, _ in _events(outbox, "order")] == [gmt(minutes(5)), gmt(minutes(15))]


async def test_a_webhook_then_a_poll_of_the_same_version_make_one_event(outbox):
    store = FakeStore()
    store.add_order(1, minutes(5))
    outbox.ingest(IncomingEvent(source="webhook", topic="order.updated", resource="order", resource_id=1,
                                version=gmt(minutes(5)), payload=json.dumps(store.orders[1]).encode(),
                                delivery_id="abc"))
    report = await _poller(store, outbox).run_once()
    assert report.counts["order"]["duplicate"] == 1
    assert _events(outbox, "order") == [(1, gmt(minutes(5)), "webhook")]


async def test_a_failing_page_leaves_the_watermark_at_the_last_committed_page(outbox):
    store = FakeStore()
    for i in range(1, 151):
        store.add_order(i, minutes(i / 10))
    store.fail_page = 2
    with pytest.raises(WooRetryExhausted):
        await _poller(store, outbox).run_once()
    assert outbox.get_cursor(ORDERS_CURSOR) == gmt(minutes(10))  # order 100, the end of page 1


async def test_since_after_the_watermark_reads_from_since_but_does_not_jump_the_watermark(outbox):
    from datetime import datetime

    store = FakeStore()
    store.add_order(1, minutes(5))
    await _poller(store, outbox).run_once()
    store.add_order(2, minutes(30))
    store.add_order(3, minutes(50))
    report = await _poller(store, outbox, now=60).run_once(since=datetime(2024, 5, 1, 12, 40))
    assert report.counts["order"]["new"] == 1
    assert outbox.get_cursor(ORDERS_CURSOR) == gmt(minutes(5))


async def test_backfill_reads_a_closed_window_as_backfill_events_and_leaves_the_watermark(outbox):
    store = FakeStore()
    for i in range(1, 6):
        store.add_order(i, minutes(i * 10))
    report = await _poller(store, outbox).backfill(minutes(15).replace(tzinfo=UTC), minutes(45).replace(tzinfo=UTC))
    assert [(i, s) for i, _, s in _events(outbox, "order")] == [(2, "backfill"), (3, "backfill"), (4, "backfill")]
    assert report.counts["order"]["new"] == 3 and outbox.get_cursor(ORDERS_CURSOR) is None


async def test_customers_referenced_by_polled_orders_are_enqueued(outbox):
    store = FakeStore()
    store.add_customer(7, minutes(-10_000))  # old profile, outside every window
    store.add_order(1, minutes(5), customer_id=7)
    store.add_order(2, minutes(6), customer_id=0)  # guest: no customer record
    await _poller(store, outbox).run_once()
    assert [c for c, _, _ in _events(outbox, "customer")] == [7]


async def test_new_customers_are_found_newest_first_and_the_scan_stops_at_known_ids(outbox):
    store = FakeStore()
    for cid in range(1, 301):
        store.add_customer(cid, minutes(-10_000))
    await _poller(store, outbox).run_once()  # first pass: a full sweep, remembers the highest id
    assert outbox.get_cursor(CUSTOMERS_MAX_ID_CURSOR) == "300"
    store.add_customer(301, minutes(62))
    store.requests.clear()
    report = await _poller(store, outbox, now=65).run_once()
    assert report.counts["customer"]["new"] == 1
    customer_reads = [r for r in store.requests if "/customers" in r]
    assert len(customer_reads) == 1 and "order=desc" in customer_reads[0]


async def test_the_daily_sweep_finds_a_profile_edit_no_webhook_reported(outbox):
    store = FakeStore()
    store.add_customer(1, minutes(-5000))
    store.add_customer(2, minutes(-5000))
    await _poller(store, outbox).run_once()
    store.customers[1]["date_modified_gmt"] = gmt(minutes(100))
    report = await _poller(store, outbox, now=60 + 24 * 60).run_once()
    assert report.counts["customer"]["new"] == 1
    assert _events(outbox, "customer")[-1][:2] == (1, gmt(minutes(100)))


async def test_run_forever_polls_until_stopped(outbox):
    store = FakeStore()
    store.add_order(1, minutes(5))
    poller, stop = _poller(store, outbox), asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stop, interval=0.05))
    await asyncio.sleep(0.2)
    stop.set()
    await asyncio.wait_for(task, timeout=2)
    assert sum("/orders" in r for r in store.requests) >= 2


async def test_an_interval_of_zero_disables_the_scheduled_poll(outbox):
    store = FakeStore()
    await asyncio.wait_for(_poller(store, outbox).run_forever(asyncio.Event(), interval=0), timeout=1)
    assert store.requests == []


async def test_an_order_modified_mid_scan_does_not_make_the_next_order_slip_between_pages(outbox):
    store = FakeStore()
    for i in range(1, 151):
        store.add_order(i, minutes(i / 10))
    store.after_page[1] = lambda: store.touch_order(5, minutes(30))  # order 5 leaves page 1 for the end
    report = await _poller(store, outbox).run_once()
    assert report.rescans == 1
    assert {i for i, _, _ in _events(outbox, "order")} == set(range(1, 151))  # order 101 was not skipped


async def test_a_failed_pass_is_logged_and_the_schedule_keeps_going(outbox, caplog):
    store = FakeStore()
    store.add_order(1, minutes(5))
    store.fail_page = 1
    poller, stop = _poller(store, outbox), asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stop, interval=0.05))
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.wait_for(task, timeout=2)
    assert sum("poll failed" in r.getMessage() for r in caplog.records) >= 2


async def test_a_trashed_order_is_read_too_although_status_any_leaves_it_out(outbox):
    store = FakeStore()
    store.add_order(1, minutes(5))
    store.add_order(2, minutes(6))
    store.orders[2]["status"] = "trash"  # its order.deleted webhook never arrived
    await _poller(store, outbox).run_once()
    assert [(rid, json.loads(outbox.get_event(e.id).payload)["status"]) for e in outbox.list_events(limit=10)
            for rid in [e.resource_id]] == [(2, "trash"), (1, "processing")]
