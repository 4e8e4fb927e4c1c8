"""How a posted object element becomes a stored record (the shape every write rule reads)."""

from __future__ import annotations

from core.sandbox.intacct.convert import element_to_record
from core.sandbox.intacct.xmlio import parse


def test_leaves_become_stripped_text_and_nested_elements_become_records() -> None:
    vendor = parse(b"<VENDOR><VENDORID> WC-1 </VENDORID><DISPLAYCONTACT><PRINTAS>Ann</PRINTAS>"
                   b"</DISPLAYCONTACT><EMPTY/></VENDOR>")
    assert element_to_record(vendor) == {"VENDORID": "WC-1", "DISPLAYCONTACT": {"PRINTAS": "Ann"}, "EMPTY": ""}


def test_a_repeated_tag_becomes_a_list_in_document_order() -> None:
    items = parse(b"<APBILLITEMS><APBILLITEM><A>1</A></APBILLITEM><APBILLITEM><A>2</A></APBILLITEM>"
                  b"<APBILLITEM><A>3</A></APBILLITEM></APBILLITEMS>")
    assert element_to_record(items) == {"APBILLITEM": [{"A": "1"}, {"A": "2"}, {"A": "3"}]}


def test_an_element_holding_only_a_comment_is_read_as_its_text() -> None:
    memo = parse(b"<X><MEMO> hello <!-- note --></MEMO><?pi data?><Y>2</Y></X>")
    assert element_to_record(memo) == {"MEMO": "hello", "Y": "2"}
