"""Sage's own JavaScript SDK (npm ``@intacct/intacct-sdk`` 2.2.1, see js/package.json) against the Intacct sandbox.

Each test runs one scenario of ``js/intacct.js`` in its own node process (bounded by ``NODE_TIMEOUT``) and
checks the SDK's view of the answers and the sandbox's records. The sandbox validates every request against
Sage's ``api.xsd``. The single client adaptation (the SDK's ``*.intacct.com`` host check also accepting
127.0.0.1) is made and printed in ``js/intacct.js``.
"""

from __future__ import annotations

from tests.contract.conftest import node_scenario


def run(env, scenario):
    return node_scenario("intacct.js", scenario, env)


def test_session_from_login_then_a_query_on_the_session(intacct_env, intacct):
    out = run(intacct_env, "session")
    assert out["endpoint"] == intacct.url and out["sessionId"]
    assert (out["authentication"]["userId"], out["authentication"]["companyId"]) == ("api-user", "acme-co")
    result = out["result"]
    assert (result["status"], result["function"], result["count"]) == ("success", "query", 10)
    assert [r["ACCOUNTNO"] for r in result["data"]][:3] == ["1000", "2000", "2200"]
    assert intacct.state.login_count == 1


def test_wrong_user_password_is_an_authentication_failure(intacct_env):
    failure = run(intacct_env, "wrong_password")["failure"]
    assert failure["constructor"] == "ResponseException"
    assert failure["errors"] == ["XL03000006 Sign-in information is incorrect"]


def test_vendor_create_legacy_bill_create_and_adjustment_create(intacct_env, intacct):
    vendor, bill, adjustment = run(intacct_env, "creates")["results"]
    assert (vendor["status"], vendor["function"], vendor["data"][0]["VENDORID"]) == ("success", "create", "V-JS-1")
    assert (bill["status"], bill["function"]) == ("success", "create_bill")
    assert (adjustment["status"], adjustment["function"]) == ("success", "create_apadjustment")
    [stored_bill] = intacct.state.records("APBILL")
    [stored_adjustment] = intacct.state.records("APADJUSTMENT")
    assert bill["key"] == stored_bill["RECORDNO"] and adjustment["key"] == stored_adjustment["RECORDNO"]
    assert (stored_bill["VENDORID"], stored_bill["WHENCREATED"], stored_bill["WHENDUE"]) == (
        "V-JS-1", "07/04/2026", "08/03/2026")
    assert stored_bill["TOTALENTERED"] == "107.50" and stored_adjustment["TOTALENTERED"] == "-20.00"
    assert intacct.state.records("VENDOR")[0]["NAME"] == "Zoë Åberg & Co"


def test_query_with_offset_paging_readbyquery_with_readmore_and_read_by_recordno(intacct_env):
    out = run(intacct_env, "reads")
    pages = out["pages"]
    assert [p["count"] for p in pages] == [2, 2, 1] and [p["numRemaining"] for p in pages] == [3, 1, 0]
    assert [r["VENDORID"] for p in pages for r in p["data"]] == ["V-R5", "V-R4", "V-R3", "V-R2", "V-R1"]
    legacy = out["legacy"]
    assert [p["function"] for p in legacy] == ["readByQuery", "readMore", "readMore"]
    assert [r["VENDORID"] for p in legacy for r in p["data"]] == ["V-R1", "V-R2", "V-R3", "V-R4", "V-R5"]
    assert legacy[-1]["numRemaining"] == 0
    read = out["read"]
    assert (read["function"], read["count"]) == ("read", 2)
    assert [r["VENDORID"] for r in read["data"]] == ["V-R5", "V-R1"]


def test_business_errors_reach_the_sdk_as_result_exceptions(intacct_env):
    out = run(intacct_env, "business_errors")
    assert out["duplicate"]["constructor"] == "ResultException"
    assert out["duplicate"]["errors"][0].startswith("BL34000061 Another Vendor with the given value(s) V-DUP")
    assert out["badBill"]["constructor"] == "ResultException"
    assert "Invalid Vendor 'V-NOBODY' specified." in out["badBill"]["errors"][0]


def test_a_failed_transaction_rolls_back_the_whole_operation(intacct_env, intacct):
    failure = run(intacct_env, "transaction")["failure"]
    assert failure["constructor"] == "ResultException"
    assert failure["errors"][-1].startswith("XL03000009 The entire transaction in this operation has been rolled back")
    assert intacct.state.records("VENDOR") == [] and intacct.state.records("APBILL") == []


def test_a_uniqueid_replay_of_a_completed_controlid_is_refused(intacct_env, intacct):
    out = run(intacct_env, "uniqueid_replay")
    assert out["first"]["status"] == "success"
    again = out["again"]
    assert again["constructor"] == "ResultException"
    assert "A request's function with the control ID v-V-ONCE has already been executed" in again["errors"][0]
    assert [v["VENDORID"] for v in intacct.state.records("VENDOR")] == ["V-ONCE"]
