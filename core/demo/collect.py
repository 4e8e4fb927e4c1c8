"""Read the end of the day into a :class:`~core.demo.summary.Snapshot`: the store, Intacct and the outbox."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from core.demo.summary import IntacctDoc, Snapshot, StoreOrder, money
from core.outbox import Outbox
from core.sandbox.intacct import IntacctSandbox
from core.sandbox.woo import WooSandbox
from core.settings import Settings
from core.watchdog import list_alerts


def store_orders(woo: WooSandbox) -> list[StoreOrder]:
    out = []
    for order_id in sorted(woo.store.orders):
        data = woo.store.order_json(order_id)
        refunds = {str(r["id"]): -money(r["total"]) for r in data.get("refunds") or []}
        out.append(StoreOrder(str(data["number"]), str(data["status"]), money(data["total"]), str(data["currency"]),
                              refunds))
    return out


def intacct_docs(intacct: IntacctSandbox) -> list[IntacctDoc]:
    return [IntacctDoc(obj, str(r.get("RECORDID") or ""), str(r.get("VENDORID") or ""), money(r.get("TOTALENTERED")))
            for obj in ("APBILL", "APADJUSTMENT") for r in intacct.state.records(obj)]


def outbox_counts(path: Path) -> tuple[dict[str, int], int]:
    """Events by source, and quarantined requests (a read-only look at the outbox file)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        sources = {str(s): int(n) for s, n in conn.execute("SELECT source, count(*) FROM events GROUP BY source")}
        (quarantined,) = conn.execute("SELECT count(*) FROM quarantine").fetchone()
    finally:
        conn.close()
    return sources, int(quarantined)


def delivery_counts(woo: WooSandbox) -> dict[str, int]:
    """The store's delivery log: delivered, failed, and repeats of a body already delivered (duplicates)."""
    counts: Counter[str] = Counter()
    seen: set[tuple[int, bytes]] = set()
    for attempt in woo.sender.deliveries():
        key = (attempt.webhook_id, attempt.request.body)
        counts["duplicate" if attempt.success and key in seen else "delivered" if attempt.success else "failed"] += 1
        if attempt.success:
            seen.add(key)
    return dict(counts)


def collect(woo: WooSandbox, intacct: IntacctSandbox, outbox: Outbox, settings: Settings,
            drained: bool = True) -> Snapshot:
    sources, quarantined = outbox_counts(outbox.path)
    alerts = [a for a in list_alerts(outbox, limit=1000) if a.kind]
    return Snapshot(
        orders=store_orders(woo), customer_ids=sorted(woo.store.customers),
        vendors=[str(r.get("VENDORID")) for r in intacct.state.records("VENDOR")], docs=intacct_docs(intacct),
        events_by_state=outbox.count_by_state(), events_by_source=sources, quarantined=quarantined,
        alerts_raised=len(alerts), alerts_resolved=sum(1 for a in alerts if a.resolved_at),
        deliveries=delivery_counts(woo), billable_statuses=tuple(settings.sync.order_statuses),
        vendor_prefix=settings.mapping.vendor_id_prefix, drained=drained,
    )
