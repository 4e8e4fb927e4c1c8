"""IntacctClient over httpx.MockTransport: batching, sessions, retries, ambiguity, concurrency, redaction."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from decimal import Decimal

import httpx
import pytest
from lxml import etree

from core.intacct.client import IntacctClient
from core.intacct.errors import (
    AmbiguousOutcomeError,
    AuthenticationError,
    DuplicateError,
    FunctionFailed,
    InvalidRequestError,
    TransportError,
    XmlSecurityError,
)
from core.intacct.functions import ApBillCreate, IntacctFunction, Query, ReadByQuery, ReadMore
from core.intacct.records import ApBill, ApBillLine
from core.intacct.xml import element
from tests.intacct.fakegateway import (
    LOGIN_ENDPOINT,
    SENDER_PASSWORD,
    SESSION_ENDPOINT,
    STALE,
    USER_PASSWORD,
    XML,
    Clock,
    FakeGateway,
    Sleeps,
    envelope,
    error,
    once,
    raise_,
    result,
    settings,
)
from tests.shared import API_XSD


def bill(n: int) -> ApBillCreate:
    return ApBillCreate(f"bill-{n}", ApBill("V1", str(n), date(2024, 1, 2), (ApBillLine("6000", Decimal("1")),)))


def make(gateway: FakeGateway, clock=None, sleeps=None, **overrides) -> IntacctClient:
    return IntacctClient(settings(**overrides), transport=gateway.transport(), clock=clock or Clock(),
                         sleep=sleeps if sleeps is not None else Sleeps(), jitter=lambda: 0.0)


async def test_functions_are_sent_with_the_session_id_to_the_session_endpoint():
    gateway = FakeGateway()
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    assert res.raise_for_status().status == "success"
    assert gateway.session_ids() == ["", "sess-1-SeCrEt"]
    assert gateway.urls == [LOGIN_ENDPOINT, SESSION_ENDPOINT]


async def test_login_request_carries_login_credentials_and_get_api_session_alone():
    gateway = FakeGateway()
    async with make(gateway, entity_id="E1") as client:
        await client.execute([bill(1)])
    login = etree.fromstring(gateway.requests[0])
    assert login.findtext("operation/authentication/login/locationid") == "E1"
    assert [f[0].tag for f in login.findall("operation/content/function")] == ["getAPISession"]
    assert login.findtext("operation/content/function/getAPISession/locationid") == "E1"


async def test_functions_are_batched_and_results_come_back_in_call_order():
    gateway = FakeGateway()
    async with make(gateway, batch_size=2) as client:
        results = await client.execute([bill(n) for n in range(5)])
    assert [r.control_id for r in results] == [f"bill-{n}" for n in range(5)]
    sizes = sorted(len(etree.fromstring(b).findall("operation/content/function")) for b in gateway.requests[1:])
    assert sizes == [1, 2, 2]


async def test_results_are_matched_by_control_id_not_position():
    def reversed_answer(request):
        ids = [f.get("controlid") for f in etree.fromstring(request.content).iter("function")]
        inner = "".join(result(i, status="failure" if i == "bill-0" else "success",
                               body=error("BL01001973", "bad") if i == "bill-0" else "") for i in reversed(ids))
        return httpx.Response(200, headers=XML, content=envelope(inner))

    gateway = FakeGateway(faults=[lambda r: None, reversed_answer])
    async with make(gateway) as client:
        first, second = await client.execute([bill(0), bill(1)])
    assert (first.control_id, first.status, second.status) == ("bill-0", "failure", "success")


async def test_a_failed_function_carries_intacct_errors_verbatim():
    body = error("BL01001973", "Invalid Project '10064' specified.", "Check it.")
    answer = envelope(result("bill-1", status="failure", body=body))
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(200, headers=XML, content=answer))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    with pytest.raises(FunctionFailed) as caught:
        res.raise_for_status()
    assert [(e.errorno, e.description2, e.correction) for e in caught.value.errors] == [
        ("BL01001973", "Invalid Project '10064' specified.", "Check it.")]


async def test_bl34000061_is_a_duplicate_error():
    body = error("BL34000061", "Another Vendor with the given value(s) V1  already exists", "Use a unique value.")
    answer = envelope(result("bill-1", status="failure", body=body))
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(200, headers=XML, content=answer))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    with pytest.raises(DuplicateError):
        res.raise_for_status()


async def test_create_result_exposes_record_no():
    gateway = FakeGateway(record_body=lambda fn: '<data listtype="objects" count="1"><apbill><RECORDNO>77'
                                                 "</RECORDNO></apbill></data>")
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    assert res.record_no == "77"


async def test_transient_errors_are_retried_with_exponential_backoff():
    gateway = FakeGateway(faults=[lambda r: None] + [once(httpx.Response(502))] * 3)
    sleeps = Sleeps()
    async with make(gateway, sleeps=sleeps) as client:
        (res,) = await client.execute([bill(1)])
    assert res.ok
    assert sleeps == [1.0, 2.0, 4.0]


async def test_backoff_jitter_stretches_each_delay_by_at_most_a_quarter():
    gateway = FakeGateway(faults=[lambda r: None] + [once(httpx.Response(503))] * 2)
    sleeps = Sleeps()
    client = IntacctClient(settings(), transport=gateway.transport(), sleep=sleeps, jitter=lambda: 1.0)
    async with client:
        await client.execute([bill(1)])
    assert sleeps == [1.25, 2.5]


async def test_retries_stop_after_max_retries():
    gateway = FakeGateway(faults=[lambda r: None] + [once(httpx.Response(503))] * 10)
    async with make(gateway, max_retries=2) as client:
        (res,) = await client.execute([bill(1)])
    with pytest.raises(TransportError):
        res.raise_for_status()
    assert len(gateway.requests) == 1 + 3


async def test_rate_limit_429_is_retried():
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(429))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    assert res.ok and len(gateway.requests) == 3


async def test_too_many_operations_control_failure_is_retried():
    busy = (b"<response><control><status>failure</status></control>"
            + error("GW-0010", "There are too many operations running for this company (200024)").encode()
            + b"</response>")
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(200, headers=XML, content=busy))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    assert res.ok and len(gateway.requests) == 3


async def test_524_on_a_write_is_not_retried_and_the_outcome_is_ambiguous():
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(524))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    assert res.status == "unknown" and len(gateway.requests) == 2
    with pytest.raises(AmbiguousOutcomeError) as caught:
        res.raise_for_status()
    assert caught.value.control_ids == ["bill-1"]


async def test_524_on_a_read_is_retried():
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(524))])
    async with make(gateway) as client:
        (res,) = await client.execute([ReadMore("r1", "abc")])
    assert res.ok and len(gateway.requests) == 3


async def test_connection_lost_after_sending_a_write_is_ambiguous_and_not_resent():
    gateway = FakeGateway(faults=[lambda r: None, raise_(httpx.RemoteProtocolError("server disconnected"))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    assert res.status == "unknown" and len(gateway.requests) == 2


async def test_connect_error_is_transient_and_retried():
    gateway = FakeGateway(faults=[lambda r: None, raise_(httpx.ConnectError("refused"))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    assert res.ok and len(gateway.requests) == 3


async def test_session_is_reused_across_calls():
    gateway = FakeGateway()
    async with make(gateway) as client:
        for n in range(3):
            await client.execute([bill(n)])
    assert gateway.logins == 1


async def test_concurrent_callers_share_one_login():
    gateway = FakeGateway(delay=0.01)
    async with make(gateway) as client:
        await asyncio.gather(*(client.execute([bill(n)]) for n in range(10)))
    assert gateway.logins == 1


async def test_session_is_renewed_after_its_maximum_age():
    gateway, clock = FakeGateway(session_timeout="2024-01-02T00:00:00+00:00"), Clock()
    async with make(gateway, clock=clock, session_max_age_seconds=600) as client:
        await client.execute([bill(1)])
        clock.now += 601
        await client.execute([bill(2)])
    assert gateway.logins == 2


async def test_session_is_renewed_after_the_server_sessiontimeout():
    gateway, clock = FakeGateway(session_timeout="2024-01-01T00:01:00+00:00"), Clock()
    async with make(gateway, clock=clock) as client:
        await client.execute([bill(1)])
        clock.now += 61
        await client.execute([bill(2)])
    assert gateway.logins == 2


async def test_sessiontimeout_slides_forward_with_each_response():
    gateway, clock = FakeGateway(session_timeout="2024-01-01T00:01:00+00:00"), Clock()
    async with make(gateway, clock=clock) as client:
        for n in range(4):
            clock.now += 45
            await client.execute([bill(n)])
    assert gateway.logins == 1


async def test_stale_session_logs_in_again_and_replays_once():
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(200, headers=XML, content=STALE))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    assert res.ok and gateway.logins == 2
    assert gateway.session_ids() == ["", "sess-1-SeCrEt", "", "sess-2-SeCrEt"]


async def test_a_second_stale_session_is_an_authentication_error():
    stale = once(httpx.Response(200, headers=XML, content=STALE))
    gateway = FakeGateway(faults=[lambda r: None, stale, lambda r: None, stale])
    async with make(gateway) as client:
        with pytest.raises(AuthenticationError):
            await client.execute([bill(1)])
    assert len(gateway.requests) == 4


async def test_wrong_user_credentials_name_the_user_without_the_secret():
    refused = envelope(error("XL03000006", "Sign-in information is incorrect"), auth_status="failure")
    gateway = FakeGateway(faults=[once(httpx.Response(200, headers=XML, content=refused))])
    async with make(gateway) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.execute([bill(1)])
    assert caught.value.which == "user" and USER_PASSWORD not in str(caught.value)


async def test_wrong_sender_credentials_on_http_401_name_the_sender():
    body = (b"<response><control><status>failure</status></control><errormessage><error><errorno>XMLGW_JPP0002"
            b"</errorno><description>Sign-in information is incorrect. Please check your request.</description>"
            b"</error></errormessage></response>")
    gateway = FakeGateway(faults=[once(httpx.Response(401, headers=XML, content=body))])
    async with make(gateway) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.execute([bill(1)])
    assert caught.value.which == "sender" and SENDER_PASSWORD not in str(caught.value)


async def test_concurrent_requests_never_exceed_the_configured_limit():
    gateway = FakeGateway(delay=0.02)
    async with make(gateway, max_concurrent_requests=2, batch_size=1) as client:
        await asyncio.gather(*(client.execute([bill(n)]) for n in range(12)))
    assert gateway.max_in_flight == 2


async def test_no_secret_reaches_the_log_in_a_full_flow(caplog):
    stale = once(httpx.Response(200, headers=XML, content=STALE))
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(502)), stale])
    caplog.set_level(logging.DEBUG)
    async with make(gateway) as client:
        await client.execute([bill(1), ReadMore("r", "x")])
    assert "<password>" in caplog.text  # the bodies were logged …
    for secret in (SENDER_PASSWORD, USER_PASSWORD, "sess-1-SeCrEt", "sess-2-SeCrEt"):
        assert secret not in caplog.text  # … masked


XXE = (b'<?xml version="1.0"?><!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b"<response><control><status>success</status></control><operation><authentication><status>success"
       b"</status></authentication><result><status>success</status><function>create</function>"
       b"<controlid>bill-1</controlid><data>&xxe;</data></result></operation></response>")


async def test_a_response_with_a_dtd_is_refused():
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(200, headers=XML, content=XXE))])
    async with make(gateway) as client:
        (res,) = await client.execute([bill(1)])
    with pytest.raises(XmlSecurityError):
        res.raise_for_status()


async def test_query_all_pages_by_offset_until_nothing_remains():
    def page(request):
        offset = int(etree.fromstring(request.content).findtext(".//query/offset") or 0)
        rows = "".join(f"<VENDOR><VENDORID>V{i}</VENDORID></VENDOR>" for i in range(offset, min(offset + 2, 5)))
        data = f'<data listtype="VENDOR" count="2" totalcount="5" numremaining="{max(0, 3 - offset)}">{rows}</data>'
        return httpx.Response(200, headers=XML, content=envelope(result("q", "query", body=data)))

    gateway = FakeGateway(faults=[lambda r: None, page, page, page])
    async with make(gateway) as client:
        ids = [r.findtext("VENDORID") async for r in client.query_all(Query("q", "VENDOR", ["VENDORID"],
                                                                            pagesize=2))]
    assert ids == ["V0", "V1", "V2", "V3", "V4"]


async def test_read_by_query_all_continues_with_read_more():
    def first(request):
        data = '<data listtype="VENDOR" count="1" numremaining="1" resultId="R1"><VENDOR><N>a</N></VENDOR></data>'
        return httpx.Response(200, headers=XML, content=envelope(result("rq", "readByQuery", body=data)))

    def more(request):
        assert etree.fromstring(request.content).findtext(".//readMore/resultId") == "R1"
        cid = etree.fromstring(request.content).find(".//function").get("controlid")
        data = '<data listtype="VENDOR" count="1" numremaining="0" resultId="R1"><VENDOR><N>b</N></VENDOR></data>'
        return httpx.Response(200, headers=XML, content=envelope(result(cid, "readMore", body=data)))

    gateway = FakeGateway(faults=[lambda r: None, first, more])
    async with make(gateway) as client:
        names = [r.findtext("N") async for r in client.read_by_query_all(ReadByQuery("rq", "VENDOR"))]
    assert names == ["a", "b"]


class Bogus(IntacctFunction):
    control_id = "bogus"
    function_name = "bogus"

    def body(self):
        return element("bogus")


async def test_schema_invalid_request_is_not_sent_when_a_schema_is_configured():
    gateway = FakeGateway()
    async with make(gateway, schema_path=str(API_XSD)) as client:
        with pytest.raises(InvalidRequestError):
            await client.execute([Bogus()])
    assert len(gateway.requests) == 1  # the (valid) login only
