"""The three status levels and the exact response shapes of Sage's gateway (INTACCT-API.md §1.2, §10.1)."""

from __future__ import annotations

from lxml import etree

from tests.sandbox_intacct.conftest import SENDER, envelope, errors, login
from tests.shared import INTACCT_FIXTURES


def _shape(node: etree._Element) -> list[str]:
    """Element paths in document order, ignoring text: the 'shape' of a response."""
    tree = node.getroottree()
    return [tree.getpath(e) for e in node.iter() if isinstance(e.tag, str)]


def test_response_is_http_200_text_xml_even_for_a_business_error(gw):
    response = gw.raw(envelope('<function controlid="f"><readByQuery><object>BADOBJECT</object>'
                               "<query></query><fields>*</fields></readByQuery></function>"))
    assert response.status_code == 200
    assert response.headers["content-type"] == 'text/xml; encoding="UTF-8"'


def test_control_block_echoes_senderid_controlid_uniqueid_dtdversion(gw):
    root = gw.post(envelope('<function controlid="s"><getAPISession/></function>', controlid="my-request"))
    assert [c.tag for c in root.find("control")] == ["status", "senderid", "controlid", "uniqueid", "dtdversion"]
    assert root.findtext("control/senderid") == SENDER
    assert root.findtext("control/controlid") == "my-request"


def test_get_api_session_answers_in_the_shape_of_fixture_f6(gw, url):
    root = gw.post(envelope('<function controlid="testControlId"><getAPISession/></function>'))
    fixture = etree.parse(str(INTACCT_FIXTURES / "F6-getapisession-success-response.xml")).getroot()
    assert _shape(root) == _shape(fixture)
    assert root.findtext("operation/result/data/api/endpoint") == url
    assert root.findtext("operation/result/controlid") == "testControlId"


def test_get_api_session_takes_the_entity_from_its_locationid(gw):
    op = gw.call('<function controlid="s"><getAPISession><locationid>100</locationid></getAPISession></function>')
    assert op.findtext("result/data/api/locationid") == "100"


def test_get_api_session_must_be_alone_in_its_request(gw):
    op = gw.call('<function controlid="s"><getAPISession/></function>'
                 '<function controlid="q"><readByName><object>VENDOR</object><keys>X</keys>'
                 "<fields>*</fields></readByName></function>")
    assert op.findtext("result[1]/status") == "failure"
    assert errors(op.find("result[1]"))[0][0] == "Get API Session Failed"


def test_ill_formed_xml_is_a_control_failure_xl03000003(gw):
    root = gw.post(b"<request><control><senderid>x</senderid></request>")
    assert root.findtext("control/status") == "failure"
    assert root.find("operation") is None
    errorno, text = errors(root.find("errormessage"))[0]
    assert errorno == "XL03000003" and text.startswith("XML Parse schema error: ")


def test_a_forbidden_control_character_is_a_control_failure(gw):
    root = gw.post(envelope('<function controlid="c"><create><VENDOR><NAME>a\x01b</NAME></VENDOR></create></function>'))
    assert errors(root.find("errormessage"))[0][0] == "XL03000003"


def test_login_elements_out_of_schema_order_are_refused_by_the_schema(gw):
    bad_login = "<login><companyid>acme-co</companyid><userid>api-user</userid><password>user-pw!</password></login>"
    root = gw.post(envelope('<function controlid="s"><getAPISession/></function>', bad_login))
    assert root.findtext("control/status") == "failure"
    errorno, text = errors(root.find("errormessage"))[0]
    assert errorno == "XL03000003" and "userid" in text


def test_a_function_without_controlid_is_refused_by_the_schema(gw):
    root = gw.post(envelope("<function><getAPISession/></function>"))
    assert errors(root.find("errormessage"))[0][0] == "XL03000003"


def test_wrong_sender_password_is_a_control_failure_with_the_partner_id_text(gw):
    root = gw.post(envelope('<function controlid="s"><getAPISession/></function>', sender_password="nope"))
    assert root.findtext("control/status") == "failure"
    assert errors(root.find("errormessage")) == [("XL03000006", "Incorrect Intacct XML Partner ID or password.")]


def test_wrong_user_password_is_an_authentication_failure_in_the_shape_of_fixture_f7(gw):
    root = gw.post(envelope('<function controlid="s"><getAPISession/></function>', login(password="wrong")))
    fixture = etree.parse(str(INTACCT_FIXTURES / "F7-authentication-failure.xml")).getroot()
    assert root.findtext("control/status") == "success"
    assert _shape(root) == _shape(fixture)
    assert errors(root.find("operation/errormessage")) == [("XL03000006", "Sign-in information is incorrect")]


def test_one_result_per_function_in_request_order(gw):
    functions = "".join(f'<function controlid="f{i}"><readByName><object>GLACCOUNT</object><keys>6000</keys>'
                        "<fields>*</fields></readByName></function>" for i in range(3))
    op = gw.call(functions)
    assert [r.findtext("controlid") for r in op.findall("result")] == ["f0", "f1", "f2"]
    assert {r.findtext("function") for r in op.findall("result")} == {"readByName"}


def test_get_is_not_allowed(gw):
    assert gw.client.get(gw.url).status_code == 405
