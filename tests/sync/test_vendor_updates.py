"""Specification: a customer's later changes reach the vendor that an earlier event created."""

from __future__ import annotations

from tests.sync.conftest import event, fixture


def _vendor(sandbox, vendor_id: str) -> dict:
    (found,) = [v for v in sandbox.state.records("VENDOR") if v["VENDORID"] == vendor_id]
    return found


async def test_customer_update_after_the_vendor_exists_changes_the_vendor(sandbox, outbox, make_engine):
    customer = fixture("customer-25.json")
    outbox.ingest(event(customer, "customer.created", version="2024-01-01T00:00:00"))
    engine = make_engine()
    await engine.push()
    moved = {**customer, "billing": {**customer["billing"], "city": "Oakland"}}
    updated = outbox.ingest(event(moved, "customer.updated", version="2024-01-02T00:00:00")).event_id
    report = await engine.push()
    assert report.posted == [updated] and report.writes_sent == 1
    assert _vendor(sandbox, "WC-25")["DISPLAYCONTACT"]["MAILADDRESS"]["CITY"] == "Oakland"
