"""What an accountant reads about an event: its bill lines, what was sent, and what still needs a person.

Pure reads over core's objects (the plan the sync engine would make, the ledger's write-ahead rows, the
open items); nothing here decides what is posted. Money stays :class:`~decimal.Decimal` throughout.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.cli.outbox_actions import Line, login_name, plan_lines
from core.sync.ledger import OpenItem, WriteRow

__all__ = ["Line", "NeedsAction", "Sent", "currency_totals", "describe_totals", "login_name", "needs_action",
           "plan_lines", "sent", "totals"]

ZERO = Decimal("0")


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
