"""Push throughput: ml-connector's engine vs the peer pattern vs the floor, on the Intacct sandbox.

The sandbox answers every request after 50 ms and processes at most 2 at once (Intacct's standard tier).
ml-connector pushes 2,000 orders (200 customers' vendors created on the way) through ``SyncEngine.push``:
write-ahead in SQLite, 50 functions per request, 2 requests in flight. The peer pattern is what
``sageintacctsdk`` (fylein) does: one function per request, a new connection per request, serially; it
runs on a subset and is extrapolated per request to the writes ml-connector sent (said in the output). The
floor is the write requests ml-connector needs ÷ 2 slots × 50 ms; it leaves out the getAPISession and the
reference-data queries a first push also needs (7 more requests, ~4 more rounds of 50 ms).

The sandbox runs in a child process: the real gateway does not share our interpreter, and in a thread its
own work (parsing and booking 50 bills per request) would compete with the client for the GIL. The sandbox
also spends a few ms of CPU per request on top of the 50 ms it is told to wait, so the floor is not quite
reachable against it; the "best client" line measures what is: the same number of requests, every body
built beforehand, posted 2 at a time over one keep-alive connection (fresh orders and customers, so
nothing is refused).
Run: ``.venv/bin/python bench/push.py [--orders N] [--peer-orders N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import math
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from core.intacct.client import IntacctClient  # noqa: E402
from core.intacct.functions import IntacctFunction, VendorCreate  # noqa: E402
from core.intacct.request import SessionAuth, build_request  # noqa: E402
from core.mapping import PlanContext, plan_event  # noqa: E402
from core.outbox import IncomingEvent, Outbox  # noqa: E402
from core.sandbox.intacct import Credentials, IntacctSandbox  # noqa: E402
from core.settings import Settings, settings_from_dict  # noqa: E402
from core.sync import SyncEngine  # noqa: E402

LATENCY, SLOTS, CUSTOMERS = 0.05, 2, 200
FIXTURE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "woocommerce" / "order-727.json"


def orders(count: int, offset: int = 0, customers_from: int = 1) -> list[dict[str, Any]]:
    base = json.loads(FIXTURE.read_text())
    return [{**base, "id": 10_000 + offset + n, "number": str(10_000 + offset + n),
             "customer_id": customers_from + (offset + n) % CUSTOMERS} for n in range(count)]


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


def planned_functions(s: Settings, items: list[dict[str, Any]]) -> list[IntacctFunction]:
    """Every function the orders need, planned as the engine plans them (vendor create on first sight)."""
    functions = []
    seen: set[int] = set()
    for o in items:
        ctx = PlanContext(s, vendor_known=o["customer_id"] in seen)
        seen.add(o["customer_id"])
        functions += [step.function() for step in plan_event("order.created", o, ctx).steps]
    return functions


async def peer(url: str, count: int) -> tuple[float, int]:
    """One function per request, a new connection per request, serial (the sageintacctsdk pattern).
    Returns (seconds, requests). The subset's orders each bring a new customer (a vendor create per order),
    so it is extrapolated per request, not per order: 2,000 orders need 2,200 requests, not 4,000."""
    s = settings(url, Path("/nonexistent"))
    async with IntacctClient(s.intacct) as client:
        session = await client.sessions.get()
    functions = planned_functions(s, orders(count, offset=1_000_000))
    started = time.perf_counter()
    for function in functions:
        body = build_request(s.intacct.sender_id, s.intacct.sender_password.reveal(),
                             SessionAuth(session.session_id), [function])
        post_on_new_connection(session.endpoint, body)
    return time.perf_counter() - started, len(functions)


def post_on_new_connection(endpoint: str, body: bytes) -> None:
    """What ``requests.post`` does for the SDK: open a connection, POST, read, close. Plain ``http.client``
    so the peer pays for the connection but not for any client library's setup (an ``httpx.Client`` loads
    an SSL context each time, ~30 ms, which would flatter us)."""
    url = urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=60)
    try:
        connection.request("POST", url.path, body, {"Content-Type": "application/xml"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"peer request failed: HTTP {response.status}")
    finally:
        connection.close()


async def best_client(url: str, count: int) -> tuple[float, int]:
    """Seconds to post ml-connector's requests (50 functions each, vendors first) with nothing left to do
    but send them: the bound this sandbox puts on any client. Returns (seconds, requests)."""
    s = settings(url, Path("/nonexistent"))
    async with IntacctClient(s.intacct) as client:
        session = await client.sessions.get()
    functions = planned_functions(s, orders(count, offset=2_000_000, customers_from=1 + CUSTOMERS))
    waves = [[f for f in functions if isinstance(f, VendorCreate)],
             [f for f in functions if not isinstance(f, VendorCreate)]]
    bodies = [[build_request(s.intacct.sender_id, s.intacct.sender_password.reveal(), SessionAuth(session.session_id),
                             wave[i : i + 50]) for i in range(0, len(wave), 50)] for wave in waves]
    gate = asyncio.Semaphore(SLOTS)
    async with httpx.AsyncClient(timeout=60) as http:

        async def post(body: bytes) -> None:
            async with gate:
                (await http.post(session.endpoint, content=body)).raise_for_status()

        started = time.perf_counter()
        for wave_bodies in bodies:
            await asyncio.gather(*(post(b) for b in wave_bodies))
        return time.perf_counter() - started, sum(len(b) for b in bodies)


def serve_sandbox(urls: Any, stop: Any) -> None:
    """The child process: the sandbox at 50 ms per request and 2 slots, until ``stop`` is set."""
    sandbox = IntacctSandbox(session_seconds=3600)
    sandbox.faults.request_latency, sandbox.faults.concurrency_limit = LATENCY, SLOTS
    with sandbox.run_in_thread() as url:
        urls.put(url)
        stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--peer-orders", type=int, default=200)
    args = parser.parse_args()
    mp = multiprocessing.get_context("spawn")
    urls, stop = mp.Queue(), mp.Event()
    child = mp.Process(target=serve_sandbox, args=(urls, stop), daemon=True)
    child.start()
    try:
        url = urls.get(timeout=60)
        with tempfile.TemporaryDirectory() as tmp:
            ours_s, posted, writes = asyncio.run(ours(url, Path(tmp) / "bench.sqlite3", args.orders))
        best_s, best_requests = asyncio.run(best_client(url, args.orders))
        peer_sample_s, peer_requests = asyncio.run(peer(url, args.peer_orders))
    finally:
        stop.set()
        child.join(10)
    vendors = min(CUSTOMERS, args.orders)
    needed = math.ceil(vendors / 50) + math.ceil((writes - vendors) / 50)
    floor = needed / SLOTS * LATENCY
    peer_s = peer_sample_s / peer_requests * writes  # the peer sends each of our writes as its own request
    print(f"orders: {args.orders} ({posted} posted, {writes} writes, {needed} write requests needed)")
    print(f"ml-connector:  {ours_s:8.2f} s")
    print(f"peer pattern:  {peer_s:8.2f} s (ran {args.peer_orders} orders = {peer_requests} requests, "
          f"extrapolated per request to {writes})")
    print(f"floor:         {floor:8.2f} s ({needed} requests / {SLOTS} slots x {LATENCY * 1000:.0f} ms)")
    print(f"best client:   {best_s:8.2f} s ({best_requests} prebuilt requests against this sandbox: "
          f"{best_s / floor:.2f}x the floor)")
    print(f"ratio to peer: {peer_s / ours_s:8.1f}x faster")
    print(f"of the floor:  {ours_s / floor:8.2f}x the floor")
    print(f"of best client:{ours_s / best_s:8.2f}x")


if __name__ == "__main__":
    main()
