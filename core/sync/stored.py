"""A write as it was planned and written ahead: re-sent byte for byte, never re-planned.

A retry or a crash recovery must send the *same* function with the *same* controlid (INTACCT-API.md §3: with
``uniqueid=true`` Intacct refuses a replay of a completed controlid), so the engine keeps each function's
XML in ``sync_writes`` and sends it again through this wrapper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.intacct.functions.base import IntacctFunction
from core.intacct.xml import Element, element, parse, to_bytes


@dataclass(frozen=True)
class StoredFunction(IntacctFunction):
    """A write function from its stored ``<function controlid="…">`` XML."""

    control_id: str
    xml: bytes
    function_name: ClassVar[str] = "stored"
    is_write: ClassVar[bool] = True

    def validate(self) -> None:
        if not self.xml.startswith(b"<function"):
            raise ValueError("stored function XML is not a <function> element")

    def body(self) -> Element:
        return parse(self.xml)[0]

    def rendered(self) -> bytes:
        """The stored bytes, sent as they are (:class:`core.intacct.request.Prerendered`) when they open with
        this write's controlid; anything else is rebuilt around this controlid, as :meth:`body` would."""
        return self.xml if self.xml.startswith(_opening(self.control_id)) else to_bytes(self.to_xml())


def _opening(control_id: str) -> bytes:
    """``<function controlid="…">`` exactly as lxml writes it (attribute escaping included)."""
    return to_bytes(element("function", attrib={"controlid": control_id}))[:-2] + b">"


def function_xml(function: IntacctFunction) -> bytes:
    """The bytes :class:`StoredFunction` re-sends."""
    return to_bytes(function.to_xml())
