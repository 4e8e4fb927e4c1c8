"""``IntacctSandbox``: build the emulated gateway, run it on 127.0.0.1, inspect it and inject faults."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from core.sandbox.intacct.asgi import GATEWAY_PATH, build_app
from core.sandbox.intacct.company import Company, Credentials
from core.sandbox.intacct.faults import Faults
from core.sandbox.intacct.gateway import Gateway
from core.sandbox.intacct.runtime import Runtime
from core.sandbox.intacct.schema import RequestValidator, resolve_schema_path
from core.sandbox.intacct.sessions import SessionTable
from core.sandbox.intacct.store import Record, RecordStore, read_seed
from core.sandbox.listen import listening_socket
from core.secret import Secret

_DEFAULTS = Credentials()


def _plain(value: str | Secret) -> str:
    return value.reveal() if isinstance(value, Secret) else value


class SandboxState:
    """Read-only views for tests and the demo; every read is a consistent copy taken under the lock."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def records(self, obj: str) -> list[Record]:
        """Copies of the records of ``obj`` (VENDOR, CONTACT, APBILL, APADJUSTMENT, GLACCOUNT, …)."""
        return self._runtime.records(obj.upper())

    @property
    def login_count(self) -> int:
        """Successful ``<login>`` authentications so far."""
        return self._runtime.stats()["logins"]

    @property
    def request_count(self) -> int:
        """Gateway POSTs received so far, faulted ones included."""
        return self._runtime.stats()["requests"]

    @property
    def requests(self) -> list[str]:
        """The request bodies received (last 1000), passwords and session ids masked."""
        with self._runtime.lock:
            return list(self._runtime.requests)

    @property
    def max_in_flight(self) -> int:
        """The most gateway requests that were being handled at the same moment."""
        return self._runtime.stats()["max_in_flight"]

    @property
    def session_count(self) -> int:
        """Sessions that have not expired."""
        return self._runtime.stats()["sessions"]


class IntacctSandbox:
    """An emulated Sage Intacct XML gateway with one company (see the package docstring for usage)."""

    def __init__(
        self,
        *,
        sender_id: str = _DEFAULTS.sender_id,
        sender_password: str | Secret = _DEFAULTS.sender_password,
        company_id: str = _DEFAULTS.company_id,
        user_id: str = _DEFAULTS.user_id,
        user_password: str | Secret = _DEFAULTS.user_password,
        schema_path: str | Path | None = None,
        session_seconds: float = 3600.0,
        seed: str | Path | None = None,
        inspection: bool = False,
        clock: Callable[[], float] = time.time,
        log_level: str = "warning",
    ) -> None:
        credentials = Credentials(sender_id, _plain(sender_password), company_id, user_id, _plain(user_password))
        store = RecordStore()
        store.load_seed(read_seed(seed))
        company = Company(credentials, store, SessionTable(session_seconds, clock), clock)
        self.faults = Faults()
        self.runtime = Runtime(company, Gateway(company, RequestValidator(resolve_schema_path(schema_path))),
                               self.faults)
        self.state = SandboxState(self.runtime)
        self.app = build_app(self.runtime, inspection)
        self.log_level = log_level
        self.url = ""
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._sock: socket.socket | None = None

    def expire_all_sessions(self) -> int:
        """Make every session stale now (the next session request gets "Invalid session")."""
        with self.runtime.lock:
            return self.runtime.company.sessions.expire_all()

    def _bind(self, host: str, port: int) -> tuple[uvicorn.Server, socket.socket]:
        sock = listening_socket(host, port)
        bound_host, bound_port = sock.getsockname()[:2]
        self.url = self.runtime.endpoint = f"http://{bound_host}:{bound_port}{GATEWAY_PATH}"
        config = uvicorn.Config(self.app, log_level=self.log_level, lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        return self._server, sock

    @contextmanager
    def run_in_thread(self, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0) -> Iterator[str]:
        """Serve in a daemon thread (port 0: a free port) and yield the gateway URL; stop on exit."""
        server, sock = self._bind(host, port)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                                  name="intacct-sandbox")
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the Intacct sandbox did not start")
            time.sleep(0.01)
        try:
            yield self.url
        finally:
            server.should_exit = True
            thread.join(timeout)
            sock.close()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve as a task of the running event loop; returns the gateway URL. Pair with :meth:`stop`."""
        server, sock = self._bind(host, port)
        task = self._task = asyncio.create_task(server.serve(sockets=[sock]))
        self._sock = sock
        while not server.started:
            if task.done():
                raise RuntimeError("the Intacct sandbox did not start")
            await asyncio.sleep(0.01)
        return self.url

    async def stop(self) -> None:
        """Stop a server started with :meth:`start`."""
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
        if self._sock is not None:
            self._sock.close()

    @property
    def running(self) -> bool:
        """Is the server accepting requests?"""
        return self._server is not None and self._server.started and not self._server.should_exit

    def shutdown(self) -> None:
        """Ask a server started by :meth:`serve` (from another thread) or :meth:`start` to stop."""
        if self._server is not None:
            self._server.should_exit = True

    def serve(self, host: str = "127.0.0.1", port: int = 0, ready: Callable[[str], None] | None = None) -> None:
        """Serve in this thread until interrupted (Ctrl-C); ``ready(url)`` is called once the port is bound."""
        server, sock = self._bind(host, port)
        if ready is not None:
            ready(self.url)
        try:
            server.run(sockets=[sock])
        finally:
            sock.close()
