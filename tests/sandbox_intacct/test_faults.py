"""Fault injection: 5xx, 524 after commit, lost response, 429 GW-0010, concurrency limit, latency."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from lxml import etree

from tests.sandbox_intacct.conftest import Gateway, create_vendor, envelope, errors


def _post_vendor(gw, vendorid="V1"):
    return gw.raw(envelope(create_vendor(vendorid)))


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_fault_answers_the_status_and_processes_nothing(gw, sandbox, status):
    sandbox.faults.fail_next(1, status=status)
    assert _post_vendor(gw).status_code == status
    assert sandbox.state.records("VENDOR") == []
    assert _post_vendor(gw).status_code == 200


def test_5xx_fault_applies_to_the_next_n_requests_only(gw, sandbox):
    sandbox.faults.fail_next(2, status=502)
    assert [_post_vendor(gw, f"V{i}").status_code for i in range(3)] == [502, 502, 200]


def test_524_fault_commits_the_request_then_answers_524(gw, sandbox):
    sandbox.faults.fail_next(1, status=524)
    assert _post_vendor(gw).status_code == 524
    assert [v["VENDORID"] for v in sandbox.state.records("VENDOR")] == ["V1"]


def test_lost_response_commits_then_the_client_sees_a_transport_error(gw, sandbox):
    sandbox.faults.lose_next()
    with pytest.raises(httpx.RemoteProtocolError):
        _post_vendor(gw)
    assert [v["VENDORID"] for v in sandbox.state.records("VENDOR")] == ["V1"]
    assert _post_vendor(Gateway(gw.url), "V2").status_code == 200


def test_rate_limit_answers_429_gw_0010_on_every_kth_request(gw, sandbox):
    sandbox.faults.rate_limit_every = 2
    responses = [_post_vendor(gw, f"V{i}") for i in range(4)]
    assert [r.status_code for r in responses] == [200, 429, 200, 429]
    root = etree.fromstring(responses[1].content)
    assert [c.tag for c in root.find("control")] == ["status"]
    assert errors(root)[0][0] == "GW-0010"
    assert len(sandbox.state.records("VENDOR")) == 2


def _concurrently(url, bodies):
    results: list = [None] * len(bodies)

    def post(i):
        with httpx.Client(timeout=5) as client:
            results[i] = client.post(url, content=bodies[i])

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return results


def test_request_over_the_concurrency_limit_fails_after_the_hold_time(gw, sandbox):
    sandbox.faults.configure(concurrency_limit=1, concurrency_hold_seconds=0.1, request_latency=0.5)
    results = _concurrently(gw.url, [envelope(create_vendor("V1")), envelope(create_vendor("V2", name="B"))])
    texts = sorted(errors(etree.fromstring(r.content))[0][1] if b"failure" in r.content else "ok" for r in results)
    assert texts == ["There are too many operations running for this company (200024)", "ok"]
    assert sandbox.state.max_in_flight == 2


def test_request_over_the_concurrency_limit_runs_when_a_slot_frees_within_the_hold_time(gw, sandbox):
    sandbox.faults.configure(concurrency_limit=1, concurrency_hold_seconds=3, request_latency=0.2)
    _concurrently(gw.url, [envelope(create_vendor("V1")), envelope(create_vendor("V2", name="B"))])
    assert len(sandbox.state.records("VENDOR")) == 2


def test_max_in_flight_records_the_most_concurrent_requests(gw, sandbox):
    sandbox.faults.request_latency = 0.3
    _concurrently(gw.url, [envelope(create_vendor(f"V{i}", name=f"N{i}")) for i in range(3)])
    assert sandbox.state.max_in_flight == 3


def test_connection_latency_delays_the_first_request_of_a_new_connection(gw, sandbox):
    sandbox.faults.connection_latency = 0.3
    started = time.monotonic()
    _post_vendor(gw)
    assert time.monotonic() - started >= 0.3


def test_faults_can_be_set_over_the_inspection_api(gw, sandbox):
    base = gw.url.replace("/ia/xml/xmlgw.phtml", "")
    response = gw.client.post(f"{base}/_sandbox/faults", json={"fail_next": {"count": 1, "status": 503}})
    assert response.status_code == 200 and response.json()["pending_failures"] == [503]
    assert _post_vendor(gw).status_code == 503


def test_unknown_fault_setting_is_a_400(gw):
    base = gw.url.replace("/ia/xml/xmlgw.phtml", "")
    assert gw.client.post(f"{base}/_sandbox/faults", json={"explode": True}).status_code == 400
