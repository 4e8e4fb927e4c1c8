"""APBILL (generic create) and APADJUSTMENT (legacy create_apadjustment) rules (INTACCT-API.md §5.4, §5.6)."""

from __future__ import annotations

import pytest

from tests.sandbox_intacct.conftest import bill_xml, create_vendor, errors, line


@pytest.fixture
def vendor(gw):
    gw.call(create_vendor("V1"))
    return "V1"


def _create_bill(gw, **kw):
    return gw.call(f'<function controlid="b"><create>{bill_xml(**kw)}</create></function>').find("result")


def _adjustment(vendorid, *items):
    lines = "".join(f"<lineitem><glaccountno>{acct}</glaccountno><amount>{amt}</amount>{dims}</lineitem>"
                    for acct, amt, dims in items)
    return (f'<function controlid="a"><create_apadjustment><vendorid>{vendorid}</vendorid>'
            "<datecreated><year>2026</year><month>07</month><day>04</day></datecreated>"
            f"<apadjustmentitems>{lines}</apadjustmentitems></create_apadjustment></function>")


def test_bill_create_answers_apbill_with_recordno(gw, vendor, sandbox):
    result = _create_bill(gw)
    assert result.findtext("status") == "success"
    recordno = result.findtext("data/apbill/RECORDNO")
    assert [b["RECORDNO"] for b in sandbox.state.records("APBILL")] == [recordno]


def test_bill_amounts_are_rounded_to_two_decimals(gw, vendor, sandbox):
    _create_bill(gw, lines=line(amount="10.005") + line(account="6100", amount="-2.004"))
    [bill] = sandbox.state.records("APBILL")
    assert [item["TRX_AMOUNT"] for item in bill["APBILLITEMS"]["APBILLITEM"]] == ["10.01", "-2.00"]
    assert bill["TOTALENTERED"] == "8.01"


def test_bill_for_an_unknown_vendor_is_refused(gw):
    result = _create_bill(gw, vendorid="NOPE")
    assert result.findtext("status") == "failure"
    assert "NOPE" in errors(result)[0][1]


def test_bill_line_with_an_unknown_account_names_the_account(gw, vendor):
    result = _create_bill(gw, lines=line(account="9999"))
    assert errors(result)[0] == ("BL01001973", "Invalid GL Account '9999' specified.")


def test_bill_line_with_an_inactive_account_is_refused(gw, vendor):
    assert _create_bill(gw, lines=line(account="6900")).findtext("status") == "failure"


@pytest.mark.parametrize(("field", "label"), [("LOCATIONID", "Location"), ("DEPARTMENTID", "Department"),
                                              ("CLASSID", "Class"), ("PROJECTID", "Project")])
def test_bill_line_with_an_unknown_dimension_names_it(gw, vendor, field, label):
    result = _create_bill(gw, lines=line(dims=f"<{field}>X-404</{field}>"))
    assert errors(result)[0] == ("BL01001973", f"Invalid {label} 'X-404' specified.")


def test_bill_line_with_seeded_dimensions_is_accepted(gw, vendor):
    dims = "<LOCATIONID>100</LOCATIONID><DEPARTMENTID>D300</DEPARTMENTID><CLASSID>ONLINE</CLASSID>"
    assert _create_bill(gw, lines=line(account="5010", dims=dims)).findtext("status") == "success"


def test_bill_without_lines_is_refused(gw, vendor):
    op = gw.call('<function controlid="b"><create><APBILL><VENDORID>V1</VENDORID><WHENCREATED>07/04/2026'
                 "</WHENCREATED><WHENDUE>08/03/2026</WHENDUE></APBILL></create></function>")
    assert "at least 1 line" in errors(op.find("result"))[0][1]


def test_bill_needs_whendue_or_termname(gw, vendor):
    op = gw.call('<function controlid="b"><create><APBILL><VENDORID>V1</VENDORID><WHENCREATED>07/04/2026'
                 f"</WHENCREATED><APBILLITEMS>{line()}</APBILLITEMS></APBILL></create></function>")
    assert "WHENDUE" in errors(op.find("result"))[0][1]
    op = gw.call('<function controlid="b2"><create><APBILL><VENDORID>V1</VENDORID><WHENCREATED>7/4/2026'
                 f"</WHENCREATED><TERMNAME>N30</TERMNAME><APBILLITEMS>{line()}</APBILLITEMS></APBILL></create>"
                 "</function>")
    assert op.findtext("result/status") == "success"


def test_bill_with_a_malformed_date_is_refused(gw, vendor):
    op = gw.call('<function controlid="b"><create><APBILL><VENDORID>V1</VENDORID><WHENCREATED>2026-07-04'
                 f"</WHENCREATED><WHENDUE>08/03/2026</WHENDUE><APBILLITEMS>{line()}</APBILLITEMS></APBILL>"
                 "</create></function>")
    assert op.findtext("result/status") == "failure"


def test_a_refused_bill_leaves_nothing_behind(gw, vendor, sandbox):
    _create_bill(gw, lines=line() + line(account="9999"))
    assert sandbox.state.records("APBILL") == []


def test_bill_update_replaces_the_lines(gw, vendor, sandbox):
    recordno = _create_bill(gw).findtext("data/apbill/RECORDNO")
    op = gw.call(f'<function controlid="u"><update><APBILL><RECORDNO>{recordno}</RECORDNO><APBILLITEMS>'
                 f'{line(account="6100", amount="7.50")}</APBILLITEMS></APBILL></update></function>')
    assert op.findtext("result/status") == "success"
    [bill] = sandbox.state.records("APBILL")
    assert bill["APBILLITEMS"]["APBILLITEM"][0]["ACCOUNTNO"] == "6100" and bill["TOTALENTERED"] == "7.50"


def test_adjustment_answers_a_key(gw, vendor, sandbox):
    op = gw.call(_adjustment("V1", ("6000", "-25.00", "")))
    result = op.find("result")
    assert (result.findtext("status"), result.findtext("function")) == ("success", "create_apadjustment")
    assert result.find("data") is None
    assert [a["RECORDNO"] for a in sandbox.state.records("APADJUSTMENT")] == [result.findtext("key")]


def test_adjustment_with_mixed_signs_is_refused(gw, vendor, sandbox):
    op = gw.call(_adjustment("V1", ("6000", "-25.00", ""), ("6100", "5.00", "")))
    assert op.findtext("result/status") == "failure"
    assert any("all positive or all negative" in text for _, text in errors(op.find("result")))
    assert sandbox.state.records("APADJUSTMENT") == []


def test_adjustment_with_an_unknown_department_names_it(gw, vendor):
    op = gw.call(_adjustment("V1", ("6000", "-5.00", "<departmentid>NOPE</departmentid>")))
    assert ("BL01001973", "Invalid Department 'NOPE' specified.") in errors(op.find("result"))


def test_generic_create_of_an_apadjustment_is_not_available(gw, vendor):
    op = gw.call('<function controlid="a"><create><APADJUSTMENT><VENDORID>V1</VENDORID></APADJUSTMENT>'
                 "</create></function>")
    assert op.findtext("result/status") == "failure"
