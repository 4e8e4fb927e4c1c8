"""lxml helpers for the gateway: every value made XML-safe on the way in, one hardened parser on the way out.

Why one module: the rule "every text value and attribute goes through :func:`core.xmltext.xml_safe`" is only
true if nothing builds elements another way, and the rule "a response may not carry a DTD or entities"
is only true if nothing parses another way (INTACCT-API.md §6; XXE).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeAlias

from lxml import etree

from core.intacct.errors import MalformedResponseError, XmlSecurityError
from core.xmltext import xml_safe

Element: TypeAlias = etree._Element
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_CENT = Decimal("0.01")
_Element = etree.Element
_SubElement = etree.SubElement


_LINE_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_INVISIBLE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]")


def single_line(value: str) -> str:
    """``value`` fit for a one-line field (a vendor NAME, a contact, an address line): line breaks and other
    controls (C0, C1, U+2028/9) become one space, bidi overrides and isolates and lone surrogates are removed
    (they would reorder or corrupt what an Intacct user reads), and the ends are trimmed.

    Fast path: printable text (``str.isprintable``) has none of them (bidi controls are format characters)."""
    if value.isprintable():
        return value
    return _LINE_BREAKS.sub(" ", _INVISIBLE.sub("", value)).strip()


def element(tag: str, text: str | None = None, attrib: Mapping[str, str] | None = None) -> Element:
    """A new element whose text and attribute values are stripped of XML-forbidden characters."""
    el = _Element(tag)
    if text is not None:
        el.text = xml_safe(text)
    if attrib:
        _set_attributes(el, attrib)
    return el


def sub(parent: Element, tag: str, text: str | None = None, attrib: Mapping[str, str] | None = None) -> Element:
    """A child of ``parent`` built like :func:`element`.

    Inlined rather than layered over a shared helper: every value of every request passes here (about 25
    calls per bill), so each Python call saved shows in the mapping and push benches.
    """
    el = _SubElement(parent, tag)
    if text is not None:
        el.text = xml_safe(text)
    if attrib:
        _set_attributes(el, attrib)
    return el


def sub_if(parent: Element, tag: str, value: str | None) -> None:
    """Add ``<tag>value</tag>`` only when ``value`` is not None (None means "not sent")."""
    if value is not None:
        _SubElement(parent, tag).text = xml_safe(value)


def _set_attributes(el: Element, attrib: Mapping[str, str]) -> None:
    for key, value in attrib.items():
        el.set(key, xml_safe(value))


def to_bytes(el: Element, *, declaration: bool = False) -> bytes:
    """UTF-8 serialisation, without pretty-printing (``includewhitespace`` false on the way back too)."""
    body: bytes = etree.tostring(el, encoding="UTF-8", xml_declaration=False)
    return XML_DECLARATION + body if declaration else body


def mdy(value: date) -> str:
    """``mm/dd/yyyy``, the date format of the generic 3.0 objects (INTACCT-API.md §5.5)."""
    return value.strftime("%m/%d/%Y")


def sub_legacy_date(parent: Element, tag: str, value: date) -> None:
    """Legacy functions split dates: ``<tag><year/><month/><day/></tag>``, zero-padded as the SDKs write them."""
    holder = sub(parent, tag)
    sub(holder, "year", f"{value.year:04d}")
    sub(holder, "month", f"{value.month:02d}")
    sub(holder, "day", f"{value.day:02d}")


def money(amount: Decimal, places: int = 2) -> str:
    """``places`` decimals (2, or 0 for a zero-decimal currency such as JPY), never an exponent. Intacct rounds
    beyond two places (INTACCT-API.md §5.4), so more than two are never written; we round first, half up."""
    quantum = Decimal(1).scaleb(-min(max(places, 0), 2))
    return f"{amount.quantize(quantum, rounding=ROUND_HALF_UP):f}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )


def parse(data: bytes) -> Element:
    """Parse a gateway response. A DOCTYPE (internal subset, entities, external DTD) is refused outright.

    Raises :class:`XmlSecurityError` for a DOCTYPE and :class:`MalformedResponseError` for anything that is
    not well-formed XML.
    """
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        if b"<!DOCTYPE" in data.upper():
            raise XmlSecurityError("response declares a DTD; refused") from None
        raise MalformedResponseError(f"response is not well-formed XML ({exc})") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise XmlSecurityError("response declares a DTD; refused")
    root = tree.getroot()
    if _has_entity_nodes(root):
        raise XmlSecurityError("response contains entity references; refused")
    return root


def _has_entity_nodes(root: Element) -> bool:
    return any(isinstance(node, etree._Entity) for node in root.iter())
