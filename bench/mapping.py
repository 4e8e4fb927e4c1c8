"""Mapping throughput: orders mapped and serialised per second, ml-connector vs xmltodict (the peer's serializer).

ml-connector: ``plan_event`` (pure mapping to typed records) then the function object's lxml XML. The peer
builds the same bill as nested dicts and serialises with ``xmltodict.unparse``, as fylein's
``sageintacctsdk`` does. Both run on the same orders in the same process. Run:
``.venv/bin/python bench/mapping.py [--orders N]``.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=5000)
    args = parser.parse_args()
    settings = settings_from_dict({"woocommerce": {"timezone": "UTC"}}, env={})
    items = orders(args.orders)
    ctx = PlanContext(settings, vendor_known=True)
    started = time.perf_counter()
    for order in items:
        for step in plan_event("order.created", order, ctx).steps:
            to_bytes(step.function().to_xml())
    ours = time.perf_counter() - started
    bills = [(s.record, s.control_id) for o in items for s in plan_event("order.created", o, ctx).steps]
    started = time.perf_counter()
    for order in items:  # the peer maps too: the same records, then its own serializer
        plan_event("order.created", order, ctx)
    for bill, cid in bills:
        assert isinstance(bill, ApBill)
        peer_xml(bill, cid)
    peer = time.perf_counter() - started
    print(f"orders: {args.orders}")
    print(f"ml-connector (map + lxml):       {args.orders / ours:10.0f} orders/s")
    print(f"peer (same map + xmltodict):     {args.orders / peer:10.0f} orders/s")
    print(f"ratio: {peer / ours:.2f}x (>= 1 means ml-connector is not slower)")


if __name__ == "__main__":
    main()
