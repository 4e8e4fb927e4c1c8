"""The request envelope is written exactly as Sage's SDKs write it (fixtures F1, F3, F4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from core.intacct.functions import ApBillCreate, GetApiSession, Query, ReadMore
from core.intacct.records import ApBill, ApBillLine
from core.intacct.request import (
    LoginAuth,
    SessionAuth,
    authentication_block,
    build_request,
    control_block,
    operation_block,
)
from tests.intacct.xmlcompare import assert_same_xml, fixture

BILL = ApBillCreate("w1", ApBill("V1", "1", date(2024, 1, 2), (ApBillLine("6000", Decimal("1")),)))


def test_control_block_matches_sdk_fixture_f1():
    assert_same_xml(control_block("testsenderid", "pass123!", "unittest", False), fixture("F1"))


def test_operation_with_login_and_get_api_session_matches_sdk_fixture_f3():
    auth = LoginAuth("testuser", "testcompany", "testpass")
    assert_same_xml(operation_block(auth, [GetApiSession("unittest")]), fixture("F3"))


def test_login_with_entity_matches_sdk_fixture_f4():
    auth = LoginAuth("testuser", "testcompany", "testpass", "testentity")
    assert_same_xml(authentication_block(auth), fixture("F4"))


def test_session_authentication_carries_only_the_session_id():
    assert_same_xml(authentication_block(SessionAuth("abc..")),
                    "<authentication><sessionid>abc..</sessionid></authentication>")


def _unique_id(body: bytes) -> str:
    return etree.fromstring(body).findtext("control/uniqueid")


def test_read_only_request_has_uniqueid_false():
    assert _unique_id(build_request("s", "p", SessionAuth("x"), [ReadMore("r1", "abc")])) == "false"


def test_request_with_a_write_has_uniqueid_true():
    assert _unique_id(build_request("s", "p", SessionAuth("x"), [BILL])) == "true"


def test_request_mixing_reads_and_writes_has_uniqueid_true():
    assert _unique_id(build_request("s", "p", SessionAuth("x"), [ReadMore("r1", "abc"), BILL])) == "true"


def test_request_is_utf8_with_an_xml_declaration():
    body = build_request("s", "p", SessionAuth("x"), [Query("q", "VENDOR", ["NAME"])])
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_request_envelope_order_and_fixed_values():
    body = build_request("s", "p", SessionAuth("x"), [BILL], control_id="req1")
    root = etree.fromstring(body)
    assert [c.tag for c in root.find("control")] == [
        "senderid", "password", "controlid", "uniqueid", "dtdversion", "includewhitespace"]
    assert root.findtext("control/dtdversion") == "3.0"
    assert root.findtext("control/includewhitespace") == "false"
    assert root.find("operation").get("transaction") == "false"


def test_duplicate_function_control_ids_in_one_request_are_refused():
    with pytest.raises(ValueError, match="unique"):
        build_request("s", "p", SessionAuth("x"), [ReadMore("r", "a"), ReadMore("r", "b")])
