"""The ``<filter>`` element of the 3.0 ``query`` function as a record predicate (INTACCT-API.md §5.7).

Operators: equalto, notequalto, lessthan(orequalto), greaterthan(orequalto), between, in, notin, like,
notlike, isnull, isnotnull, nested inside and/or.
"""

from __future__ import annotations

from lxml import etree

from core.sandbox.intacct import predicates as p
from core.sandbox.intacct.errors import QUERY_FAILED_ERRORNO, ErrorDetail, FunctionFailure


def _bad(reason: str) -> FunctionFailure:
    return FunctionFailure(ErrorDetail(QUERY_FAILED_ERRORNO, "", reason, "Check the filter element."))


def _values(node: etree._Element) -> list[str]:
    return [(v.text or "").strip() for v in node.findall("value")]


def compile_filter(node: etree._Element, fold: bool) -> p.Predicate:
    """The predicate for one filter operator element; raises :class:`FunctionFailure` on a bad one."""
    op = str(node.tag)
    if op in ("and", "or"):
        parts = [compile_filter(child, fold) for child in node if isinstance(child.tag, str)]
        return p.all_of(parts) if op == "and" else p.any_of(parts)
    name = (node.findtext("field") or "").strip()
    if not name:
        raise _bad(f"Filter operator {op} has no field")
    left, values = p.field(name), _values(node)
    if op in ("isnull", "isnotnull"):
        return p.is_null(left, negate=op == "isnotnull")
    if not values:
        raise _bad(f"Filter operator {op} on {name} has no value")
    if op in p.COMPARATORS:
        return p.compare(op, left, p.literal(values[0]), fold)
    if op == "between" and len(values) == 2:
        low = p.compare("greaterthanorequalto", left, p.literal(values[0]), fold)
        return p.all_of([low, p.compare("lessthanorequalto", left, p.literal(values[1]), fold)])
    if op in ("in", "notin"):
        return p.member(left, values, fold, negate=op == "notin")
    if op in ("like", "notlike"):
        return p.like(left, values[0], fold, negate=op == "notlike")
    raise _bad(f"Unsupported filter operator {op}")


def filter_predicate(query: etree._Element, fold: bool) -> p.Predicate:
    """The predicate of a ``<query>``'s ``<filter>`` (true for every record when there is none)."""
    node = query.find("filter")
    children = [c for c in node if isinstance(c.tag, str)] if node is not None else []
    return p.all_of([compile_filter(child, fold) for child in children])
