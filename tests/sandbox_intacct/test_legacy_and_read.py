"""Legacy ``create_bill`` (fixture F17, api.xsd) answering ``<key>``, and the generic ``read`` by RECORDNO."""

from __future__ import annotations

import pytest

from tests.sandbox_intacct.conftest import bill_xml, create_vendor, errors
from tests.shared import INTACCT_FIXTURES

F17 = (INTACCT_FIXTURES / "F17-legacy-bill-create.xml").read_text(encoding="utf-8")


@pytest.fixture
def vendor1(gw):
    gw.call(create_vendor("VENDOR1"))


def _f17(account: str = "6000") -> str:
    """Sage's own SDK test request, with a GL account the seeded company has."""
    return F17.replace("<glaccountno/>", f"<glaccountno>{account}</glaccountno>")


def test_legacy_create_bill_as_the_sdks_send_it_answers_a_key(gw, vendor1, sandbox):
    result = gw.call(_f17()).find("result")
    assert (result.findtext("status"), result.findtext("function")) == ("success", "create_bill")
    [bill] = sandbox.state.records("APBILL")
    assert result.findtext("key") == bill["RECORDNO"] and result.find("data") is None
    assert (bill["VENDORID"], bill["WHENCREATED"], bill["TERMNAME"]) == ("VENDOR1", "06/30/2015", "N30")
    assert bill["APBILLITEMS"]["APBILLITEM"][0]["TRX_AMOUNT"] == "76343.43"
    assert bill["TOTALENTERED"] == "76343.43"


def test_legacy_create_bill_follows_the_apbill_rules(gw, vendor1, sandbox):
    result = gw.call(_f17("9999")).find("result")
    assert result.findtext("status") == "failure"
    assert any("9999" in (text or "") for _, text in errors(result))
    assert sandbox.state.records("APBILL") == []


def test_legacy_create_bill_with_a_due_date_and_dimensions(gw, vendor1, sandbox):
    body = ('<function controlid="lb"><create_bill><vendorid>VENDOR1</vendorid>'
            "<datecreated><year>2026</year><month>07</month><day>04</day></datecreated>"
            "<datedue><year>2026</year><month>08</month><day>03</day></datedue><billno>WC-1001</billno>"
            "<billitems><lineitem><glaccountno>6100</glaccountno><amount>-2.004</amount><memo>Shipping</memo>"
            "<locationid>110</locationid></lineitem></billitems></create_bill></function>")
    assert gw.call(body).findtext("result/status") == "success"
    [bill] = sandbox.state.records("APBILL")
    assert (bill["WHENDUE"], bill["RECORDID"]) == ("08/03/2026", "WC-1001")
    [item] = bill["APBILLITEMS"]["APBILLITEM"]
    assert (item["ACCOUNTNO"], item["TRX_AMOUNT"], item["LOCATIONID"]) == ("6100", "-2.00", "110")


def test_generic_read_returns_the_records_named_by_recordno(gw, vendor1):
    gw.call(create_vendor("VENDOR2", controlid="v2", name="Second"))
    created = gw.call(f'<function controlid="b"><create>{bill_xml("VENDOR1")}</create></function>')
    bill_no = created.findtext("result/data/apbill/RECORDNO")
    data = gw.call(f'<function controlid="r"><read><object>APBILL</object><keys>{bill_no},424242</keys>'
                   "<fields>*</fields></read></function>").find("result/data")
    assert (data.get("listtype"), data.get("count")) == ("apbill", "1")
    assert data.findtext("apbill/RECORDNO") == bill_no and data.findtext("apbill/VENDORID") == "VENDOR1"


def test_generic_read_with_a_field_list_and_several_keys(gw, vendor1, sandbox):
    gw.call(create_vendor("VENDOR2", controlid="v2", name="Second"))
    recordnos = [v["RECORDNO"] for v in sandbox.state.records("VENDOR")]
    data = gw.call(f'<function controlid="r"><read><object>VENDOR</object><keys>{",".join(recordnos)}</keys>'
                   "<fields>VENDORID,NAME</fields><returnFormat>xml</returnFormat></read></function>"
                   ).find("result/data")
    assert [[c.tag for c in v] for v in data] == [["VENDORID", "NAME"], ["VENDORID", "NAME"]]
    assert [v.findtext("NAME") for v in data] == ["Acme Parts", "Second"]


def test_generic_read_of_an_unknown_object_is_query_failed(gw):
    result = gw.call('<function controlid="r"><read><object>NOPE</object><keys>1</keys></read></function>'
                     ).find("result")
    assert result.findtext("status") == "failure"
    assert ("Object definition NOPE not found") in [text for _, text in errors(result)]
