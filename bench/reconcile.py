"""Reconcile benchmark: 20,000 orders in a 100 ms store against their bills in a 50 ms Intacct gateway.

Each sandbox runs in a **child process of its own** (the real systems share neither our interpreter nor each
other's: in one process their work would compete for one GIL, and ours, and inflate our RSS). The store's
child generates the store, then maps every billable order's bill and every refund's adjustment with the
product's mapping into Intacct records, as the engine would have posted them, and hands them to Intacct's
child, which books them; so the run compares 20,000 orders that agree. ``--plant N`` leaves N bills out, to
see the report's cost when it has rows to show.

    .venv/bin/python bench/reconcile.py [--orders 20000] [--store-latency 0.1] [--intacct-latency 0.05]

Prints wall time against requests x latency (each system's requests times its latency, summed: what a
strictly sequential reader cannot beat; target ratio <= 1.5) and the reconcile's peak RSS (target
< 150 MB; the reconcile streams store pages and keeps only document numbers of Intacct's side).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KEY, SECRET = "ck_bench_key_0001", "cs_bench_secret_0001"


def _settings(woo_url: str = "", intacct_url: str = "", db: str = "") -> Any:
    from core.sandbox.intacct import Credentials
    from core.settings import settings_from_dict

    c = Credentials()
    return settings_from_dict({
        "woocommerce": {"url": woo_url, "consumer_key": KEY, "consumer_secret": SECRET, "timeout_seconds": 120,
                        "timezone": "", "allow_insecure": True},
        "intacct": {"endpoint": intacct_url, "sender_id": c.sender_id, "sender_password": c.sender_password,
                    "company_id": c.company_id, "user_id": c.user_id, "user_password": c.user_password,
                    "timeout_seconds": 120},
        "database": {"path": db or "/nonexistent"}}, env={})


def _books(store: Any, plant: int) -> tuple[list[tuple[str, dict[str, Any]]], int]:
    """Every billable order's bill (but the first ``plant``) and each of its refunds' documents, as Intacct
    records ``(object, record)``; and how many orders were billable."""
    from core.mapping.decisions import DEAD_STATUSES, decide_order_action
    from core.mapping.order import order_to_bill
    from core.mapping.refunds import refund_documents

    settings = _settings()
    records: list[tuple[str, dict[str, Any]]] = []
    booked = 0
    for oid in sorted(store.store.orders):
        order = store.store.order_json(oid)
        if order["status"] in DEAD_STATUSES or decide_order_action(None, order, settings, has_bill=False).action \
                != "create":
            continue
        bill = order_to_bill(order, settings, {})
        if booked >= plant:
            records.append(("APBILL", {
                "RECORDID": bill.record_id, "VENDORID": bill.vendor_id, "STATE": "Posted",
                "CURRENCY": bill.currency or "", "WHENCREATED": bill.when_created.strftime("%m/%d/%Y"),
                "APBILLITEMS": {"APBILLITEM": [{"ACCOUNTNO": li.account_no, "TRX_AMOUNT": str(li.amount),
                                                **dict(li.dimensions)} for li in bill.lines]}}))
        booked += 1
        for doc in refund_documents(order, store.store.refunds_json(oid), settings, {}):
            records.append(("APADJUSTMENT", {
                "RECORDID": doc.adjustment_no, "DOCNUMBER": doc.bill_no, "VENDORID": doc.vendor_id,
                "STATE": "Posted", "WHENCREATED": doc.when_created.strftime("%m/%d/%Y"),
                "APADJUSTMENTITEMS": {"APADJUSTMENTITEM": [{"ACCOUNTNO": li.account_no, "AMOUNT": str(li.amount),
                                                            **dict(li.dimensions)} for li in doc.lines]}}))
    return records, booked


def serve_store(orders: int, plant: int, latency: float, books: Any, out: Any, stop: Any) -> None:
    """Child process 1: the store, generated; its books go to Intacct's child; served until ``stop``."""
    from core.sandbox.woo.sandbox import WooSandbox

    store = WooSandbox(seed=1, consumer_key=KEY, consumer_secret=SECRET, latency=latency, timezone="UTC",
                       delivery_delay=3600)
    store.generate(customers=500, orders=orders, refunds=orders // 20)
    records, booked = _books(store, plant)
    books.put(records)
    del records
    gc.collect()
    gc.freeze()
    with store.run_in_thread() as url:
        out.put(("store", url, booked))
        stop.wait()


def serve_intacct(latency: float, books: Any, out: Any, stop: Any) -> None:
    """Child process 2: the Intacct company with the books booked, served until ``stop``; then its count."""
    from core.sandbox.intacct import IntacctSandbox

    intacct = IntacctSandbox(session_seconds=3600)
    table = intacct.runtime.company.store
    for obj, record in books.get(timeout=1800):
        table.insert(obj, record)
    table.release()
    intacct.faults.request_latency = latency
    gc.collect()
    gc.freeze()
    with intacct.run_in_thread() as url:
        out.put(("intacct", url, 0))
        stop.wait()
        out.put(("count", "", intacct.state.request_count))


async def run(woo_url: str, intacct_url: str, db: Path) -> tuple[Any, int]:
    from core.intacct.client import IntacctClient
    from core.outbox import Outbox
    from core.reconcile.reader import Reconciler, Window
    from core.woo.rest import WooClient

    settings = _settings(woo_url, intacct_url, str(db))
    outbox = Outbox.open(db)
    today = datetime.now(UTC).date()
    try:
        async with IntacctClient(settings.intacct) as intacct, WooClient(settings.woocommerce) as woo:
            report = await Reconciler(settings, outbox, intacct, woo).run(
                Window(since=today - timedelta(days=60), until=today + timedelta(days=1)))
            return report, woo.requests_sent
    finally:
        outbox.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--plant", type=int, default=0, help="delete this many bills (differences to report)")
    parser.add_argument("--store-latency", type=float, default=0.1)
    parser.add_argument("--intacct-latency", type=float, default=0.05)
    args = parser.parse_args()
    mp = multiprocessing.get_context("spawn")
    out, books, stop = mp.Queue(), mp.Queue(), mp.Event()
    children = [mp.Process(target=serve_store, args=(args.orders, args.plant, args.store_latency, books, out, stop),
                           daemon=True),
                mp.Process(target=serve_intacct, args=(args.intacct_latency, books, out, stop), daemon=True)]
    for child in children:
        child.start()
    try:
        ready = dict((name, (url, n)) for name, url, n in (out.get(timeout=1800), out.get(timeout=1800)))
        (woo_url, booked), (intacct_url, _) = ready["store"], ready["intacct"]
        import core.reconcile.reader  # noqa: F401  (the baseline with the code loaded)

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            report, store_requests = asyncio.run(run(woo_url, intacct_url, Path(tmp) / "outbox.sqlite3"))
            elapsed = time.perf_counter() - started
        stop.set()
        intacct_requests = out.get(timeout=60)[2]
    finally:
        stop.set()
        for child in children:
            child.join(30)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor = store_requests * args.store_latency + intacct_requests * args.intacct_latency
    s = report.summary
    print(f"orders={args.orders} billed={booked} (bills left out: {args.plant}); "
          f"store {args.store_latency * 1000:.0f} ms, Intacct {args.intacct_latency * 1000:.0f} ms per request, "
          "each in a process of its own")
    print(f"compared={s.orders} differences={s.differences} {dict((k, n) for k, n in s.by_kind.items() if n)} "
          f"store={ {k: str(v) for k, v in s.store_totals.items()} }")
    print(f"intacct={ {k: str(v) for k, v in s.intacct_totals.items()} }")
    print(f"requests: store={store_requests} intacct={intacct_requests}; time={elapsed:.1f}s "
          f"requests x latency={floor:.1f}s ratio={elapsed / floor if floor else 0:.2f} (target <= 1.5)")
    print(f"peak RSS={peak:.0f} MB (after imports, before the run: {rss_before:.0f} MB; target < 150 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
