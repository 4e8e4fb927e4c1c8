"""Specification: the service runs background tasks beside the receiver and stops them on shutdown."""

from __future__ import annotations

import asyncio
import threading

import httpx

from core.outbox import Outbox
from core.service import BackgroundTask
from tests.receiver.conftest import PATH, make_settings, order_body, run_service_in_thread, signed_headers


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


def test_a_crashing_background_task_does_not_stop_the_receiver(tmp_path):
    async def broken(stop: asyncio.Event) -> None:
        raise RuntimeError("boom")

    settings = make_settings(tmp_path / "o.sqlite3")
    outbox = Outbox.open(settings.database_path())
    service, thread = run_service_in_thread(settings, outbox, [BackgroundTask("broken", broken)])
    try:
        body = order_body()
        response = httpx.post(f"http://127.0.0.1:{service.port}{PATH}", content=body, headers=signed_headers(body))
        assert response.status_code == 200
    finally:
        service.stop()
        thread.join(timeout=10)
