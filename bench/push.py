"""Push throughput: ml-connector's engine vs the peer pattern vs the floor, on the Intacct sandbox.

The sandbox answers every request after 50 ms and processes at most 2 at once (Intacct's standard tier).
ml-connector pushes 2,000 orders (200 customers' vendors created on the way) through ``SyncEngine.push``:
write-ahead in SQLite, 50 functions per request, 2 requests in flight. The peer pattern is what
``sageintacctsdk`` (fylein) does: one function per request, a new connection per request, serially; it runs
on a subset and is extrapolated linearly (said in the output). The floor is the requests ml-connector needs
÷ 2 slots × 50 ms. Run: ``.venv/bin/python bench/push.py [--orders N] [--peer-orders N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from core.intacct.client import IntacctClient  # noqa: E402
from core.intacct.request import SessionAuth, build_request  # noqa: E402
from core.mapping import PlanContext, plan_event  # noqa: E402
from core.outbox import IncomingEvent, Outbox  # noqa: E402
from core.sandbox.intacct import Credentials, IntacctSandbox  # noqa: E402
from core.settings import Settings, settings_from_dict  # noqa: E402
from core.sync import SyncEngine  # noqa: E402

LATENCY, SLOTS, CUSTOMERS = 0.05, 2, 200
FIXTURE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "woocommerce" / "order-727.json"


def orders(count: int, offset: int = 0) -> list[dict[str, Any]]:
    base = json.loads(FIXTURE.read_text())
    return [{**base, "id": 10_000 + offset + n, "number": str(10_000 + offset + n),
             "customer_id": 1 + (offset + n) % CUSTOMERS} for n in range(count)]


def settings(url: str, db: Path) -> Settings:
    c = Credentials()
    return settings_from_dict({"intacct": {"endpoint": url, "sender_id": c.sender_id, "sender_password":
                               c.sender_password, "company_id": c.company_id, "user_id": c.user_id,
                               "user_password": c.user_password, "max_concurrent_requests": SLOTS},
                               "woocommerce": {"timezone": "UTC"}, "sync": {"mode": "auto"},
                               "database": {"path": str(db)}}, env={})


async def ours(url: str, db: Path, count: int) -> tuple[float, int, int]:
    s = settings(url, db)
    box = Outbox.open(db, auto_approve=True)
    for o in orders(count):
        box.ingest(IncomingEvent("webhook", "order.created", "order", o["id"], "2026-01-01T00:00:00",
                                 json.dumps(o).encode()))
    async with IntacctClient(s.intacct) as client:
        engine = SyncEngine(s, box, client)
        started = time.perf_counter()
        report = await engine.push()
        elapsed = time.perf_counter() - started
    box.close()
    return elapsed, len(report.posted), report.writes_sent


async def peer(url: str, count: int) -> float:
    """One function per request, a new connection per request, serial (the sageintacctsdk pattern)."""
    s = settings(url, Path("/nonexistent"))
    async with IntacctClient(s.intacct) as client:
        session = await client.sessions.get()
    functions = []
    seen: set[int] = set()
    for o in orders(count, offset=1_000_000):
        ctx = PlanContext(s, vendor_known=o["customer_id"] in seen)
        seen.add(o["customer_id"])
        functions += [step.function() for step in plan_event("order.created", o, ctx).steps]
    started = time.perf_counter()
    for function in functions:
        body = build_request(s.intacct.sender_id, s.intacct.sender_password.reveal(),
                             SessionAuth(session.session_id), [function])
        with httpx.Client() as http:  # a new connection per request
            http.post(session.endpoint, content=body).raise_for_status()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--peer-orders", type=int, default=200)
    args = parser.parse_args()
    sandbox = IntacctSandbox(session_seconds=3600)
    sandbox.faults.request_latency, sandbox.faults.concurrency_limit = LATENCY, SLOTS
    with sandbox.run_in_thread() as url, tempfile.TemporaryDirectory() as tmp:
        ours_s, posted, writes = asyncio.run(ours(url, Path(tmp) / "bench.sqlite3", args.orders))
        vendors = min(CUSTOMERS, args.orders)
        needed = math.ceil(vendors / 50) + math.ceil((writes - vendors) / 50)
        floor = needed / SLOTS * LATENCY
        peer_s = asyncio.run(peer(url, args.peer_orders)) * args.orders / args.peer_orders
    print(f"orders: {args.orders} ({posted} posted, {writes} writes, {needed} write requests needed)")
    print(f"ml-connector:  {ours_s:8.2f} s")
    print(f"peer pattern:  {peer_s:8.2f} s (ran {args.peer_orders} orders, extrapolated linearly to {args.orders})")
    print(f"floor:         {floor:8.2f} s ({needed} requests / {SLOTS} slots x {LATENCY * 1000:.0f} ms)")
    print(f"ratio to peer: {peer_s / ours_s:8.1f}x faster")
    print(f"of the floor:  {ours_s / floor:8.2f}x the floor")


if __name__ == "__main__":
    main()
