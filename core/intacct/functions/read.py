"""Legacy reads: ``readByQuery`` (F19), ``readMore`` (continue by resultId) and ``readByName`` (by key)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from core.intacct.functions.base import IntacctFunction
from core.intacct.xml import Element, element, sub

MAX_READ_PAGESIZE = 1000


@dataclass(frozen=True)
class ReadByQuery(IntacctFunction):
    """``query`` is the SQL-like string (quotes escaped with backslashes); ``""`` reads everything."""

    control_id: str
    object: str
    query: str = ""
    fields: str = "*"
    pagesize: int = 100
    function_name: ClassVar[str] = "readByQuery"

    def validate(self) -> None:
        if not 1 <= self.pagesize <= MAX_READ_PAGESIZE:
            raise ValueError(f"readByQuery pagesize must be 1 to {MAX_READ_PAGESIZE}")

    def body(self) -> Element:
        el = element(self.function_name)
        sub(el, "object", self.object)
        sub(el, "query", self.query or None)
        sub(el, "fields", self.fields)
        sub(el, "pagesize", str(self.pagesize))
        sub(el, "returnFormat", "xml")
        return el


@dataclass(frozen=True)
class ReadMore(IntacctFunction):
    """The next page of a ``readByQuery`` whose ``<data>`` carried ``resultId``."""

    control_id: str
    result_id: str
    function_name: ClassVar[str] = "readMore"

    def validate(self) -> None:
        if not self.result_id:
            raise ValueError("readMore needs a resultId")

    def body(self) -> Element:
        el = element(self.function_name)
        sub(el, "resultId", self.result_id)
        return el


@dataclass(frozen=True)
class ReadByName(IntacctFunction):
    """Records by their name key (VENDORID, ACCOUNTNO, …); several keys are joined with commas."""

    control_id: str
    object: str
    keys: Sequence[str]
    fields: str = "*"
    function_name: ClassVar[str] = "readByName"

    def validate(self) -> None:
        if not self.keys:
            raise ValueError("readByName needs at least one key")

    def body(self) -> Element:
        el = element(self.function_name)
        sub(el, "object", self.object)
        sub(el, "keys", ",".join(self.keys))
        sub(el, "fields", self.fields)
        sub(el, "returnFormat", "xml")
        return el



MAX_READ_KEYS = 100


@dataclass(frozen=True)
class Read(ReadByName):
    """Generic ``read`` (``api.xsd``): the same body as :class:`ReadByName`, with RECORDNOs as ``keys``; with
    ``fields`` ``*`` a bill or an adjustment comes with its lines (``APBILLITEMS`` / ``APADJUSTMENTITEMS``).
    At most 100 keys per read."""

    function_name: ClassVar[str] = "read"

    def validate(self) -> None:
        if not 1 <= len(self.keys) <= MAX_READ_KEYS:
            raise ValueError(f"read takes 1 to {MAX_READ_KEYS} keys")
