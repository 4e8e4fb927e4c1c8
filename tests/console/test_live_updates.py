"""The outbox table follows the outbox: events that arrive while the console is open appear at the next tick."""

from __future__ import annotations

from console.widgets.outbox_table import OutboxTable
from tests.console.conftest import SIZE, make_app, make_settings
from tests.console.seed import customer_event, fixture, order_event


async def test_events_received_while_the_console_is_open_appear_in_the_review_table(db, outbox):
    outbox.ingest(customer_event(fixture("customer-25.json"), "2024-05-01T09:00:00"))
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE) as pilot:
        table = app.main.query_one(OutboxTable)
        assert table.total == 1
        outbox.ingest(order_event(fixture("order-727.json"), "2024-05-01T10:00:00"))  # the receiver, elsewhere
        app.refresh_status()  # what the header's timer does every few seconds
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.total == 2
        assert {table.row(i).cells["number"] for i in range(2)} == {"25", "727"}


async def test_following_the_outbox_keeps_the_selected_event(db, outbox):
    first = outbox.ingest(customer_event(fixture("customer-25.json"), "2024-05-01T09:00:00")).event_id
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE) as pilot:
        table = app.main.query_one(OutboxTable)
        assert table.selected_key == first
        outbox.ingest(order_event(fixture("order-727.json"), "2024-05-01T10:00:00"))
        table.follow()
        await pilot.pause()
        assert table.total == 2 and table.selected_key is not None
