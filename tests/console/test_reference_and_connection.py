"""Pilot tests of the reference data screen's refresh and the connection screen's ping, against the sandboxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from console.screens.connection import ConnectionScreen
from console.screens.reference import ReferenceScreen
from core.outbox import Outbox
from core.sandbox.intacct import IntacctSandbox
from core.sandbox.woo import WooSandbox
from core.secret import Secret
from core.settings import Settings, with_overrides
from core.sync import ReferenceCache
from tests.console.conftest import SIZE, WEBHOOK_SECRET, make_app, make_settings
from tests.console.test_actions import until

TOPICS = ("order.created", "order.updated", "customer.created", "customer.updated")
pytestmark = pytest.mark.timeout(60)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def table_rows(screen) -> list[tuple[str, ...]]:
    table = screen.query_one(DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def sandbox_accounts(intacct: IntacctSandbox) -> set[str]:
    return {str(r["ACCOUNTNO"]) for r in intacct.state.records("GLACCOUNT")}


async def test_refresh_on_the_reference_screen_lists_the_sandbox_gl_accounts(db, outbox, intacct):
    app = make_app(make_settings(db, intacct.url), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, ReferenceScreen) and "never" in text_of(app.screen,
                                                                                                  "#reference-title"))
        assert table_rows(app.screen) == []
        await pilot.press("R")
        await until(pilot, lambda: any(row[0] == "GLACCOUNT" for row in table_rows(app.screen)))
        listed = {row[1] for row in table_rows(app.screen) if row[0] == "GLACCOUNT"}
    assert listed == sandbox_accounts(intacct) and listed


def refresh_times(outbox: Outbox) -> dict[str, float]:
    return {str(row["object"]): float(str(row["refreshed_at"])) for row in ReferenceCache(outbox).summary()}


async def test_refresh_on_the_reference_screen_moves_the_last_refresh_time(db, outbox, intacct):
    app = make_app(make_settings(db, intacct.url), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "R")
        await until(pilot, lambda: "0 min ago" in text_of(app.screen, "#reference-title"))
        first = refresh_times(outbox)
        await pilot.press("R")
        await until(pilot, lambda: refresh_times(outbox) != first)
    assert refresh_times(outbox)["GLACCOUNT"] > first["GLACCOUNT"]


def connected(db: Path, intacct: IntacctSandbox, store: WooSandbox) -> Settings:
    settings = make_settings(db, intacct.url, woo_url=store.url)  # type: ignore[attr-defined]
    for topic in TOPICS:
        store.add_webhook(topic, settings.delivery_url(), WEBHOOK_SECRET, ping=False)
    return settings


async def ping_results(settings: Settings, outbox: Outbox) -> str:
    app = make_app(settings, outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConnectionScreen)
                    and "Intacct" in text_of(app.screen, "#results"), timeout=30)
        return text_of(app.screen, "#results")


async def test_the_connection_screen_shows_every_check_ok_against_both_sandboxes(db, outbox, intacct, store):
    shown = await ping_results(connected(db, intacct, store), outbox)
    lines = [line for line in shown.splitlines() if line.strip()]
    assert len(lines) >= 10 and all(line.startswith("✓ ") for line in lines), shown


async def test_the_connection_screen_fails_the_user_check_naming_intacct_user_password(db, outbox, intacct, store):
    settings = with_overrides(connected(db, intacct, store), intacct={"user_password": Secret("not-the-password")})
    shown = await ping_results(settings, outbox)
    login = next(line for line in shown.splitlines() if "Intacct user login" in line)
    assert login.startswith("✗ ") and "[intacct]" in login and "user_password" in login
    assert "not-the-password" not in shown
