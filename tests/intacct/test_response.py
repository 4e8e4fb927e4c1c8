"""Responses are read at three status levels, on Sage's own fixtures (read in place)."""

from __future__ import annotations

import pytest

from core.intacct.errors import (
    AuthenticationError,
    ControlError,
    DuplicateError,
    FunctionFailed,
    MalformedResponseError,
    StaleSessionError,
    XmlSecurityError,
)
from core.intacct.response import check_response, parse_response
from tests.intacct.xmlcompare import fixture

OK_HEAD = (b"<response><control><status>success</status><senderid>s</senderid><controlid>c</controlid></control>"
           b"<operation><authentication><status>success</status><userid>u</userid><companyid>c</companyid>"
           b"</authentication>")


def wrap(*results: bytes) -> bytes:
    return OK_HEAD + b"".join(results) + b"</operation></response>"


def test_get_api_session_success_f6_yields_session_and_timeout():
    response = parse_response(fixture("F6"))
    check_response(response, used_session=False)
    (res,) = response.results
    assert res.ok and res.data.findtext("api/sessionid") == "fAkESesSiOnId.."
    assert response.auth.session_timeout.isoformat() == "2015-10-23T20:58:27-07:00"


def test_authentication_failure_f7_with_login_is_an_authentication_error_for_the_user():
    with pytest.raises(AuthenticationError) as caught:
        check_response(parse_response(fixture("F7")), used_session=False)
    assert caught.value.which == "user" and "Sign-in information is incorrect" in str(caught.value)


def test_authentication_failure_on_a_session_request_s1_means_stale_session():
    with pytest.raises(StaleSessionError):
        check_response(parse_response(fixture("S1")), used_session=True)


@pytest.mark.parametrize("name", ["F8", "F9"])
def test_control_level_failures_are_control_errors(name):
    with pytest.raises(ControlError):
        check_response(parse_response(fixture(name)), used_session=True)


def test_sign_in_failure_at_control_level_f10_blames_the_sender():
    with pytest.raises(AuthenticationError) as caught:
        check_response(parse_response(fixture("F10")), used_session=False)
    assert caught.value.which == "sender"


def test_function_failure_f11_keeps_errors_verbatim():
    (res,) = parse_response(wrap(fixture("F11"))).results
    assert (res.status, res.function, res.control_id) == ("failure", "getAPISession", "func1UnitTest")
    with pytest.raises(FunctionFailed) as caught:
        res.raise_for_status()
    assert caught.value.errors[0].errorno == "Get API Session Failed"
    assert caught.value.errors[0].description2 == "Something went wrong"


def test_aborted_results_f12_are_not_successes():
    response = parse_response(wrap(_read("F12-transaction-rollback-1"), _read("F12-transaction-rollback-2")))
    first, second = response.results
    assert (first.status, second.status) == ("aborted", "failure")
    assert [e.errorno for e in second.errors] == ["Get API Session Failed", "XL03000009"]


def _read(stem: str) -> bytes:
    from tests.shared import INTACCT_FIXTURES

    return (INTACCT_FIXTURES / f"{stem}.xml").read_bytes()


def test_read_by_query_success_f13_exposes_records_and_paging_attributes():
    (res,) = parse_response(wrap(fixture("F13"))).results
    assert res.data.get("numremaining") == "0"
    assert [r.findtext("CUSTOMERID") for r in res.data] == ["C0001"]


def test_duplicate_key_f21_is_a_duplicate_error():
    (res,) = parse_response(fixture("F21")).results
    with pytest.raises(DuplicateError) as caught:
        res.raise_for_status()
    assert [e.errorno for e in caught.value.errors] == ["BL34000061", "BL01001973", "BL01001973"]


def test_controlid_already_used_text_is_a_duplicate_error():
    body = (b"<result><status>failure</status><function>create</function><controlid>x</controlid><errormessage>"
            b"<error><errorno>XL03000009</errorno><description2>A request's function with the control ID x is in "
            b"process.</description2></error></errormessage></result>")
    (res,) = parse_response(wrap(body)).results
    with pytest.raises(DuplicateError):
        res.raise_for_status()


def test_legacy_create_key_becomes_the_record_no():
    body = b"<result><status>success</status><function>create_apadjustment</function><controlid>a</controlid>" \
           b"<key>3430</key></result>"
    (res,) = parse_response(wrap(body)).results
    assert (res.key, res.record_no) == ("3430", "3430")


def test_ill_formed_response_is_malformed():
    with pytest.raises(MalformedResponseError):
        parse_response(b"<response><control>")


def test_html_error_page_is_not_a_gateway_response():
    with pytest.raises(MalformedResponseError):
        parse_response(b"<html><body>Bad gateway</body></html>")


def test_billion_laughs_is_refused_without_expansion():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<response><control><status>&lol2;</status></control></response>")
    with pytest.raises(XmlSecurityError):
        parse_response(bomb)


def test_external_dtd_reference_is_refused():
    body = b'<!DOCTYPE response SYSTEM "http://127.0.0.1:1/evil.dtd"><response/>'
    with pytest.raises(XmlSecurityError):
        parse_response(body)
