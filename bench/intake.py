"""Intake benchmark: signed deliveries into ``serve``'s receiver vs a bare "insert the body" app.

Both servers run the same way (a subprocess each, uvicorn, 127.0.0.1, same SQLite pragmas: WAL +
synchronous=FULL), one after the other in the same run, and get the same number of requests from 32
concurrent asyncio keep-alive clients (a minimal HTTP/1.1 client, see :class:`Connection`). Every delivery
is a distinct order version (order-727's shape), so the receiver does its full work: size-limited read,
HMAC check, JSON parse, dedup, insert + audit, fsync.

    .venv/bin/python bench/intake.py [--requests 4000] [--clients 32]

Prints deliveries/s, p50/p99 latency for both, and the ratio (target ≥ 0.8, receiver p99 < 50 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.woo.signature import sign, wc_json_encode  # noqa: E402
from tests.shared import WOO_FIXTURES  # noqa: E402

SECRET = "bench-secret"
PATH = "/webhooks/woocommerce"


def bare_app(db: Path):  # type: ignore[no-untyped-def]
    """The baseline: read the body, insert it, commit. Nothing else."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=10000"):
        conn.execute(pragma)
    conn.execute("CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")

    async def receive(request: Request) -> JSONResponse:
        cursor = conn.execute("INSERT INTO raw (body) VALUES (?)", (await request.body(),))
        return JSONResponse({"ok": True, "id": cursor.lastrowid})

    return Starlette(routes=[Route(PATH, receive, methods=["POST"])])


def serve(kind: str, port: int, db: Path) -> None:
    """Server side (run in a subprocess)."""
    import uvicorn

    if kind == "bare":
        uvicorn.run(bare_app(db), host="127.0.0.1", port=port, log_level="warning", access_log=False,
                    lifespan="off")
        return
    from core.cli import main

    config = db.with_suffix(".toml")
    config.write_text(f'[woocommerce]\nwebhook_secret = "{SECRET}"\n[receiver]\nport = {port}\n'
                      f'[database]\npath = "{db}"\n[sync]\nmode = "auto"\n', encoding="utf-8")
    sys.exit(main(["--config", str(config), "serve"]))


def bodies(count: int) -> list[tuple[bytes, dict[str, str]]]:
    template = json.loads((WOO_FIXTURES / "order-727.json").read_text(encoding="utf-8"))
    out = []
    for i in range(count):
        order = copy.deepcopy(template)
        order["id"] = 100_000 + i
        order["date_modified_gmt"] = f"2024-05-01T10:{i // 60 % 60:02d}:{i % 60:02d}"
        body = wc_json_encode(order)
        out.append((body, {"Content-Type": "application/json", "X-WC-Webhook-Topic": "order.updated",
                           "X-WC-Webhook-ID": "1", "X-WC-Webhook-Signature": sign(body, SECRET)}))
    return out


class Connection:
    """A minimal keep-alive HTTP/1.1 client over asyncio streams.

    httpx costs ~2-3 ms of CPU per request here; on a 2-core machine shared with the server that turns the
    benchmark into a benchmark of the client. This sends the same bytes a real sender would (request line,
    headers, body) and reads status, headers and a Content-Length body.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        head = f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        self.writer.write(head.encode("latin-1") + body)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])


async def drive(port: int, work: list[tuple[bytes, dict[str, str]]], clients: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue = iter(work)
    conns = []
    for _ in range(clients):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        conns.append(Connection(reader, writer, f"127.0.0.1:{port}"))

    async def worker(conn: Connection) -> None:
        for body, headers in queue:
            start = time.perf_counter()
            status = await conn.post(PATH, body, headers)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                raise RuntimeError(f"answered {status}")

    start = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - start
    for conn in conns:
        conn.writer.close()
    return elapsed, latencies


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_one(kind: str, work: list, warmup: list, clients: int, tmp: Path) -> dict[str, float]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--port", str(port), "--db",
                             str(tmp / f"{kind}.sqlite3")], cwd=REPO)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{kind} server did not start") from None
                time.sleep(0.05)
        asyncio.run(drive(port, warmup, clients))
        elapsed, latencies = asyncio.run(drive(port, work, clients))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    qs = statistics.quantiles(latencies, n=100)
    return {"rate": len(work) / elapsed, "p50": qs[49] * 1000, "p99": qs[98] * 1000, "n": len(work)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--serve", choices=["receiver", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.db)
        return
    all_bodies = bodies(args.requests + 200)
    warmup, work = all_bodies[args.requests:], all_bodies[: args.requests]
    with tempfile.TemporaryDirectory() as tmp:
        results = {kind: run_one(kind, work, warmup, args.clients, Path(tmp)) for kind in ("bare", "receiver")}
    print(f"{args.requests} signed deliveries, {args.clients} concurrent clients, {os.cpu_count()} CPUs")
    for kind, r in results.items():
        print(f"  {kind:9s} {r['rate']:8.0f} deliveries/s   p50 {r['p50']:6.1f} ms   p99 {r['p99']:6.1f} ms")
    print(f"  ratio receiver/bare: {results['receiver']['rate'] / results['bare']['rate']:.2f}")


if __name__ == "__main__":
    main()
