"""Specification: a written-ahead write is re-sent byte for byte, never re-planned or re-serialised."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from core.intacct.functions import ApBillCreate
from core.intacct.records import ApBill, ApBillLine
from core.intacct.request import SessionAuth, build_request
from core.sync.stored import StoredFunction, function_xml

LINE = ApBillLine("6000", Decimal("12.50"), entry_description="Tee & cap")
BILL = ApBillCreate("order-7-create-apbill-abc", ApBill("WC-7", "7", date(2024, 1, 2), (LINE,)))


def test_a_stored_write_makes_the_same_request_as_the_function_it_was_planned_as():
    stored = StoredFunction(BILL.control_id, function_xml(BILL))
    planned = build_request("s", "p", SessionAuth("x"), [BILL], control_id="r")
    assert build_request("s", "p", SessionAuth("x"), [stored], control_id="r") == planned


def test_stored_bytes_are_sent_as_they_are():
    stored = StoredFunction(BILL.control_id, function_xml(BILL))
    assert stored.rendered() is stored.xml


def test_stored_xml_under_another_controlid_is_sent_under_the_writes_controlid():
    stored = StoredFunction("order-7-create-apbill-new", function_xml(BILL))
    sent = etree.fromstring(build_request("s", "p", SessionAuth("x"), [stored]))
    (function,) = sent.find("operation/content")
    assert function.get("controlid") == "order-7-create-apbill-new"
    assert etree.tostring(function[0]) == etree.tostring(etree.fromstring(function_xml(BILL))[0])
