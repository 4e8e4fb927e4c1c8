"""Issue 16 items 3 and 9: every wait of the receiver has a bound, and ``serve`` never runs half-alive.

Raw sockets to a real uvicorn on 127.0.0.1: a client that never finishes its headers is disconnected, a
body that never finishes is answered 408 (and quarantined), and beyond ``max_connections`` new requests
are answered 503 at once. Each socket read has its own timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx

from core.outbox import Outbox
from core.settings import settings_from_dict
from tests.receiver.conftest import PATH, SECRET, run_service_in_thread

CLI = str(Path(sys.executable).with_name("ml-connector"))


@contextlib.contextmanager
def serving(tmp_path: Path, **receiver: object) -> Iterator[tuple[int, Outbox]]:
    settings = settings_from_dict({
        "woocommerce": {"webhook_secret": SECRET},
        "receiver": {"host": "127.0.0.1", "port": 0, **receiver},
        "database": {"path": str(tmp_path / "outbox.sqlite3")},
    }, env={})
    outbox = Outbox.open(settings.database_path())
    service, thread = run_service_in_thread(settings, outbox)
    try:
        yield int(service.port or 0), outbox
    finally:
        service.stop()
        thread.join(timeout=15)
        outbox.close()


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.settimeout(10)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_a_client_that_never_finishes_its_headers_is_disconnected(tmp_path):
    with serving(tmp_path, header_timeout_seconds=0.5) as (port, _):
        sock = _connect(port)
        sock.sendall(b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        assert _read_all(sock) == b""  # closed by the server; a socket.timeout here means it never was
        sock.close()


def test_a_body_that_never_finishes_is_answered_408_and_quarantined(tmp_path):
    with serving(tmp_path, body_timeout_seconds=0.5) as (port, outbox):
        sock = _connect(port)
        sock.sendall(b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                     b"\r\nContent-Length: 1000\r\n\r\n{\"id\": 1")
        answer = sock.recv(65536)
        sock.close()
        assert answer.startswith(b"HTTP/1.1 408")
        (row,) = outbox.table_rows("quarantine")
        assert row["http_status"] == 408 and row["body"] == b'{"id": 1'


def test_connections_beyond_the_limit_are_answered_503_at_once(tmp_path):
    with serving(tmp_path, max_connections=3, header_timeout_seconds=30) as (port, _):
        held = [_connect(port) for _ in range(3)]
        for sock in held:
            sock.sendall(b"POST " + PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n")
        try:
            response = httpx.post(f"http://127.0.0.1:{port}{PATH}", content=b"webhook_id=1", timeout=10)
            assert response.status_code == 503
        finally:
            for sock in held:
                sock.close()
        # the held ones gone, the receiver answers again
        for _ in range(50):
            response = httpx.post(f"http://127.0.0.1:{port}{PATH}", content=b"webhook_id=1", timeout=10)
            if response.status_code == 200:
                break
        assert response.status_code == 200


def test_serve_on_a_read_only_database_exits_1_naming_the_path(tmp_path):
    db = tmp_path / "outbox.sqlite3"
    Outbox.open(db).close()
    config = tmp_path / "config.toml"
    config.write_text(f'[receiver]\nport = 0\n[database]\npath = "{db}"\n[sync]\npoll_interval_seconds = 0\n'
                      'watchdog_interval_seconds = 0\n', encoding="utf-8")
    as_root = os.geteuid() == 0
    if as_root:  # root writes through file modes; an immutable file is read-only even for root
        subprocess.run(["chattr", "+i", str(db)], check=True)
    else:
        db.chmod(0o444)
    try:
        done = subprocess.run([CLI, "--config", str(config), "serve"], capture_output=True, text=True, timeout=20,
                              env={**os.environ, "ML_CONNECTOR_CONFIG": ""})
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(db)], check=True)
    assert done.returncode == 1, done.stderr
    assert str(db) in done.stderr and "not writable" in done.stderr

