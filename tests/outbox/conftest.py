from __future__ import annotations

from pathlib import Path

import pytest

from core.outbox import IncomingEvent, Outbox


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "outbox.sqlite3"


@pytest.fixture
def outbox(db_path: Path, clock: FakeClock):
    box = Outbox.open(db_path, clock=clock)
    yield box
    box.close()


def order_event(order_id: int = 727, version: str = "2024-05-01T10:00:00", topic: str = "order.updated",
                source: str = "webhook", payload: bytes | None = None) -> IncomingEvent:
    body = payload if payload is not None else f'{{"id":{order_id},"date_modified_gmt":"{version}"}}'.encode()
    return IncomingEvent(source=source, topic=topic, resource=topic.split(".")[0], resource_id=order_id,
                         version=version, payload=body)  # type: ignore[arg-type]
