"""``ml-connector console --screenshot FILE.svg`` renders the main screen and exits."""

from __future__ import annotations

from core.cli import main
from core.outbox import Outbox
from tests.console.seed import seed_small


def test_screenshot_writes_an_svg_of_the_outbox_and_exits_zero(tmp_path, capsys):
    db = tmp_path / "outbox.sqlite3"
    box = Outbox.open(db)
    seed_small(box)
    box.close()
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{db}"\n[sync]\npoll_interval_seconds = 0\nwatchdog_interval_seconds = 0\n')
    shot = tmp_path / "shot.svg"
    assert main(["--config", str(config), "console", "--screenshot", str(shot)]) == 0
    svg = shot.read_text()
    assert svg.startswith("<svg") and "João" in svg.replace("&#160;", " ")


def test_outbox_approve_show_export_from_the_command_line_name_the_actor(tmp_path, intacct, capsys):
    import csv

    from core.cli import main
    from core.outbox import Outbox
    from tests.console.seed import fixture, order_event
    from tests.sync.test_cli import write_config

    config = write_config(tmp_path, intacct.url)
    box = Outbox.open(tmp_path / "cli.sqlite3")
    first = int(box.ingest(order_event(fixture("order-727.json"), "2030-01-01T00:00:01")).event_id or 0)
    box.close()
    assert main(["--config", config, "outbox", "show", str(first)]) == 0
    shown = capsys.readouterr().out
    assert "bill" in shown and "6000" in shown and "6100" in shown and "10.00" in shown
    assert main(["--config", config, "outbox", "approve", str(first), "--actor", "bob"]) == 0
    assert main(["--config", config, "outbox", "approve", str(first)]) == 1  # no longer waiting
    assert main(["--config", config, "push"]) == 0
    capsys.readouterr()
    assert main(["--config", config, "outbox", "show", str(first), "--xml"]) == 0
    shown = capsys.readouterr().out
    record_no = Outbox.open(tmp_path / "cli.sqlite3").get_event(first).record_no
    assert f"done RECORDNO {record_no}" in shown and "<APBILL>" in shown
    assert main(["--config", config, "outbox", "export", "--csv", str(tmp_path / "out.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert [(r["id"], r["state"], r["number"], r["amount"]) for r in rows] == [(str(first), "posted", "727", "29.35")]
    box = Outbox.open(tmp_path / "cli.sqlite3")
    approved = [a for a in box.audit_for(first) if a.get("to_state") == "approved"]
    box.close()
    assert approved and approved[0]["actor"] == "bob"
