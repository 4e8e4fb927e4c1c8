"""An order's books: amounts per GL account and dimension set, and the documents that carry them.

THE rule (docs/mapping.md, "The net-effect rule"): for every order, the lines of every document Intacct holds
for it — the bill, each refund's adjustment (or negative bill), each correction — add up, per account and
dimension set, to what the store implies: the order's bill lines plus its refunds' lines, or nothing at all
for an order that is cancelled, failed, trashed or was never billable. Any difference is either posted as a
correction or kept as an open item a person sees; it is never left silent.

A :data:`Net` is such a sum, ``{Account: amount}`` with zero entries dropped. Amounts are what the
documents *do* to the books: a bill line counts as written; an adjustment line counts with
:func:`adjustment_effect` (an adjustment's sign is a setting, see :mod:`.refunds`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from core.intacct.records import ApAdjustment, ApBill
from core.settings import MappingSettings

ZERO = Decimal("0")


@dataclass(frozen=True, order=True)
class Account:
    """A GL account with the dimension values a line carries (names upper case, sorted)."""

    account_no: str
    dimensions: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, account_no: str, dimensions: Mapping[str, str] | None = None) -> Account:
        dims = tuple(sorted((k.upper(), str(v)) for k, v in (dimensions or {}).items() if v not in (None, "")))
        return cls(str(account_no), dims)

    def __str__(self) -> str:
        dims = " ".join(f"{k}={v}" for k, v in self.dimensions)
        return f"{self.account_no} [{dims}]" if dims else self.account_no


Net = dict[Account, Decimal]


def net_of(entries: Iterable[tuple[Account, Decimal]]) -> Net:
    """Sum amounts per account; zero sums are dropped."""
    out: Net = {}
    for account, amount in entries:
        out[account] = out.get(account, ZERO) + amount
    return {k: v for k, v in sorted(out.items()) if v != 0}


def combine(*nets: Mapping[Account, Decimal]) -> Net:
    return net_of((k, v) for n in nets for k, v in n.items())


def minus(a: Mapping[Account, Decimal], b: Mapping[Account, Decimal]) -> Net:
    """``a - b`` per account."""
    return net_of([*a.items(), *((k, -v) for k, v in b.items())])


def negated(net: Mapping[Account, Decimal]) -> Net:
    return {k: -v for k, v in net.items()}


def total(net: Mapping[Account, Decimal]) -> Decimal:
    return sum(net.values(), ZERO)


def adjustment_effect(mapping: MappingSettings) -> int:
    """+1 when an adjustment line's amount is its effect on the books (``adjustment_sign = "negative"``:
    a negative line lowers what is owed), -1 when positive lines are taken to lower it."""
    return -1 if mapping.adjustment_sign == "positive" else 1


def document_net(doc: ApBill | ApAdjustment, mapping: MappingSettings) -> Net:
    """What one document does to the order's books."""
    factor = 1 if isinstance(doc, ApBill) else adjustment_effect(mapping)
    return net_of((Account.of(line.account_no, line.dimensions), line.amount * factor) for line in doc.lines)


def describe(net: Mapping[Account, Decimal]) -> str:
    """``6000 -9.00, 2200 -1.80`` (or ``nothing``) for messages and the console."""
    return ", ".join(f"{k} {v:+.2f}" for k, v in sorted(net.items())) or "nothing"


def to_json(net: Mapping[Account, Decimal]) -> str:
    return json.dumps([[k.account_no, dict(k.dimensions), str(v)] for k, v in sorted(net.items())])


def from_json(text: str | None) -> Net:
    if not text:
        return {}
    return net_of((Account.of(a, d), Decimal(v)) for a, d, v in json.loads(text))


@dataclass(frozen=True)
class PostedOrder:
    """What Intacct holds for one order, as the ledger knows it (every document that is ``done``)."""

    bill: Net | None = None
    """The bill's lines; None while the order has no bill in Intacct."""
    refunds: Mapping[int, Net] = field(default_factory=dict)
    """Refund id → what its document did."""
    corrections: tuple[Net, ...] = ()
    """Correction documents posted for the order (money edits, reversals)."""
    handled: tuple[Net, ...] = ()
    """Differences an operator marked as handled in Intacct by hand (with a note, audited)."""

    @property
    def has_bill(self) -> bool:
        return self.bill is not None

    def total(self) -> Net:
        return combine(self.bill or {}, *self.refunds.values(), *self.corrections, *self.handled)
