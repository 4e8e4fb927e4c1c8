"""Scheduled reconciles alert once when differences appear and once when they clear (the webhook alerts'
once-only lifecycle); an acknowledged difference stops counting, with its note kept."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from core.alerts.notifier import Notifier
from core.cli import main
from core.outbox import Outbox
from core.reconcile.acks import list_acks
from core.reconcile.task import ALERT_KIND, reconcile_once, reconcile_tasks
from core.watchdog.alert_store import AlertStore


def run_scheduled(world, sink):
    box = Outbox.open(world.settings.database_path(), auto_approve=True)
    try:
        return asyncio.run(reconcile_once(world.settings, box, Notifier([sink.apprise_url]),
                                          today=datetime.now(UTC).date()))
    finally:
        box.close()


def test_new_differences_alert_once_and_their_clearing_once(world, sink):
    a = world.order()
    world.sync()
    assert run_scheduled(world, sink).agrees and sink.messages == []
    world.change_line(str(a), Decimal("4.00"))
    first = run_scheduled(world, sink)
    second = run_scheduled(world, sink)
    assert not first.agrees and not second.agrees
    assert len(sink.messages) == 1 and "Intacct differs from the store (1 differences)" in sink.messages[0]["title"]
    world.change_line(str(a), Decimal("-4.00"))
    assert run_scheduled(world, sink).agrees
    run_scheduled(world, sink)
    assert len(sink.messages) == 2 and sink.messages[1]["title"].startswith("Resolved:")
    box = Outbox.open(world.settings.database_path())
    store = AlertStore.for_outbox(box)
    try:
        assert [x.kind for x in store.recent() if x.kind == ALERT_KIND] == [ALERT_KIND]
        assert store.open_for(ALERT_KIND, "intacct") is None
    finally:
        store.close()
        box.close()


def test_an_acknowledged_difference_stops_counting_and_keeps_its_note(world, capsys):
    a = world.order()
    world.sync()
    world.delete_bill(str(a))
    capsys.readouterr()
    assert main(["--config", str(world.config), "reconcile"]) == 4
    report = capsys.readouterr().out
    ident = report.split("[", 1)[1].split("]", 1)[0]
    assert main(["--config", str(world.config), "reconcile", "--ack", ident]) == 1  # no note
    assert main(["--config", str(world.config), "reconcile", "--ack", "000000000000", "--note", "x"]) == 1
    assert main(["--config", str(world.config), "reconcile", "--ack", ident, "--note", "voided on purpose",
                 "--actor", "ann"]) == 0
    out = capsys.readouterr().out
    assert "acknowledged: voided on purpose (ann" in out and "acknowledged (not counted): 1" in out
    assert main(["--config", str(world.config), "reconcile"]) == 0
    box = Outbox.open(world.settings.database_path())
    try:
        (ack,) = list_acks(box)
        assert (ack.kind, ack.order_number, ack.actor, ack.note) == ("missing", str(a), "ann", "voided on purpose")
    finally:
        box.close()


def test_serve_schedules_the_reconcile_unless_its_interval_is_0(world):
    box = Outbox.open(world.settings.database_path())
    try:
        assert [t.name for t in reconcile_tasks(world.settings, box)] == ["reconcile"]
        off = replace(world.settings, reconcile=replace(world.settings.reconcile, interval_hours=0))
        assert reconcile_tasks(off, box) == []
    finally:
        box.close()
