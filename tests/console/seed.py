"""Outbox contents for console tests: events built from the vendor fixtures, read in place."""

from __future__ import annotations

import json
from pathlib import Path

from core.outbox import IncomingEvent, Outbox
from tests.shared import WOO_FIXTURES


def fixture(name: str) -> dict:
    return json.loads((WOO_FIXTURES / name).read_text(encoding="utf-8"))


def order_event(order: dict, version: str, topic: str = "order.updated", source: str = "webhook") -> IncomingEvent:
    body = json.dumps({**order, "date_modified_gmt": version}).encode()
    return IncomingEvent(source=source, topic=topic, resource="order", resource_id=int(order["id"]),
                         version=version, payload=body)  # type: ignore[arg-type]


def customer_event(customer: dict, version: str, topic: str = "customer.updated") -> IncomingEvent:
    body = json.dumps({**customer, "date_modified_gmt": version}).encode()
    return IncomingEvent(source="webhook", topic=topic, resource="customer", resource_id=int(customer["id"]),
                         version=version, payload=body)  # type: ignore[arg-type]


def seed_small(outbox: Outbox) -> dict[str, int]:
    """Customer 25, order 727 and order 723 waiting for review, one failed and one posted copy."""
    customer = fixture("customer-25.json")
    o727, o723 = fixture("order-727.json"), fixture("order-723-with-refunds.json")
    ids = {
        "customer": outbox.ingest(customer_event(customer, "2024-05-01T09:00:00")).event_id,
        "order727": outbox.ingest(order_event(o727, "2024-05-01T10:00:00")).event_id,
        "order723": outbox.ingest(order_event(o723, "2024-05-01T11:00:00")).event_id,
        "failed": outbox.ingest(order_event({**o727, "id": 9001, "number": "9001"}, "2024-05-01T12:00:00")).event_id,
        "posted": outbox.ingest(order_event({**o727, "id": 9002, "number": "9002"}, "2024-05-01T13:00:00")).event_id,
    }
    outbox.transition(ids["failed"], "approved", actor="test")
    outbox.transition(ids["failed"], "posting", actor="test")
    outbox.transition(ids["failed"], "failed", actor="test",
                      last_error="BL03000018 GL account 6999 is not valid [Support ID: abc]")
    outbox.transition(ids["posted"], "approved", actor="test")
    outbox.transition(ids["posted"], "posting", actor="test")
    outbox.transition(ids["posted"], "posted", actor="test", record_no="4711")
    return {k: int(v or 0) for k, v in ids.items()}


def seed_many(path: Path, count: int) -> None:
    """``count`` review events in one transaction (fast enough for 100,000 in a benchmark)."""
    from core.outbox.db import connect

    order = fixture("order-727.json")
    conn = connect(path)
    conn.execute("BEGIN")
    for i in range(count):
        payload = json.dumps({**order, "id": 10_000 + i, "number": str(10_000 + i),
                              "billing": {**order["billing"], "email": f"buyer{i}@example.com"}}).encode()
        conn.execute(
            "INSERT INTO events (source, topic, resource, resource_id, version, state, payload, payload_sha256, "
            "received_at, updated_at) VALUES ('poll','order.updated','order',?,?,?,?,?,?,?)",
            (10_000 + i, "2024-05-01T10:00:00", "awaiting_review", payload, f"{i:064x}",
             "2024-05-01T10:00:00.000000Z", "2024-05-01T10:00:00.000000Z"),
        )
    conn.execute("COMMIT")
    conn.close()
