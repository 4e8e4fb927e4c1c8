"""Run an ASGI app with uvicorn on 127.0.0.1 in a background thread (or blocking), on a chosen or free port.

The socket is bound before uvicorn starts, so the URL is known at once and port 0 means "any free
port" without a race.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn

from core.sandbox.listen import listening_socket


def bind(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening socket whose connections send without Nagle delays (see :mod:`core.sandbox.listen`)."""
    sock = listening_socket(host, port)
    sock.listen(128)
    return sock


def _server(app: Any) -> uvicorn.Server:
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    return uvicorn.Server(config)


@contextlib.contextmanager
def serve_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 10.0) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields ``http://host:port``."""
    sock = bind(host, port)
    server = _server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="woo-sandbox-http", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


def serve_blocking(app: Any, sock: socket.socket) -> None:
    """Serve ``app`` on an already bound socket in this thread until interrupted."""
    try:
        _server(app).run(sockets=[sock])
    finally:
        sock.close()
