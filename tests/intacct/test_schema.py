"""Every kind of request we can build validates against Sage's api.xsd (read in place)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.intacct.client import build_request_xml
from core.intacct.functions import (
    And,
    ApAdjustmentCreate,
    ApBillCreate,
    ApBillUpdate,
    Between,
    EqualTo,
    GetApiSession,
    In,
    IsNotNull,
    Like,
    NotIn,
    Or,
    OrderBy,
    Query,
    ReadByName,
    ReadByQuery,
    ReadMore,
    VendorCreate,
    VendorUpdate,
)
from core.intacct.records import (
    ApAdjustment,
    ApAdjustmentLine,
    ApBill,
    ApBillChanges,
    ApBillLine,
    Contact,
    MailAddress,
    Vendor,
)
from core.intacct.request import LoginAuth, SessionAuth, build_request
from core.intacct.schema import load_schema, validate_request
from core.secret import Secret
from core.settings import IntacctSettings
from tests.shared import API_XSD

VENDOR = Vendor("WC-1", "Ada", Contact(print_as="Ada", email1="a@example.com",
                                      mail_address=MailAddress("1 St", city="X", country="United States")))
BILL = ApBill("WC-1", "1001", date(2024, 1, 2), (ApBillLine("6000", Decimal("9.99"), "x", {"LOCATIONID": "1"}),),
              when_posted=date(2024, 1, 2), when_due=date(2024, 2, 1), currency="EUR", base_currency="USD",
              exchange_rate_type="Intacct Daily Rate", doc_number="D", description="d")
ADJ = ApAdjustment("WC-1", date(2024, 1, 3), (ApAdjustmentLine("6000", Decimal("-1"), "m",
                                                              {"LOCATIONID": "1", "PROJECTID": "P", "CLASSID": "C"}),),
                   adjustment_no="1001-R1", bill_no="1001", description="r", when_posted=date(2024, 1, 3),
                   currency="USD", base_currency="USD")

FUNCTIONS = {
    "vendor create": VendorCreate("f1", VENDOR),
    "vendor update": VendorUpdate("f2", Vendor("WC-1", status="inactive")),
    "bill create": ApBillCreate("f3", BILL),
    "bill update": ApBillUpdate("f4", ApBillChanges("12", "d", "D", date(2024, 3, 1))),
    "adjustment create": ApAdjustmentCreate("f5", ADJ),
    "query": Query("f6", "VENDOR", ["VENDORID", "NAME"],
                   filter=And(EqualTo("A", "1"), Or(In("B", ["1", "2"]), NotIn("C", ["3"])), Like("D", "x%"),
                              Between("E", "1", "2"), IsNotNull("F")),
                   orderby=[OrderBy("NAME")], pagesize=2000, offset=10, case_insensitive=True),
    "query minimal": Query("f7", "GLACCOUNT", ["ACCOUNTNO"]),
    "readByQuery": ReadByQuery("f8", "VENDOR", "STATUS = 'T'"),
    "readByQuery everything": ReadByQuery("f9", "VENDOR"),
    "readMore": ReadMore("f10", "res-1"),
    "readByName": ReadByName("f11", "VENDOR", ["V1", "V2"]),
    "getAPISession": GetApiSession("f12"),
    "getAPISession entity": GetApiSession("f13", "E1"),
    "getAPISession top level": GetApiSession("f14", ""),
}
AUTHS = {
    "login": LoginAuth("u", "c", "p"),
    "login entity": LoginAuth("u", "c", "p", "E1"),
    "session": SessionAuth("sess.."),
}


@pytest.fixture(scope="module", autouse=True)
def _schema():
    load_schema(API_XSD)  # about a second, once


@pytest.mark.parametrize("auth", list(AUTHS.values()), ids=list(AUTHS))
@pytest.mark.parametrize("function", list(FUNCTIONS.values()), ids=list(FUNCTIONS))
def test_each_function_with_each_authentication_is_schema_valid(function, auth):
    assert validate_request(build_request("s", "p", auth, [function]), API_XSD) == []


def test_a_batch_of_every_function_is_schema_valid():
    body = build_request("s", "p", AUTHS["session"], list(FUNCTIONS.values()))
    assert validate_request(body, API_XSD) == []


def test_masked_preview_request_is_schema_valid_and_hides_both_passwords():
    settings = IntacctSettings(sender_id="s", sender_password=Secret("sender-pw-1"), company_id="c", user_id="u",
                               user_password=Secret("user-pw-1"), entity_id="E1")
    body = build_request_xml(settings, [FUNCTIONS["bill create"]], masked=True)
    assert validate_request(body, API_XSD) == []
    assert b"sender-pw-1" not in body and b"user-pw-1" not in body
    assert body.count(b"<password>********</password>") == 2


def test_a_request_in_the_wrong_element_order_is_reported():
    body = build_request("s", "p", AUTHS["login"], [FUNCTIONS["query minimal"]])
    broken = body.replace(b"<userid>u</userid><companyid>c</companyid>", b"<companyid>c</companyid><userid>u</userid>")
    assert validate_request(broken, API_XSD) != []
