"""Mapping throughput: orders mapped and serialised per second, ml-connector vs xmltodict (the peer's serializer).

ml-connector: ``plan_event`` (pure mapping to typed records) then the function object's lxml XML. The peer
builds the same bill as nested dicts and serialises with ``xmltodict.unparse``, as fylein's
``sageintacctsdk`` does. Both map with the same ``plan_event`` on the same orders in the same process. The
machine is shared and noisy, so the two sides run alternately ``--repeat`` times and each side's best run
is compared (the usual ``timeit`` rule: the minimum is the run least disturbed by others); every run is
printed. Run: ``.venv/bin/python bench/mapping.py [--orders N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import xmltodict  # noqa: E402

from core.intacct.records import ApBill  # noqa: E402
from core.intacct.xml import to_bytes  # noqa: E402
from core.mapping import PlanContext, plan_event  # noqa: E402
from core.settings import settings_from_dict  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "woocommerce" / "order-727.json"


def orders(count: int) -> list[dict[str, Any]]:
    base = json.loads(FIXTURE.read_text())
    return [{**base, "id": 1000 + n, "number": str(1000 + n), "customer_id": 1 + n % 200} for n in range(count)]


def peer_xml(bill: ApBill, control_id: str) -> str:
    """The bill as fylein's SDK builds it: a dict, then ``xmltodict.unparse``."""
    lines = [{"ACCOUNTNO": line.account_no, "TRX_AMOUNT": str(line.amount), "ENTRYDESCRIPTION": line.entry_description,
              **dict(line.dimensions)} for line in bill.lines]
    data = {"function": {"@controlid": control_id, "create": {"APBILL": {
        "VENDORID": bill.vendor_id, "RECORDID": bill.record_id,
        "WHENCREATED": bill.when_created.strftime("%m/%d/%Y"),
        "WHENDUE": bill.when_due.strftime("%m/%d/%Y") if bill.when_due else None,
        "DESCRIPTION": bill.description, "CURRENCY": bill.currency, "BASECURR": bill.base_currency,
        "APBILLITEMS": {"APBILLITEM": lines}}}}}
    return xmltodict.unparse(data, full_document=False)


def run_ours(items: list[dict[str, Any]], ctx: PlanContext) -> float:
    """Seconds to map every order and serialise its functions with lxml (what a push does per order)."""
    started = time.perf_counter()
    for order in items:
        for step in plan_event("order.created", order, ctx).steps:
            to_bytes(step.function().to_xml())
    return time.perf_counter() - started


def run_peer(items: list[dict[str, Any]], ctx: PlanContext) -> float:
    """Seconds to map every order the same way and serialise each bill through ``xmltodict.unparse``."""
    started = time.perf_counter()
    for order in items:
        for step in plan_event("order.created", order, ctx).steps:
            assert isinstance(step.record, ApBill)
            peer_xml(step.record, step.control_id)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = settings_from_dict({"woocommerce": {"timezone": "UTC"}}, env={})
    items = orders(args.orders)
    ctx = PlanContext(settings, vendor_known=True)
    run_ours(items[:100], ctx), run_peer(items[:100], ctx)  # warm both paths (imports, caches) untimed
    ours_runs, peer_runs = [], []
    for _ in range(args.repeat):
        ours_runs.append(run_ours(items, ctx))
        peer_runs.append(run_peer(items, ctx))
    ours, peer = min(ours_runs), min(peer_runs)
    print(f"orders: {args.orders}, {args.repeat} alternating runs per side (orders/s of each run below)")
    print("ml-connector runs:  " + " ".join(f"{args.orders / t:.0f}" for t in ours_runs))
    print("peer runs:          " + " ".join(f"{args.orders / t:.0f}" for t in peer_runs))
    print(f"ml-connector (map + lxml):       {args.orders / ours:10.0f} orders/s (best run)")
    print(f"peer (same map + xmltodict):     {args.orders / peer:10.0f} orders/s (best run)")
    print(f"ratio: {peer / ours:.2f}x (>= 1 means ml-connector is not slower)")


if __name__ == "__main__":
    main()
