"""Specification: ``ml-connector outbox list`` shows events as a table or JSON lines, never payloads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.outbox import Outbox
from tests.outbox.conftest import order_event

CLI = str(Path(sys.executable).with_name("ml-connector"))
PAYLOAD_MARKER = b"very-private-customer@example.com"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    db = tmp_path / "outbox.sqlite3"
    box = Outbox.open(db)
    for i in (1, 2):
        box.ingest(order_event(order_id=i, payload=b'{"id":1,"email":"' + PAYLOAD_MARKER + b'"}'))
    box.transition(1, "skipped", actor="test")
    box.close()
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\npath = "{db}"\n', encoding="utf-8")
    return path


def run(config: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "--config", str(config), "outbox", "list", *args], capture_output=True, text=True,
                          timeout=30)


def test_table_lists_events_newest_first_without_payloads(config):
    result = run(config)
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and lines[0].split()[:3] == ["id", "state", "topic"]
    assert [line.split()[0] for line in lines[1:]] == ["2", "1"]
    assert PAYLOAD_MARKER.decode() not in result.stdout


def test_json_lines_filtered_by_state(config):
    result = run(config, "--state", "skipped", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["state"], r["resource_id"]) for r in rows] == [(1, "skipped", 1)]
    assert "payload" not in rows[0] and PAYLOAD_MARKER.decode() not in result.stdout


def test_unknown_state_fails_with_one_line(config):
    result = run(config, "--state", "bogus")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "bogus" in result.stderr
