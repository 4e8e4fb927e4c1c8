"""Backfill benchmark: poll 20,000 orders from the sandbox store over HTTP and report time, pages and peak RSS.

The store runs in a **separate process** (this script re-runs itself with ``--serve``), so the peak RSS printed
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is the poller's own: client, outbox and at most two pages.
The outbox is a fresh SQLite file in a temporary directory (``synchronous=FULL``, as in production).

    .venv/bin/python bench/backfill.py [--orders 20000] [--latency 0.05]

Target: peak RSS < 150 MB, and wall time within 1.5x of requests x latency. ``--latency`` is the store's response
time per request, its own work included (``core/sandbox/woo/rest.py``), so ``requests x latency`` is the time a
strictly sequential scan cannot beat and the ratio is what the poller (HTTP client, JSON, outbox) adds to it.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

KEY, SECRET = "ck_bench_key_0001", "cs_bench_secret_0001"
SINCE = datetime.now(UTC) - timedelta(days=40)  # the generator spreads records over the last 30 days


def serve(orders: int, customers: int, latency: float) -> None:
    """Child process: generate the store, print its URL, serve until stdin closes."""
    from core.sandbox.woo.sandbox import WooSandbox

    store = WooSandbox(seed=1, consumer_key=KEY, consumer_secret=SECRET, latency=latency, delivery_delay=3600)
    store.generate(customers=customers, orders=orders, refunds=0)
    gc.collect()
    gc.freeze()  # the generated store lives to the end: keep full collections (~100 ms each) from re-walking it
    with store.run_in_thread() as url:
        print(url, flush=True)
        sys.stdin.read()


def _settings(url: str):
    from core.secret import Secret
    from core.settings import settings_from_dict, with_overrides

    return with_overrides(settings_from_dict({}), woocommerce={
        "url": url, "consumer_key": Secret(KEY), "consumer_secret": Secret(SECRET), "timeout_seconds": 60.0})


async def fetch_only(url: str) -> tuple[float, int]:
    """The store's own pace: read every order page and drop it (no outbox). Separates the sandbox's cost."""
    from core.woo.rest import WooClient

    started = time.perf_counter()
    async with WooClient(_settings(url).woocommerce) as client:
        async for _page in client.order_pages(SINCE):
            pass
        return time.perf_counter() - started, client.requests_sent


async def poll(url: str, outbox_path: Path) -> tuple[object, int]:
    from core.outbox import Outbox
    from core.woo.poller import Poller
    from core.woo.rest import WooClient

    settings = _settings(url)
    outbox = Outbox.open(outbox_path)
    try:
        async with WooClient(settings.woocommerce) as client:
            report = await Poller(settings, outbox, client).run_once(since=SINCE)
            return report, client.requests_sent
    finally:
        outbox.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.05, help="sandbox response time per REST request (s)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.orders, args.customers, args.latency)
        return 0
    child = subprocess.Popen([sys.executable, __file__, "--serve", "--orders", str(args.orders), "--customers",
                              str(args.customers), "--latency", str(args.latency)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        url = child.stdout.readline().strip()
        import core.outbox  # noqa: F401  (measure the baseline with the code loaded)
        import core.woo.poller  # noqa: F401

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        baseline, baseline_requests = asyncio.run(fetch_only(url))
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            report, requests = asyncio.run(poll(url, Path(tmp) / "outbox.sqlite3"))
            elapsed = time.perf_counter() - started
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=30)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor = requests * args.latency
    print(f"orders={args.orders} customers={args.customers} latency={args.latency}s (store in a separate process)")
    print("; ".join(report.lines()))  # type: ignore[attr-defined]
    print(f"pages={report.pages} requests={requests} time={elapsed:.1f}s "  # type: ignore[attr-defined]
          f"requests x latency={floor:.1f}s ratio={elapsed / floor if floor else 0:.2f}")
    print(f"store alone (fetch every order page, no outbox): {baseline:.1f}s for {baseline_requests} requests "
          f"= {baseline / max(1, baseline_requests) * 1000:.0f} ms/request; poll/fetch-only={elapsed / baseline:.2f}")
    print(f"peak RSS={peak:.0f} MB (after imports, before polling: {rss_before:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
