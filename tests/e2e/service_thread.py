"""Run :class:`core.service.Service` (receiver + the background tasks ``serve`` runs) in a thread."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator

from core.outbox import Outbox
from core.service import Service
from core.settings import Settings


@contextlib.contextmanager
def running_service(settings: Settings, outbox: Outbox) -> Iterator[Service]:
    """``serve`` in-process with the task set :func:`core.service.background_tasks` gives; stopped on exit."""
    service = Service(settings, outbox)
    thread = threading.Thread(target=lambda: asyncio.run(service.run()), name="e2e-service", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while service.port is None or not service.server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("the service did not start")
        time.sleep(0.01)
    try:
        yield service
    finally:
        service.stop()
        thread.join(timeout=20)


def receiver_url(service: Service) -> str:
    return f"http://127.0.0.1:{service.port}{service.settings.receiver.path}"
