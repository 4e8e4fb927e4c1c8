"""The reconcile report as text (a summary table and one block per difference), JSON lines and CSV.

JSON: one object per difference (``"type": "difference"``) then one ``"type": "summary"``; CSV: one row per
difference with the columns of :data:`COLUMNS` (``delta`` as the JSON of :func:`core.mapping.net.to_json`).
:func:`differences_from_json` / :func:`differences_from_csv` read them back to the same
:class:`~core.reconcile.compare.Difference` rows (what an auditor's tooling, and the round-trip test, use).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any, TextIO

from core.mapping.net import describe, from_json, to_json
from core.reconcile.compare import KINDS, Difference, Summary

COLUMNS = ("id", "kind", "order_number", "order_id", "document", "detail", "delta", "record_nos", "state",
           "event_id", "open_item", "acknowledged")


def difference_dict(d: Difference) -> dict[str, Any]:
    return {"id": d.fingerprint, "kind": d.kind, "order_number": d.order_number, "order_id": d.order_id,
            "document": d.document, "detail": d.detail, "delta": json.loads(to_json(d.delta)),
            "record_nos": list(d.record_nos), "state": d.state, "event_id": d.event_id, "open_item": d.open_item,
            "acknowledged": d.acknowledged}


def _difference(row: dict[str, Any]) -> Difference:
    return Difference(row["kind"], row["order_number"], row["order_id"], row["document"], row["detail"],
                      from_json(json.dumps(row["delta"])), tuple(row["record_nos"]), row["state"], row["event_id"],
                      bool(row["open_item"]), row["acknowledged"])


def summary_dict(summary: Summary, outside_window: int = 0) -> dict[str, Any]:
    return {"orders": summary.orders, "differences": summary.differences, "by_kind": dict(summary.by_kind),
            "acknowledged": summary.acknowledged, "outside_window": outside_window,
            "store_totals": {k: str(v) for k, v in sorted(summary.store_totals.items())},
            "intacct_totals": {k: str(v) for k, v in sorted(summary.intacct_totals.items())}}


def write_json(out: TextIO, differences: Iterable[Difference], summary: Summary, outside_window: int = 0) -> None:
    for d in differences:
        out.write(json.dumps({"type": "difference", **difference_dict(d)}, sort_keys=True) + "\n")
    out.write(json.dumps({"type": "summary", **summary_dict(summary, outside_window)}, sort_keys=True) + "\n")


def differences_from_json(lines: Iterable[str]) -> list[Difference]:
    rows = (json.loads(line) for line in lines if line.strip())
    return [_difference(r) for r in rows if r.get("type") == "difference"]


def write_csv(out: IO[str], differences: Iterable[Difference]) -> None:
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    for d in differences:
        row = difference_dict(d)
        row["delta"] = to_json(d.delta)
        row["record_nos"] = " ".join(d.record_nos)
        row["order_id"] = "" if d.order_id is None else d.order_id
        row["event_id"] = "" if d.event_id is None else d.event_id
        row["open_item"] = "yes" if d.open_item else ""
        writer.writerow(row)


def differences_from_csv(source: IO[str]) -> list[Difference]:
    out = []
    for row in csv.DictReader(source):
        out.append(_difference({**row, "delta": json.loads(row["delta"] or "[]"),
                                "record_nos": row["record_nos"].split(),
                                "order_id": int(row["order_id"]) if row["order_id"] else None,
                                "event_id": int(row["event_id"]) if row["event_id"] else None,
                                "open_item": row["open_item"] == "yes"}))
    return out


def write_text(out: TextIO, differences: Iterable[Difference], summary: Summary, outside_window: int = 0) -> None:
    for d in differences:
        tags = [d.kind.upper()]
        if d.open_item:
            tags.append(f"open item, event {d.event_id}")
        if d.acknowledged:
            tags.append(f"acknowledged: {d.acknowledged}")
        out.write(f"[{d.fingerprint}] {' · '.join(tags)} — {d.document}\n  {d.detail}\n")
        if d.delta and d.kind != "duplicate" and d.kind != "orphan":
            out.write(f"  Intacct needs: {describe(d.delta)}\n")
    out.write(summary_text(summary, outside_window))


def summary_text(summary: Summary, outside_window: int = 0) -> str:
    currencies = sorted(set(summary.store_totals) | set(summary.intacct_totals))
    lines = [f"orders compared: {summary.orders}"]
    if currencies:
        lines.append(f"  {'currency':<9}{'store implies':>16}{'Intacct holds':>16}")
        for c in currencies:
            store, intacct = summary.store_totals.get(c, 0), summary.intacct_totals.get(c, 0)
            lines.append(f"  {c or '?':<9}{store:>16.2f}{intacct:>16.2f}")
    kinds = ", ".join(f"{k} {summary.by_kind.get(k, 0)}" for k in KINDS)
    lines.append(f"differences: {summary.differences} ({kinds})")
    if summary.acknowledged:
        lines.append(f"acknowledged (not counted): {summary.acknowledged}")
    if outside_window:
        lines.append(f"documents of orders outside the window (not compared): {outside_window}")
    lines.append("Intacct agrees with the store" if summary.differences == 0 else
                 "Intacct differs from the store: see docs/operations.md, \"Reconcile\", for what to do per kind")
    return "\n".join(lines) + "\n"
