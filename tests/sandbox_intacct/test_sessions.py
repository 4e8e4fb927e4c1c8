"""Sessions: sliding expiry, stale-session answers in the shape of the real capture S1 (INTACCT-API.md §2)."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from tests.sandbox_intacct.conftest import envelope, errors, session
from tests.shared import INTACCT_FIXTURES

READ = ('<function controlid="r"><readByName><object>GLACCOUNT</object><keys>6000</keys><fields>*</fields>'
        "</readByName></function>")


def gw_body(sid):
    return envelope(READ, session(sid))


def _auth(gw, sid):
    return gw.post(gw_body(sid)).find("operation/authentication")


def test_session_authenticated_response_carries_timestamp_and_timeout(gw, clock):
    auth = _auth(gw, gw.session_id())
    stamp = datetime.fromisoformat(auth.findtext("sessiontimestamp"))
    timeout = datetime.fromisoformat(auth.findtext("sessiontimeout"))
    assert stamp.timestamp() == clock.now
    assert (timeout - stamp).total_seconds() == 600


def test_each_call_slides_the_session_timeout_forward(gw, clock):
    sid = gw.session_id()
    for _ in range(3):
        clock.now += 500  # each call comes before the projected timeout
        assert _auth(gw, sid).findtext("status") == "success"
    assert datetime.fromisoformat(_auth(gw, sid).findtext("sessiontimeout")).timestamp() == clock.now + 600


def test_a_session_unused_past_its_timeout_is_invalid(gw, clock):
    sid = gw.session_id()
    clock.now += 601
    auth = _auth(gw, sid)
    assert auth.findtext("status") == "failure"


def test_stale_session_answer_matches_the_captured_s1_shape(gw):
    root = gw.post(gw_body("no-such-session"))
    fixture = etree.parse(str(INTACCT_FIXTURES / "S1-session-invalid-response.xml")).getroot()
    tree, ftree = root.getroottree(), fixture.getroottree()
    assert [tree.getpath(e) for e in root.iter()] == [ftree.getpath(e) for e in fixture.iter()]
    assert root.findtext("control/status") == "success"
    assert root.findtext("operation/authentication/userid") == ""
    errorno, text = errors(root.find("operation/errormessage"))[0]
    assert errorno == "XL03000006" and text.startswith("Invalid session")
    assert root.find("operation/result") is None


def test_expire_all_sessions_makes_the_next_session_request_fail(gw, sandbox):
    sid = gw.session_id()
    sandbox.expire_all_sessions()
    assert _auth(gw, sid).findtext("status") == "failure"


def test_expire_sessions_over_the_inspection_api(gw):
    sid = gw.session_id()
    assert gw.client.post(gw.url.replace("/ia/xml/xmlgw.phtml", "/_sandbox/expire-sessions")).json() == {"expired": 1}
    assert _auth(gw, sid).findtext("status") == "failure"


def test_every_login_is_counted(gw, sandbox):
    gw.session_id()
    gw.session_id()
    assert sandbox.state.login_count == 2
    assert sandbox.state.session_count == 2


def test_get_api_session_with_a_session_returns_that_same_session(gw):
    sid = gw.session_id()
    root = gw.post(envelope('<function controlid="s"><getAPISession/></function>', session(sid)))
    assert root.findtext("operation/result/data/api/sessionid") == sid
