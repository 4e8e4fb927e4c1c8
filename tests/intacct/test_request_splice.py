"""Specification: requests are spliced from serialised functions, byte for byte what one lxml tree gives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.intacct.functions import ApBillCreate, IntacctFunction, Query, ReadMore
from core.intacct.records import ApBill, ApBillLine
from core.intacct.request import LoginAuth, SessionAuth, build_request, control_block, operation_block
from core.intacct.xml import Element, element, to_bytes

BILL = ApBillCreate("w1", ApBill("V & <1>", "1\x01", date(2024, 1, 2), (ApBillLine("6000", Decimal("1")),)))
FUNCTIONS: list[IntacctFunction] = [ReadMore("r1", "abc"), BILL, Query("q\"1", "VENDOR", ["NAME"])]


def _as_one_tree(auth: SessionAuth | LoginAuth, functions: list[IntacctFunction]) -> bytes:
    root = element("request")
    root.append(control_block("s", "p", "req1", any(f.is_write for f in functions)))
    root.append(operation_block(auth, functions))
    return to_bytes(root, declaration=True)


def test_a_request_is_the_same_bytes_as_serialising_one_tree():
    for auth in (SessionAuth("sess"), LoginAuth("u", "c", "pw", "e")):
        assert build_request("s", "p", auth, FUNCTIONS, control_id="req1") == _as_one_tree(auth, FUNCTIONS)


def test_a_request_without_functions_keeps_an_empty_content():
    assert build_request("s", "p", SessionAuth("x"), [], control_id="req1") == _as_one_tree(SessionAuth("x"), [])


@dataclass(frozen=True)
class _Rendered(IntacctFunction):
    control_id: str
    raw: bytes
    function_name = "rendered"

    def body(self) -> Element:
        raise AssertionError("a prerendered function is never rebuilt")

    def rendered(self) -> bytes:
        return self.raw


def test_a_prerendered_function_is_spliced_in_as_it_is():
    raw = b'<function controlid="x1"><readMore><resultId>kept as is</resultId></readMore></function>'
    body = build_request("s", "p", SessionAuth("x"), [_Rendered("x1", raw)])
    assert body.endswith(b"<content>" + raw + b"</content></operation></request>")
