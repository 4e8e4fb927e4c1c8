"""SVG snapshots of the main screens at a fixed size, with a fixed clock and fixed data.

Regenerate after an intended change with ``pytest tests/console/test_snapshots.py --snapshot-update`` and
look at the SVGs in ``tests/console/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import pytest

from console.screens.detail import DetailScreen
from tests.console.conftest import SIZE, make_app, make_settings
from tests.console.seed import seed_small

FIXED_NOW = "2024-05-02T08:30:00.000000Z"


@pytest.fixture
def frozen(monkeypatch):
    """Every timestamp the outbox and the alert store write, and the request controlid, fixed."""
    for target in ("core.outbox.store.utc_now", "core.outbox.side_tables.utc_now", "core.outbox.db.utc_now",
                   "core.watchdog.alert_store.utc_now", "core.sync.ledger.utc_now"):
        monkeypatch.setattr(target, lambda: FIXED_NOW)
    monkeypatch.setattr("core.intacct.request.new_request_control_id", lambda: "console-snapshot")


@pytest.fixture
def snap_app(db, outbox, frozen, intacct):
    seed_small(outbox)
    return make_app(make_settings(db, intacct.url, woo_url="https://shop.example.com"), outbox)


def test_outbox_screen(snap_compare, snap_app):
    assert snap_compare(snap_app, terminal_size=SIZE)


def test_outbox_screen_fits_80_by_24(snap_compare, snap_app):
    assert snap_compare(snap_app, terminal_size=(80, 24))


def test_detail_screen(snap_compare, snap_app):
    async def open_detail(pilot):
        await pilot.press("down", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, DetailScreen)
        for _ in range(200):
            if screen.preview is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=open_detail)


def test_alerts_screen(snap_compare, snap_app, outbox):
    outbox.record_alert("companion", "webhook_disabled", 12, {"topic": "order.updated", "failure_count": 7})
    outbox.set_webhook_status(12, "disabled", 7)

    async def open_alerts(pilot):
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=open_alerts)


def test_help_screen(snap_compare, snap_app):
    async def open_help(pilot):
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=open_help)


@pytest.fixture
def needs_app(db, outbox, frozen, intacct):
    """The small seed plus order 727 posted then cancelled: one needs-action row (an open item)."""
    from tests.console.test_books import cancelled_after_posting

    seed_small(outbox)
    settings = make_settings(db, intacct.url, woo_url="https://shop.example.com")
    cancelled_after_posting(settings, outbox, db)
    return make_app(settings, outbox)


def test_needs_action_rows(snap_compare, needs_app):
    assert snap_compare(needs_app, terminal_size=SIZE)


def test_needs_action_rows_fit_80_by_24(snap_compare, needs_app):
    assert snap_compare(needs_app, terminal_size=(80, 24))


def test_needs_action_detail_with_the_difference_per_account(snap_compare, needs_app):
    async def open_detail(pilot):
        await pilot.press("2", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, DetailScreen)
        for _ in range(200):
            if screen.preview is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(needs_app, terminal_size=SIZE, run_before=open_detail)


def test_selection_footer_with_totals(snap_compare, snap_app):
    async def select_two(pilot):
        await pilot.press("space", "down", "space")
        await pilot.pause()

    assert snap_compare(snap_app, terminal_size=(80, 24), run_before=select_two)
