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
