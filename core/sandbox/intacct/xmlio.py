"""XML in and out for the sandbox gateway: a hardened parser and the builders of Sage's response shapes.

Response shapes follow ``intacct_response.v2.1.dtd`` and the fixtures (INTACCT-API.md §1.2, F6–F14):
``response(control, (operation+ | errormessage))``, ``control(status, senderid, controlid, uniqueid?,
dtdversion?)``, ``error(errorno, description, description2, correction)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from core.sandbox.intacct.errors import ErrorDetail
from core.xmltext import xml_safe

CONTENT_TYPE = 'text/xml; encoding="UTF-8"'

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_blank_text=True
)


def parse(body: bytes) -> etree._Element:
    """Parse a request body; raises ``etree.XMLSyntaxError`` on ill-formed input. No DTD, entity or network."""
    return etree.fromstring(body, parser=_PARSER)


def text_of(parent: etree._Element | None, tag: str, default: str = "") -> str:
    """Stripped text of the first child ``tag`` of ``parent``, or ``default`` when absent."""
    if parent is None:
        return default
    child = parent.find(tag)
    if child is None:
        return default
    return (child.text or "").strip()


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a child element with optional text and attributes (text made XML-safe)."""
    child = etree.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        child.text = xml_safe(text)
    return child


def errormessage(parent: etree._Element, errors: Iterable[ErrorDetail]) -> etree._Element:
    """Append ``<errormessage>`` with one ``<error>`` per detail, all four children always written."""
    block = sub(parent, "errormessage")
    for err in errors:
        node = sub(block, "error")
        sub(node, "errorno", err.errorno)
        sub(node, "description", err.description)
        sub(node, "description2", err.description2)
        sub(node, "correction", err.correction)
    return block


def control_block(
    parent: etree._Element, status: str, senderid: str, controlid: str, uniqueid: str, dtdversion: str
) -> etree._Element:
    """Append the response ``<control>`` echoing the request's ids, as in F6/F8."""
    block = sub(parent, "control")
    sub(block, "status", status)
    sub(block, "senderid", senderid)
    sub(block, "controlid", controlid)
    sub(block, "uniqueid", uniqueid)
    sub(block, "dtdversion", dtdversion)
    return block


def serialize(root: etree._Element) -> bytes:
    """The response bytes, UTF-8 with an XML declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def bare_failure(errors: Iterable[ErrorDetail]) -> bytes:
    """``<response><control><status>failure</status></control><errormessage>…`` (GW-nnnn shape, §4)."""
    root = etree.Element("response")
    control = sub(root, "control")
    sub(control, "status", "failure")
    errormessage(root, errors)
    return serialize(root)
