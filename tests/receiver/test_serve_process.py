"""Specification: ``ml-connector serve`` as a real process — an answered delivery survives ``kill -9``."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.receiver.conftest import PATH, SECRET, order_body, signed_headers

CLI = str(Path(sys.executable).with_name("ml-connector"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def config(tmp_path: Path) -> tuple[Path, Path, int]:
    port, db = free_port(), tmp_path / "data" / "outbox.sqlite3"
    path = tmp_path / "config.toml"
    path.write_text(
        f'[woocommerce]\nwebhook_secret = "{SECRET}"\n[receiver]\nhost = "127.0.0.1"\nport = {port}\n'
        f'[database]\npath = "{db}"\n[sync]\npoll_interval_seconds = 0\nwatchdog_interval_seconds = 0\n',
        encoding="utf-8",
    )
    return path, db, port


def start(config_path: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ML_CONNECTOR_")}
    proc = subprocess.Popen([CLI, "--config", str(config_path), "serve"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 15
    while True:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            assert time.monotonic() < deadline, "serve did not start listening"
            time.sleep(0.05)


def stored_events(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT resource_id, version, payload FROM events").fetchall()


def test_event_answered_200_survives_kill_9_and_restart(config):
    path, db, port = config
    proc = start(path, port)
    body = order_body(order_id=4242)
    try:
        response = httpx.post(f"http://127.0.0.1:{port}{PATH}", content=body, headers=signed_headers(body), timeout=5)
        assert response.status_code == 200
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    again = start(path, port)
    try:
        assert stored_events(db) == [(4242, "2024-05-01T10:00:00", body)]
    finally:
        again.kill()
        again.wait(timeout=10)


def test_sigterm_stops_serve_gracefully_with_status_0(config):
    path, _, port = config
    proc = start(path, port)
    proc.send_signal(signal.SIGTERM)
    try:
        assert proc.wait(timeout=15) == 0
    finally:
        proc.kill()


def test_serve_on_a_port_in_use_fails_with_one_line(config):
    path, _, port = config
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        result = subprocess.run([CLI, "--config", str(path), "serve"], capture_output=True, text=True, timeout=20)
    assert result.returncode != 0 and f"could not listen on 127.0.0.1:{port}" in result.stderr
