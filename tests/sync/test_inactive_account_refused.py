"""A line on an inactive GL account or dimension stops its event before anything is sent to Intacct.

The sandbox company holds account 6900 "Discontinued Expenses" with STATUS inactive (core/sandbox/intacct/
seed.toml), which Intacct refuses on a line. Before: the reference check saw only that 6900 exists, so the
vendor was created, the bill was sent and came back "Invalid GL Account '6900' specified."
"""

from __future__ import annotations

from core.settings import with_overrides
from tests.sync.conftest import bills, event, fixture, vendor_ids


async def test_order_booked_to_an_inactive_account_fails_before_posting_naming_the_account(
        sandbox, outbox, make_engine):
    ingested = outbox.ingest(event(fixture("order-727.json"), "order.created")).event_id
    engine = make_engine()
    engine.settings = with_overrides(engine.settings, mapping={"shipping_account": "6900"})
    report = await engine.push()
    assert report.failed == [ingested]
    error = outbox.get_event(ingested).last_error or ""
    assert "GL account 6900 is inactive" in error
    assert bills(sandbox) == [] and vendor_ids(sandbox) == []  # nothing at all was written


async def test_order_with_an_inactive_location_fails_before_posting_naming_the_location(
        sandbox, outbox, make_engine):
    with sandbox.runtime.lock:  # a location the company has closed
        sandbox.runtime.company.store.insert("LOCATION", {"LOCATIONID": "190", "NAME": "Closed store",
                                                          "STATUS": "inactive"})
    ingested = outbox.ingest(event(fixture("order-727.json"), "order.created")).event_id
    engine = make_engine()
    engine.settings = with_overrides(engine.settings, mapping={"dimensions": {"LOCATIONID": "190"}})
    report = await engine.push()
    assert report.failed == [ingested]
    assert "LOCATIONID 190 is inactive" in (outbox.get_event(ingested).last_error or "")
    assert bills(sandbox) == [] and vendor_ids(sandbox) == []
