"""The client against the emulated gateway over real HTTP on 127.0.0.1 (core.sandbox.intacct)."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import httpx
import pytest

from core.intacct.client import IntacctClient
from core.intacct.errors import DuplicateError, XmlSecurityError
from core.intacct.functions import ApBillCreate, EqualTo, Query, VendorCreate
from core.intacct.records import ApBill, ApBillLine, Contact, Vendor
from core.sandbox.intacct import IntacctSandbox
from core.secret import Secret
from core.settings import IntacctSettings
from tests.intacct.fakegateway import Clock, Sleeps
from tests.intacct_sandbox import CREDS, running_intacct, vendor_ids
from tests.shared import API_XSD


@pytest.fixture
def sandbox():
    with running_intacct(concurrency_hold_seconds=0.0) as sb:
        yield sb


def client_for(sb: IntacctSandbox, clock=None, sleeps=None, **overrides) -> IntacctClient:
    values = dict(endpoint=sb.url, sender_id=CREDS.sender_id, sender_password=Secret(CREDS.sender_password),
                  company_id=CREDS.company_id, user_id=CREDS.user_id, user_password=Secret(CREDS.user_password),
                  schema_path=str(API_XSD), timeout_seconds=5.0, max_retries=3)
    values.update(overrides)
    return IntacctClient(IntacctSettings(**values), clock=clock or Clock(),
                         sleep=sleeps if sleeps is not None else Sleeps(), jitter=lambda: 0.0)


def vendor(n: int, control_id: str | None = None) -> VendorCreate:
    return VendorCreate(control_id or f"vendor-{n}",
                        Vendor(f"WC-{n}", f"Customer {n}", Contact(print_as=f"Customer {n}")))


def bill(n: int) -> ApBillCreate:
    lines = (ApBillLine("6000", Decimal("12.34"), "Widget"),)
    return ApBillCreate(f"bill-{n}", ApBill(f"WC-{n}", f"100{n}", date(2026, 1, 5), lines, when_due=date(2026, 2, 4)))


async def test_many_writes_share_one_login(sandbox):
    async with client_for(sandbox) as client:
        for n in range(5):
            (res,) = await client.execute([vendor(n)])
            res.raise_for_status()
        (res,) = await client.execute([bill(1)])
    assert res.raise_for_status().record_no
    assert sandbox.state.login_count == 1 and len(vendor_ids(sandbox)) == 5


async def test_session_older_than_max_age_is_replaced(sandbox):
    clock = Clock()
    async with client_for(sandbox, clock=clock, session_max_age_seconds=60) as client:
        await client.execute([vendor(1)])
        clock.now += 61
        await client.execute([vendor(2)])
    assert sandbox.state.login_count == 2


async def test_session_past_the_server_sessiontimeout_is_replaced():
    sb = IntacctSandbox(schema_path=API_XSD, session_seconds=30)
    clock = Clock()
    with sb.run_in_thread():
        async with client_for(sb, clock=clock) as client:
            await client.execute([vendor(1)])
            clock.now += 31
            await client.execute([vendor(2)])
    assert sb.state.login_count == 2 and sb.state.request_count == 4  # no refused request in between


async def test_stale_session_is_recovered_with_exactly_one_replay(sandbox):
    async with client_for(sandbox) as client:
        await client.execute([vendor(1)])
        sandbox.expire_all_sessions()
        (res,) = await client.execute([vendor(2)])
    assert res.ok
    assert sandbox.state.login_count == 2
    assert sandbox.state.request_count == 5  # login, write, refused write, login, replay
    assert vendor_ids(sandbox) == ["WC-1", "WC-2"]


@pytest.mark.parametrize("status", [502, 503])
async def test_gateway_errors_are_retried_with_backoff(sandbox, status):
    sleeps = Sleeps()
    async with client_for(sandbox, sleeps=sleeps) as client:
        await client.execute([vendor(0)])
        sandbox.faults.fail_next(2, status=status)
        (res,) = await client.execute([vendor(1)])
    assert res.ok and sleeps == [1.0, 2.0]
    assert vendor_ids(sandbox) == ["WC-0", "WC-1"]


async def test_524_is_not_retried_blindly(sandbox):
    async with client_for(sandbox) as client:
        await client.execute([vendor(0)])
        sandbox.faults.fail_next(1, status=524)
        (res,) = await client.execute([vendor(1)])
    assert res.status == "unknown"
    assert sandbox.state.request_count == 3  # the 524 write was sent once
    assert vendor_ids(sandbox) == ["WC-0", "WC-1"]  # Intacct committed it anyway: the caller must reconcile


async def test_retry_after_lost_response_does_not_create_a_second_vendor(sandbox):
    async with client_for(sandbox) as client:
        await client.execute([vendor(0)])
        sandbox.faults.lose_next()
        (lost,) = await client.execute([vendor(1)])
        assert lost.status == "unknown"
        (retry,) = await client.execute([vendor(1)])  # same controlid, uniqueid=true
        with pytest.raises(DuplicateError):
            retry.raise_for_status()
        query = Query("read-back", "VENDOR", ["VENDORID"], filter=EqualTo("VENDORID", "WC-1"))
        found = [r.findtext("VENDORID") async for r in client.query_all(query)]
    assert found == ["WC-1"] and vendor_ids(sandbox) == ["WC-0", "WC-1"]


async def test_concurrency_limit_is_respected_by_twenty_callers(sandbox):
    sandbox.faults.concurrency_limit = 2
    sandbox.faults.request_latency = 0.02
    async with client_for(sandbox, max_concurrent_requests=2) as client:
        results = await asyncio.gather(*(client.execute([vendor(n)]) for n in range(20)))
    assert all(r.ok for (r,) in results)
    assert sandbox.state.max_in_flight <= 2 and len(vendor_ids(sandbox)) == 20


async def test_existing_vendor_id_is_a_duplicate_error(sandbox):
    async with client_for(sandbox) as client:
        await client.execute([vendor(1)])
        (res,) = await client.execute([vendor(1, control_id="vendor-1-again")])
    with pytest.raises(DuplicateError) as caught:
        res.raise_for_status()
    assert caught.value.errors[0].errorno == "BL34000061"


async def test_a_malicious_gateway_answer_with_entities_is_refused():
    evil = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><response><control>'
            b"<status>success</status></control><operation><authentication><status>success</status>"
            b"</authentication><result><status>success</status><function>getAPISession</function><controlid>"
            b"sessionProvider</controlid><data><api><sessionid>&x;</sessionid></api></data></result></operation>"
            b"</response>")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=evil))
    settings = IntacctSettings(endpoint="http://127.0.0.1:9/ia/xml/xmlgw.phtml", sender_id="s", user_id="u",
                               company_id="c", max_retries=0)
    async with IntacctClient(settings, transport=transport) as client:
        (res,) = await client.execute([vendor(1)])
    with pytest.raises(XmlSecurityError):
        res.raise_for_status()
