"""Record predicates shared by ``query`` filters and ``readByQuery`` query strings.

Values compare as numbers when both sides are numbers, as dates when both are ``mm/dd/yyyy``, else as text;
text comparison is case sensitive unless asked otherwise (``query`` ``options/caseinsensitive``, §5.7).
A field that is absent or empty is null. Dotted names reach into nested records (``DISPLAYCONTACT.EMAIL1``).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from core.sandbox.intacct.convert import path_value, us_date
from core.sandbox.intacct.store import Record

Predicate = Callable[[Record], bool]
Operand = Callable[[Record], str | None]

COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "equalto": operator.eq,
    "notequalto": operator.ne,
    "lessthan": operator.lt,
    "lessthanorequalto": operator.le,
    "greaterthan": operator.gt,
    "greaterthanorequalto": operator.ge,
}


def field(name: str) -> Operand:
    """An operand reading a (dotted) field; empty text counts as null."""
    return lambda record: path_value(record, name) or None


def literal(value: str) -> Operand:
    """An operand that is a constant."""
    return lambda record: value


def _key(value: str, fold: bool) -> tuple[int, Decimal | date | str]:
    try:
        return 0, Decimal(value)
    except InvalidOperation:
        pass
    as_date = us_date(value)
    if as_date is not None:
        return 1, as_date
    return 2, value.casefold() if fold else value


def sort_key(value: str | None, fold: bool = False) -> tuple[int, Decimal | date | str]:
    """An ordering key for ``orderby``: nulls first, then numbers, dates, text."""
    return (-1, "") if value is None else _key(value, fold)


def _keys(a: str, b: str, fold: bool) -> tuple[Any, Any]:
    ka, kb = _key(a, fold), _key(b, fold)
    if ka[0] != kb[0]:  # mixed kinds: compare as text
        return (a.casefold(), b.casefold()) if fold else (a, b)
    return ka[1], kb[1]


def compare(op: str, left: Operand, right: Operand, fold: bool = False) -> Predicate:
    """``left <op> right`` for an operator name of :data:`COMPARATORS`; null never compares true."""
    fn = COMPARATORS[op]

    def test(record: Record) -> bool:
        a, b = left(record), right(record)
        if a is None or b is None:
            return op == "notequalto" and (a is None) != (b is None)
        return bool(fn(*_keys(a, b, fold)))

    return test


def member(left: Operand, values: Sequence[str], fold: bool = False, negate: bool = False) -> Predicate:
    """``left IN (values)`` (or ``NOT IN``)."""

    def test(record: Record) -> bool:
        a = left(record)
        found = a is not None and any(operator.eq(*_keys(a, v, fold)) for v in values)
        return found != negate

    return test


def like(left: Operand, pattern: str, fold: bool = False, negate: bool = False) -> Predicate:
    """SQL ``LIKE`` with ``%`` and ``_`` wildcards."""
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    compiled = re.compile(regex, re.IGNORECASE | re.DOTALL if fold else re.DOTALL)

    def test(record: Record) -> bool:
        a = left(record)
        return (a is not None and compiled.fullmatch(a) is not None) != negate

    return test


def is_null(left: Operand, negate: bool = False) -> Predicate:
    """``IS NULL`` / ``IS NOT NULL``."""
    return lambda record: (left(record) is None) != negate


def all_of(parts: Sequence[Predicate]) -> Predicate:
    """Logical AND of ``parts`` (true when empty)."""
    return lambda record: all(p(record) for p in parts)


def any_of(parts: Sequence[Predicate]) -> Predicate:
    """Logical OR of ``parts``."""
    return lambda record: any(p(record) for p in parts)


def negation(part: Predicate) -> Predicate:
    """Logical NOT."""
    return lambda record: not part(record)
