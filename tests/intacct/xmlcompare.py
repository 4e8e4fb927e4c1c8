"""Compare XML as the SDK tests do: whitespace between elements does not count."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from core.intacct.xml import Element, to_bytes
from tests.shared import INTACCT_FIXTURES


def canonical(xml: bytes | str | Element) -> bytes:
    if not isinstance(xml, (bytes, str)):
        xml = to_bytes(xml)
    if isinstance(xml, str):
        xml = xml.encode()
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)
    return etree.tostring(etree.fromstring(xml, parser), method="c14n")


def fixture(name: str) -> bytes:
    """A Sage SDK fixture read in place from ../shared (never copied)."""
    (path,) = Path(INTACCT_FIXTURES).glob(f"{name}-*.xml")
    return path.read_bytes()


def assert_same_xml(actual: bytes | str | Element, expected: bytes | str) -> None:
    assert canonical(actual).decode() == canonical(expected).decode()
