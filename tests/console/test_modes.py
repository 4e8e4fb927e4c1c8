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
