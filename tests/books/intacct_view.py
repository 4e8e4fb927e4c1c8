"""An order's books as the Intacct sandbox holds them, read straight from its records (not from our ledger)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from core.sandbox.intacct import IntacctSandbox

DIMENSION_FIELDS = ("LOCATIONID", "DEPARTMENTID", "PROJECTID", "CLASSID", "CUSTOMERID", "EMPLOYEEID", "ITEMID")


def _items(record: dict[str, Any], group: str, item: str) -> list[dict[str, Any]]:
    found = (record.get(group) or {}).get(item) or []
    return found if isinstance(found, list) else [found]


def _key(line: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    dims = tuple(sorted((f, str(line[f])) for f in DIMENSION_FIELDS if line.get(f)))
    return str(line["ACCOUNTNO"]), dims


def documents(intacct: IntacctSandbox, number: str) -> list[dict[str, Any]]:
    """Every bill and adjustment Intacct holds for order ``number`` (its bill, refunds, corrections)."""
    bills = [b for b in intacct.state.records("APBILL")
             if str(b["RECORDID"]) == number or str(b["RECORDID"]).startswith((f"{number}-R", f"{number}-C"))]
    adjustments = [a for a in intacct.state.records("APADJUSTMENT") if str(a.get("DOCNUMBER")) == number]
    return bills + adjustments


def net(intacct: IntacctSandbox, number: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], Decimal]:
    """Per (account, dimensions): bill lines as written plus adjustment lines (negative lowers what is owed)."""
    out: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
    for doc in documents(intacct, number):
        if "APBILLITEMS" in doc:
            for line in _items(doc, "APBILLITEMS", "APBILLITEM"):
                out[_key(line)] += Decimal(str(line["TRX_AMOUNT"]))  # type: ignore[assignment]
        for line in _items(doc, "APADJUSTMENTITEMS", "APADJUSTMENTITEM"):
            out[_key(line)] += Decimal(str(line["AMOUNT"]))  # type: ignore[assignment]
    return {k: v for k, v in sorted(out.items()) if v != 0}


def by_account(intacct: IntacctSandbox, number: str) -> dict[str, Decimal]:
    """:func:`net` without dimensions, keyed by account number."""
    out: Counter[str] = Counter()
    for (account, _), amount in net(intacct, number).items():
        out[account] += amount  # type: ignore[assignment]
    return {k: v for k, v in sorted(out.items()) if v != 0}
