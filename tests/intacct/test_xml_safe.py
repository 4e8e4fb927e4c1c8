"""Property: whatever text a WooCommerce store holds, the element builder emits well-formed XML that keeps
every character XML 1.0 allows (through core.xmltext.xml_safe)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from core.intacct.xml import element, sub, to_bytes

ALLOWED = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def allowed_only(value: str) -> str:
    return "".join(ch for ch in value if ALLOWED.fullmatch(ch))


def parse(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))


@given(st.text())
def test_any_text_value_serialises_to_well_formed_xml_and_round_trips(value):
    root = element("r")
    sub(root, "v", value)
    parsed = parse(to_bytes(root, declaration=True))
    assert (parsed.findtext("v") or "") == allowed_only(value)


@given(st.text())
def test_any_attribute_value_serialises_to_well_formed_xml_and_round_trips(value):
    parsed = parse(to_bytes(element("function", attrib={"controlid": value})))
    assert parsed.get("controlid") == allowed_only(value)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))))
def test_allowed_characters_are_never_removed(value):
    value = allowed_only(value)
    parsed = parse(to_bytes(element("v", value)))
    assert (parsed.text or "") == value
