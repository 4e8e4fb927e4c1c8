"""Filter objects for ``query`` (api.xsd ``filteroption``): comparisons inside ``<and>``/``<or>``.

Values are strings as the gateway compares them; dates in ``mm/dd/yyyy`` (INTACCT-API.md §5.5).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from core.intacct.xml import Element, element, sub


class Filter(ABC):
    @abstractmethod
    def to_xml(self) -> Element:
        """The filter's element (placed inside ``<filter>``)."""


@dataclass(frozen=True)
class _Compare(Filter):
    field: str
    value: str
    tag: ClassVar[str] = ""

    def to_xml(self) -> Element:
        el = element(self.tag)
        sub(el, "field", self.field)
        sub(el, "value", self.value)
        return el


class EqualTo(_Compare):
    tag = "equalto"


class NotEqualTo(_Compare):
    tag = "notequalto"


class LessThan(_Compare):
    tag = "lessthan"


class LessThanOrEqualTo(_Compare):
    tag = "lessthanorequalto"


class GreaterThan(_Compare):
    tag = "greaterthan"


class GreaterThanOrEqualTo(_Compare):
    tag = "greaterthanorequalto"


class Like(_Compare):
    tag = "like"


class NotLike(_Compare):
    tag = "notlike"


@dataclass(frozen=True)
class _Many(Filter):
    field: str
    values: Sequence[str]
    tag: ClassVar[str] = ""

    def to_xml(self) -> Element:
        if not 1 <= len(self.values) <= 1000:
            raise ValueError(f"{self.tag} takes 1 to 1000 values (api.xsd)")
        el = element(self.tag)
        sub(el, "field", self.field)
        for value in self.values:
            sub(el, "value", value)
        return el


class In(_Many):
    tag = "in"


class NotIn(_Many):
    tag = "notin"


@dataclass(frozen=True)
class Between(Filter):
    field: str
    low: str
    high: str

    def to_xml(self) -> Element:
        el = element("between")
        sub(el, "field", self.field)
        sub(el, "value", self.low)
        sub(el, "value", self.high)
        return el


@dataclass(frozen=True)
class _Null(Filter):
    field: str
    tag: ClassVar[str] = ""

    def to_xml(self) -> Element:
        el = element(self.tag)
        sub(el, "field", self.field)
        return el


class IsNull(_Null):
    tag = "isnull"


class IsNotNull(_Null):
    tag = "isnotnull"


class _Logical(Filter):
    tag: ClassVar[str] = ""

    def __init__(self, *filters: Filter) -> None:
        if len(filters) < 2:
            raise ValueError(f"<{self.tag}> needs at least two conditions (api.xsd)")
        self.filters = filters

    def to_xml(self) -> Element:
        el = element(self.tag)
        for f in self.filters:
            el.append(f.to_xml())
        return el

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, _Logical) and other.filters == self.filters

    def __hash__(self) -> int:
        return hash((self.tag, self.filters))


class And(_Logical):
    tag = "and"


class Or(_Logical):
    tag = "or"
