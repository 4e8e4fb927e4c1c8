"""Checking mapped lines against the accounts and dimensions that exist in Intacct.

``ReferenceData`` is the connector's cache of GLACCOUNT, LOCATION, DEPARTMENT, CLASS, … ids (read with
``query``, INTACCT-API.md §5.7). :func:`validate` returns one :class:`Problem` per line field Intacct would
reject, so the event stops with a readable reason before anything is posted: an account or dimension value
that does not exist, or that exists but is inactive (STATUS ``inactive``: Intacct refuses lines on it,
"Invalid GL Account '6900' specified."). A dimension field with no list in the reference data (not cached,
e.g. PROJECTID in a company without projects) is not checked; the account always is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from core.intacct.records import ApAdjustment, ApBill, ApBillChanges, Vendor

Record = Vendor | ApBill | ApAdjustment | ApBillChanges


@dataclass(frozen=True)
class ReferenceData:
    accounts: frozenset[str] = frozenset()
    """Known GL account numbers (ACCOUNTNO)."""
    dimensions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Intacct line field (``LOCATIONID``, ``DEPARTMENTID``, …) → known ids."""
    inactive_accounts: frozenset[str] = frozenset()
    """Known GL accounts whose STATUS is not active."""
    inactive_dimensions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Intacct line field → known ids whose STATUS is not active."""


@dataclass(frozen=True)
class Problem:
    line_index: int | None
    """Index of the line in its document (None: the document header)."""
    field: str
    value: str
    message: str
    document: str = ""
    """Which document (bill or adjustment number) the line belongs to."""

    def __str__(self) -> str:
        where = f"line {self.line_index + 1}" if self.line_index is not None else "header"
        return f"{self.document} {where}: {self.message}".strip()


def _document_problems(label: str, lines: Iterable[tuple[str, Mapping[str, str]]], ref: ReferenceData,
                       ) -> list[Problem]:
    out: list[Problem] = []
    for index, (account, dimensions) in enumerate(lines):
        if account not in ref.accounts:
            out.append(Problem(index, "ACCOUNTNO", account,
                               f"GL account {account} does not exist in Intacct (check mapping accounts "
                               "or refresh the reference data)", label))
        elif account in ref.inactive_accounts:
            out.append(Problem(index, "ACCOUNTNO", account,
                               f"GL account {account} is inactive in Intacct (activate it in Intacct or change "
                               "the mapping accounts, then refresh the reference data)", label))
        for name, value in dimensions.items():
            known = ref.dimensions.get(name)
            if known is not None and value not in known:
                out.append(Problem(index, name, value, f"{name} {value} does not exist in Intacct (check "
                                   "mapping.dimensions / category_dimensions)", label))
            elif value in ref.inactive_dimensions.get(name, frozenset()):
                out.append(Problem(index, name, value, f"{name} {value} is inactive in Intacct (activate it "
                                   "or change mapping.dimensions / category_dimensions)", label))
    return out


def validate(records: Iterable[Record], ref: ReferenceData) -> list[Problem]:
    """Every unknown or inactive account or dimension on the lines of bills and adjustments in ``records``."""
    problems: list[Problem] = []
    for record in records:
        if isinstance(record, ApBill):
            lines = [(line.account_no, line.dimensions) for line in record.lines]
            problems += _document_problems(f"bill {record.record_id}", lines, ref)
        elif isinstance(record, ApAdjustment):
            lines = [(line.account_no, line.dimensions) for line in record.lines]
            problems += _document_problems(f"adjustment {record.adjustment_no}", lines, ref)
    return problems
