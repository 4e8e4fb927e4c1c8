"""Specification: the service runs background tasks beside the receiver and stops them on shutdown."""

from __future__ import annotations

import asyncio
import threading

import pytest

from core.outbox import Outbox
from core.service import BackgroundTask, Service, ServiceFailed
from tests.receiver.conftest import make_settings, run_service_in_thread


def test_background_tasks_run_and_see_stop_on_shutdown(tmp_path):
    started, stopped = threading.Event(), threading.Event()

    async def task(stop: asyncio.Event) -> None:
        started.set()
        await stop.wait()
        stopped.set()

    settings = make_settings(tmp_path / "o.sqlite3")
    outbox = Outbox.open(settings.database_path())
    service, thread = run_service_in_thread(settings, outbox, [BackgroundTask("probe", task)])
    assert started.wait(5)
    service.stop()
    thread.join(timeout=10)
    assert stopped.is_set() and not thread.is_alive()


def test_a_crashing_background_task_stops_the_whole_service_for_the_supervisor_to_restart(tmp_path):
    async def broken(stop: asyncio.Event) -> None:
        await asyncio.sleep(0.2)
        raise RuntimeError("boom")

    settings = make_settings(tmp_path / "o.sqlite3")
    outbox = Outbox.open(settings.database_path())
    service = Service(settings, outbox, tasks=[BackgroundTask("broken", broken)])
    with pytest.raises(ServiceFailed, match="broken"):
        asyncio.run(asyncio.wait_for(service.run(), timeout=20))
    assert service.failed == "broken"
