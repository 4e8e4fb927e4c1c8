"""Attached (a serve holds the worker lease on this database) vs standalone, shown in the header."""

from __future__ import annotations

from console.status import ATTACHED, STANDALONE
from console.widgets.status_bar import StatusBar
from tests.console.conftest import SIZE, make_app, make_settings


async def test_console_is_attached_when_serve_holds_the_worker_lease(db, outbox):
    outbox.acquire_lease("sync-worker", "serve-on-this-host", 60)
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE):
        assert app.mode == ATTACHED
        assert app.background is None
        assert "ATTACHED" in str(app.main.query_one(StatusBar).render())


async def test_console_is_standalone_without_serve(db, outbox):
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE):
        assert app.mode == STANDALONE
        assert "STANDALONE" in str(app.main.query_one(StatusBar).render())


async def test_banner_shows_while_a_webhook_of_ours_is_disabled(db, outbox):
    outbox.record_alert("companion", "webhook_disabled", 12, {"topic": "order.updated"})
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE):
        banner = app.main.query_one("#banner")
        assert banner.display
        assert "webhook 12" in str(banner.render())


async def test_standalone_console_runs_the_worker_itself_and_still_pushes_now(db, outbox, intacct):
    from console.app import ConsoleApp
    from tests.console.seed import seed_small

    ids = seed_small(outbox)
    settings = make_settings(db, intacct.url)
    app = ConsoleApp(settings, outbox, background=True, status_every=0, probe=lambda host, port: False)
    async with app.run_test(size=SIZE) as pilot:
        assert app.mode == STANDALONE and app.background is not None
        for _ in range(100):  # the console's worker takes the lease under the console's own engine
            if live_leases(db):
                break
            await pilot.pause(0.05)
        outbox.transition(ids["customer"], "approved", actor="test")
        outbox.transition(ids["order727"], "approved", actor="test")
        await pilot.press("p", "y")
        for _ in range(300):
            if outbox.get_event(ids["order727"]).state == "posted":
                break
            await pilot.pause(0.05)
    assert outbox.get_event(ids["order727"]).state == "posted"
    assert "727" in [b.get("RECORDID") for b in intacct.state.records("APBILL")]


def live_leases(db):
    import time

    from core.outbox.paging import EventPager

    pager = EventPager(db)
    try:
        return pager.live_leases(time.time())
    finally:
        pager.close()
