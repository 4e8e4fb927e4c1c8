"""Inspection API, schema-or-structural validation, seed data, and the ways to run the sandbox."""

from __future__ import annotations

import json

import httpx

from core.sandbox.intacct.schema import SCHEMA_ENV
from tests.sandbox_intacct.conftest import (
    SENDER_PW,
    USER_PW,
    Gateway,
    create_vendor,
    envelope,
    errors,
    make_sandbox,
)
from tests.shared import API_XSD

PAGESIZE_2001 = ('<function controlid="q"><query><object>GLACCOUNT</object><select><field>ACCOUNTNO</field>'
                 "</select><pagesize>2001</pagesize></query></function>")


def test_records_stats_and_requests_are_inspectable(gw):
    gw.call(create_vendor("V1"))
    assert [v["VENDORID"] for v in gw.inspect("/_sandbox/records/vendor").json()] == ["V1"]
    assert gw.inspect("/_sandbox/stats").json() == {
        "logins": 1, "requests": 1, "in_flight": 0, "max_in_flight": 1, "sessions": 0}
    assert len(gw.inspect("/_sandbox/requests").json()) == 1


def test_recorded_requests_mask_passwords_and_session_ids(gw):
    sid = gw.session_id()
    gw.post(envelope(create_vendor("V1"), f"<sessionid>{sid}</sessionid>"))
    logged = json.dumps(gw.inspect("/_sandbox/requests").json())
    assert SENDER_PW not in logged and USER_PW not in logged and sid not in logged
    assert "<password>***</password>" in logged


def test_unknown_object_in_the_records_api_is_404(gw):
    assert gw.inspect("/_sandbox/records/WIDGET").status_code == 404


def test_inspection_paths_are_404_when_inspection_is_off():
    sandbox = make_sandbox(inspection=False)
    with sandbox.run_in_thread() as url:
        base = url.replace("/ia/xml/xmlgw.phtml", "")
        assert httpx.get(f"{base}/_sandbox/stats").status_code == 404
        assert httpx.post(f"{base}/_sandbox/expire-sessions").status_code == 404


def test_without_a_schema_structural_checks_catch_control_element_order(monkeypatch):
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    with make_sandbox(schema_path=None).run_in_thread() as url:
        body = envelope(create_vendor("V1")).replace(b"<senderid>acme-sender</senderid>", b"").replace(
            b"<controlid>req-1</controlid>", b"<controlid>req-1</controlid><senderid>acme-sender</senderid>")
        root = Gateway(url).post(body)
    errorno, text = errors(root.find("errormessage"))[0]
    assert errorno == "XL03000003" and "senderid" in text


def test_without_a_schema_structural_checks_catch_login_order_and_missing_controlid(monkeypatch):
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    bad_login = "<login><companyid>acme-co</companyid><userid>api-user</userid><password>x</password></login>"
    with make_sandbox(schema_path=None).run_in_thread() as url:
        gateway = Gateway(url)
        assert gateway.post(envelope(create_vendor("V1"), bad_login)).findtext("control/status") == "failure"
        assert gateway.post(envelope("<function><getAPISession/></function>")).findtext("control/status") == "failure"
        assert gateway.call(create_vendor("V1")).findtext("result/status") == "success"


def test_schema_path_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv(SCHEMA_ENV, str(API_XSD))
    with make_sandbox(schema_path=None).run_in_thread() as url:
        root = Gateway(url).post(envelope(PAGESIZE_2001))
    assert errors(root.find("errormessage"))[0][0] == "XL03000003"


def test_seed_file_replaces_the_default_reference_data(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"GLACCOUNT": [{"ACCOUNTNO": "7777", "TITLE": "Only", "STATUS": "active"}]}))
    sandbox = make_sandbox(seed=seed)
    assert [a["ACCOUNTNO"] for a in sandbox.state.records("GLACCOUNT")] == ["7777"]


def test_default_seed_has_the_accounts_the_default_mapping_uses():
    accounts = {a["ACCOUNTNO"] for a in make_sandbox().state.records("GLACCOUNT")}
    assert {"2200", "5010", "6000", "6100", "6200"} <= accounts


async def test_sandbox_runs_inside_an_event_loop_with_start_and_stop():
    sandbox = make_sandbox()
    url = await sandbox.start()
    async with httpx.AsyncClient() as client:
        response = await client.post(url, content=envelope('<function controlid="s"><getAPISession/></function>'))
    await sandbox.stop()
    assert response.status_code == 200 and sandbox.state.login_count == 1


def test_blocking_serve_reports_its_url_once_bound_and_stops_on_request():
    import threading

    sandbox = make_sandbox()
    urls: list[str] = []
    thread = threading.Thread(target=sandbox.serve, kwargs={"ready": urls.append}, daemon=True)
    thread.start()
    for _ in range(500):
        if urls and sandbox.running:
            break
        threading.Event().wait(0.01)
    response = httpx.post(urls[0], content=envelope('<function controlid="s"><getAPISession/></function>'))
    sandbox.shutdown()
    thread.join(5)
    assert response.status_code == 200 and urls[0].endswith("/ia/xml/xmlgw.phtml")
    assert not thread.is_alive()
