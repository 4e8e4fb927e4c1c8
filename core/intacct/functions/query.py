"""``query``, the 3.0 read with structured filters and offset paging (INTACCT-API.md §5.7; fixture F20)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

from core.intacct.functions.base import IntacctFunction
from core.intacct.functions.filters import Filter
from core.intacct.xml import Element, element, sub

DEFAULT_PAGESIZE = 100
MAX_PAGESIZE = 2000


@dataclass(frozen=True)
class OrderBy:
    field: str
    direction: Literal["ascending", "descending"] = "ascending"


@dataclass(frozen=True)
class Query(IntacctFunction):
    """``pagesize`` and ``offset`` are written only when they differ from api.xsd's defaults (100, 0)."""

    control_id: str
    object: str
    select: Sequence[str]
    filter: Filter | None = None
    orderby: Sequence[OrderBy] = field(default_factory=tuple)
    pagesize: int = DEFAULT_PAGESIZE
    offset: int = 0
    case_insensitive: bool = False
    function_name: ClassVar[str] = "query"

    def validate(self) -> None:
        if not self.select:
            raise ValueError("query needs at least one field in select")
        if not 1 <= self.pagesize <= MAX_PAGESIZE:
            raise ValueError(f"query pagesize must be 1 to {MAX_PAGESIZE}")
        if self.offset < 0:
            raise ValueError("query offset must be 0 or more")

    def at_offset(self, offset: int) -> Query:
        """The same query for the page starting at ``offset`` (reads may reuse a controlid: uniqueid false)."""
        return replace(self, offset=offset)

    def body(self) -> Element:
        el = element(self.function_name)
        select = sub(el, "select")
        for name in self.select:
            sub(select, "field", name)
        sub(el, "object", self.object)
        if self.filter is not None:
            sub(el, "filter").append(self.filter.to_xml())
        if self.orderby:
            orderby = sub(el, "orderby")
            for order in self.orderby:
                o = sub(orderby, "order")
                sub(o, "field", order.field)
                sub(o, order.direction)
        if self.case_insensitive:
            sub(sub(el, "options"), "caseinsensitive", "true")
        if self.pagesize != DEFAULT_PAGESIZE:
            sub(el, "pagesize", str(self.pagesize))
        if self.offset:
            sub(el, "offset", str(self.offset))
        return el
