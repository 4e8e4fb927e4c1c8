"""The SQL-like ``query`` string of legacy ``readByQuery`` as a record predicate (INTACCT-API.md §5.7).

Grammar (a subset of Sage's): comparisons ``= != <> < > <= >=`` between a field and a quoted string or
number, ``[NOT] IN ( … )``, ``[NOT] LIKE '…'``, ``IS [NOT] NULL``, ``NOT``, ``AND``, ``OR``, parentheses,
and ``1=1`` or an empty string for "everything". Quotes inside strings are escaped with a backslash.
``STATUS`` compares as ``T`` (active) / ``F`` (inactive), as Sage documents for readByQuery.
"""

from __future__ import annotations

import re

from core.sandbox.intacct import predicates as p
from core.sandbox.intacct.errors import ErrorDetail, FunctionFailure
from core.sandbox.intacct.store import Record

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:\\.|[^'\\])*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op><=|>=|<>|!=|=|<|>|\(|\)|,)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"
)
_OPS = {"=": "equalto", "!=": "notequalto", "<>": "notequalto", "<": "lessthan", "<=": "lessthanorequalto",
        ">": "greaterthan", ">=": "greaterthanorequalto"}


class QuerySyntaxError(FunctionFailure):
    """The query string cannot be read (Sage answers DL02000001 "There was an error processing the request")."""

    def __init__(self, reason: str) -> None:
        super().__init__(ErrorDetail("DL02000001", "Error", "There was an error processing the request.", reason))


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise QuerySyntaxError(f"Unexpected text at position {pos}: {text[pos:pos + 20]!r}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        tokens.append((kind, value.upper() if kind == "word" and value.upper() in _KEYWORDS else value))
        pos = match.end()
    return tokens


_KEYWORDS = {"AND", "OR", "NOT", "IN", "LIKE", "IS", "NULL"}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (value is not None and token[1] != value):
            raise QuerySyntaxError(f"Expected {value or 'more'} but found {token[1] or 'end of query'}")
        self.pos += 1
        return token

    def expression(self) -> p.Predicate:
        parts = [self.conjunction()]
        while self.peek()[1] == "OR":
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else p.any_of(parts)

    def conjunction(self) -> p.Predicate:
        parts = [self.factor()]
        while self.peek()[1] == "AND":
            self.take()
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else p.all_of(parts)

    def factor(self) -> p.Predicate:
        if self.peek()[1] == "NOT":
            self.take()
            return p.negation(self.factor())
        if self.peek()[1] == "(":
            self.take()
            inner = self.expression()
            self.take(")")
            return inner
        return self.condition()

    def operand(self) -> p.Operand:
        kind, value = self.take()
        if kind == "word" and value.upper() == "STATUS":
            return _status_as_boolean
        if kind == "word" and value not in _KEYWORDS:
            return p.field(value)
        if kind in ("str", "num"):
            return p.literal(value)
        raise QuerySyntaxError(f"Expected a field or a value but found {value}")

    def condition(self) -> p.Predicate:
        left = self.operand()
        negate = self.peek()[1] == "NOT"
        if negate:
            self.take()
        keyword = self.peek()[1]
        if keyword == "IN":
            return p.member(left, self.value_list(), negate=negate)
        if keyword == "LIKE":
            self.take()
            return p.like(left, self.take()[1], negate=negate)
        if keyword == "IS":
            self.take()
            null_negate = self.peek()[1] == "NOT"
            if null_negate:
                self.take()
            self.take("NULL")
            return p.is_null(left, negate=null_negate)
        kind, op = self.take()
        if kind != "op" or op not in _OPS:
            raise QuerySyntaxError(f"Expected a comparison but found {op}")
        return p.compare(_OPS[op], left, self.operand())

    def value_list(self) -> list[str]:
        self.take("IN")
        self.take("(")
        values = [self.take()[1]]
        while self.peek()[1] == ",":
            self.take()
            values.append(self.take()[1])
        self.take(")")
        return values


def _status_as_boolean(record: Record) -> str | None:
    """readByQuery speaks ``T``/``F`` for STATUS where records hold ``active``/``inactive`` (§5.7)."""
    status = p.field("STATUS")(record)
    return {"active": "T", "inactive": "F"}.get(status or "", status)


def query_predicate(text: str) -> p.Predicate:
    """The predicate for a readByQuery ``query`` string; raises :class:`QuerySyntaxError`."""
    if not text.strip():
        return p.all_of([])
    parser = _Parser(text)
    predicate = parser.expression()
    if parser.peek()[0] != "end":
        raise QuerySyntaxError(f"Unexpected {parser.peek()[1]} after the condition")
    return predicate
