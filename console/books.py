"""What an accountant reads about an event: its bill lines, what was sent, and what still needs a person.

Pure reads over core's objects (the plan the sync engine would make, the ledger's write-ahead rows, the
open items); nothing here decides what is posted. Money stays :class:`~decimal.Decimal` throughout.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.intacct.records import ApAdjustment, ApBill
from core.mapping.plan import Plan
from core.sync.ledger import OpenItem, WriteRow

ZERO = Decimal("0")


def login_name() -> str:
    """The operator's login name (what the audit records as the actor when none is given)."""
    try:
        return getpass.getuser() or "operator"
    except (KeyError, OSError):  # a container without a passwd entry
        return "operator"


@dataclass(frozen=True)
class Line:
    """One line of a document the event posts: the accountant's view of the Intacct request."""

    document: str
    """``bill`` or ``adjustment`` (refunds and corrections are adjustments)."""
    account: str
    dimensions: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class Sent:
    """One write the ledger kept: what was actually sent, its outcome and RECORDNO."""

    operation: str
    control_id: str
    status: str
    record_no: str
    detail: str
    xml: str


@dataclass(frozen=True)
class NeedsAction:
    """An open item as the console shows it: why, and the exact difference Intacct needs per GL account."""

    order_id: int
    order_number: str
    causes: tuple[str, ...]
    reason: str
    since: str
    delta: tuple[tuple[str, Decimal], ...]
    """(account with dimensions, amount Intacct must gain)."""


def document_kind(control_id: str, record: object) -> str:
    if isinstance(record, ApBill):
        return "bill"
    return "adjustment (refund)" if control_id.startswith("refund-") else "adjustment"


def plan_lines(plan: Plan) -> list[Line]:
    """The bill and adjustment lines of a plan, in the order they would be sent."""
    out: list[Line] = []
    for step in plan.steps:
        record = step.record
        if isinstance(record, ApBill):
            for bill_line in record.lines:
                out.append(Line("bill", bill_line.account_no, _dims(bill_line.dimensions),
                                bill_line.entry_description or "", bill_line.amount))
        elif isinstance(record, ApAdjustment):
            kind = document_kind(step.control_id, record)
            for adj_line in record.lines:
                out.append(Line(kind, adj_line.account_no, _dims(adj_line.dimensions), adj_line.memo or "",
                                adj_line.amount))
    return out


def totals(lines: Iterable[Line]) -> dict[str, Decimal]:
    """Per document kind, the sum of its lines."""
    out: dict[str, Decimal] = {}
    for line in lines:
        out[line.document] = out.get(line.document, ZERO) + line.amount
    return out


def sent(writes: Sequence[WriteRow]) -> list[Sent]:
    """The ledger's writes of one event, with their function XML pretty-printed."""
    from core.cli.preview import pretty

    out = []
    for w in writes:
        try:
            xml = pretty(w.function_xml)
        except Exception:  # noqa: BLE001 - a write we cannot pretty-print is still shown as stored
            xml = w.function_xml.decode("utf-8", "replace")
        out.append(Sent(w.operation, w.control_id, w.status, w.record_no or "", w.detail or "", xml))
    return out


def needs_action(item: OpenItem) -> NeedsAction:
    from core.mapping.net import from_json

    delta = tuple((str(account), amount) for account, amount in sorted(from_json(item.delta).items()))
    return NeedsAction(item.order_id, item.order_number, tuple(c for c in item.causes.split(",") if c),
                       item.reason, item.opened_at, delta)


def money(text: str) -> Decimal | None:
    """An amount as the store sent it, or None when it is not a number."""
    try:
        return Decimal(text) if text.strip() else None
    except InvalidOperation:
        return None


def currency_totals(amounts: Iterable[tuple[str, str]]) -> dict[str, Decimal]:
    """Per currency, the sum of ``(amount text, currency)`` pairs (non-numbers are left out)."""
    out: dict[str, Decimal] = {}
    for text, currency in amounts:
        value = money(text)
        if value is not None:
            out[currency or "?"] = out.get(currency or "?", ZERO) + value
    return out


def describe_totals(found: dict[str, Decimal]) -> str:
    return ", ".join(f"{cur} {amount:,.2f}" for cur, amount in sorted(found.items())) or "no amounts"


def _dims(dimensions: object) -> str:
    if not isinstance(dimensions, dict) and not hasattr(dimensions, "items"):
        return ""
    return " ".join(f"{k}={v}" for k, v in sorted(dimensions.items()) if v)  # type: ignore[attr-defined]
