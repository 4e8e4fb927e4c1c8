"""Issue 16 item 7: the outbox (customers' personal data) and configs (secrets) are private from birth."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from core.cli import main
from core.demo.config import connector_config, write_config
from core.outbox import IncomingEvent, Outbox


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask():
    old = os.umask(0o022)  # the usual umask: what would give 0644 files and 0755 directories
    yield
    os.umask(old)


def test_the_outbox_database_and_its_wal_and_shm_are_0600_in_a_0700_directory(tmp_path):
    path = tmp_path / "new" / "data" / "outbox.sqlite3"
    box = Outbox.open(path)
    box.ingest(IncomingEvent("webhook", "order.created", "order", 1, "2024-01-01T00:00:00", b"{}"))
    try:
        for name in ("outbox.sqlite3", "outbox.sqlite3-wal", "outbox.sqlite3-shm"):
            assert mode(path.with_name(name)) == 0o600, name
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    finally:
        box.close()


def test_an_existing_world_readable_outbox_is_tightened_when_opened(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    Outbox.open(path).close()
    path.chmod(0o644)
    Outbox.open(path).close()
    assert mode(path) == 0o600


def test_init_writes_the_config_0600_from_the_start(tmp_path, monkeypatch):
    created: list[int] = []
    real_open = os.open

    def watching_open(file, flags, mode=0o777, *args, **kwargs):
        if str(file).startswith(str(tmp_path)) and flags & os.O_CREAT:
            created.append(mode)
        return real_open(file, flags, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", watching_open)
    path = tmp_path / "conf" / "config.toml"
    assert main(["--config", str(path), "init"]) == 0
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert created and all(m == 0o600 for m in created)  # never created wider, then narrowed


def test_sandbox_and_demo_configs_with_secrets_are_0600(tmp_path):
    path = write_config(tmp_path / "kept" / "config.toml", connector_config("http://127.0.0.1:1", "http://127.0.0.1:2"))
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
