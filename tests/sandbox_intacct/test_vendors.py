"""VENDOR create/update rules and answers (INTACCT-API.md §5.1–§5.3)."""

from __future__ import annotations

from tests.sandbox_intacct.conftest import create_vendor, errors, vendor_xml


def test_create_answers_lower_case_object_with_recordno_and_vendorid(gw):
    op = gw.call(create_vendor("WC-25"))
    data = op.find("result/data")
    assert (data.get("listtype"), data.get("count")) == ("objects", "1")
    assert data.find("vendor/VENDORID").text == "WC-25"
    assert data.find("vendor/RECORDNO").text.isdigit()


def test_recordnos_are_assigned_sequentially(gw):
    first = int(gw.call(create_vendor("A1")).findtext("result/data/vendor/RECORDNO"))
    second = int(gw.call(create_vendor("A2", name="Other")).findtext("result/data/vendor/RECORDNO"))
    assert second == first + 1


def test_created_vendor_is_stored_with_its_contact_fields(gw, sandbox):
    gw.call(create_vendor("WC-25", extra="<EMAIL1>a@b.example</EMAIL1>"))
    [vendor] = sandbox.state.records("VENDOR")
    assert vendor["DISPLAYCONTACT"]["EMAIL1"] == "a@b.example"
    assert vendor["STATUS"] == "active"


def test_duplicate_vendorid_is_refused_with_bl34000061_then_bl01001973(gw, sandbox):
    gw.call(create_vendor("WC-25"))
    op = gw.call(create_vendor("WC-25", name="Someone Else"))
    assert op.findtext("result/status") == "failure"
    assert errors(op.find("result")) == [
        ("BL34000061", "Another Vendor with the given value(s) WC-25  already exists"),
        ("BL01001973", "Could not create vendor record!"),
    ]
    assert op.findtext("result/errormessage/error/correction") == "Use a unique value instead."
    assert len(sandbox.state.records("VENDOR")) == 1


def test_failed_create_still_carries_an_empty_objects_data_element(gw):
    gw.call(create_vendor("WC-25"))
    data = gw.call(create_vendor("WC-25")).find("result/data")
    assert (data.get("listtype"), data.get("count"), len(data)) == ("objects", "0", 0)


def test_explicit_duplicate_contactname_is_refused_as_another_contact(gw):
    gw.call(create_vendor("V1", extra="<CONTACTNAME>Shared Contact</CONTACTNAME>"))
    op = gw.call(create_vendor("V2", name="Second", extra="<CONTACTNAME>Shared Contact</CONTACTNAME>"))
    assert errors(op.find("result"))[0] == (
        "BL34000061", "Another Contact with the given value(s) Shared Contact  already exists")


def test_contact_name_defaults_to_name_and_vendorid(gw, sandbox):
    gw.call(create_vendor("V1", name="Acme"))
    assert [c["CONTACTNAME"] for c in sandbox.state.records("CONTACT")] == ["Acme(VV1)"]


def test_vendor_without_name_is_refused(gw):
    op = gw.call('<function controlid="c"><create><VENDOR><VENDORID>V9</VENDORID>'
                 "<DISPLAYCONTACT><PRINTAS>x</PRINTAS></DISPLAYCONTACT></VENDOR></create></function>")
    assert op.findtext("result/status") == "failure"
    assert any("NAME" in text for _, text in errors(op.find("result")))


def test_vendor_without_printas_is_refused(gw):
    op = gw.call('<function controlid="c"><create><VENDOR><VENDORID>V9</VENDORID><NAME>n</NAME>'
                 "</VENDOR></create></function>")
    assert any("PRINTAS" in text for _, text in errors(op.find("result")))


def test_update_of_a_missing_vendor_names_it_in_errorno(gw):
    op = gw.call('<function controlid="u"><update><VENDOR><VENDORID>V404</VENDORID><DISPLAYCONTACT/>'
                 "</VENDOR></update></function>")
    assert op.findtext("result/status") == "failure"
    assert errors(op.find("result"))[0][0] == "Cannot update non-existing VENDOR with VENDORID=V404."


def test_update_merges_fields_and_keeps_the_display_contact_when_given_empty(gw, sandbox):
    gw.call(create_vendor("V1", extra="<EMAIL1>old@example.com</EMAIL1>"))
    op = gw.call('<function controlid="u"><update><VENDOR><VENDORID>V1</VENDORID><NAME>Renamed</NAME>'
                 "<DISPLAYCONTACT/></VENDOR></update></function>")
    assert op.findtext("result/data/vendor/VENDORID") == "V1"
    [vendor] = sandbox.state.records("VENDOR")
    assert vendor["NAME"] == "Renamed" and vendor["DISPLAYCONTACT"]["EMAIL1"] == "old@example.com"


def test_one_create_of_several_objects_is_all_or_nothing(gw, sandbox):
    op = gw.call(f'<function controlid="c"><create>{vendor_xml("V1")}{vendor_xml("V1")}</create></function>')
    assert op.findtext("result/status") == "failure"
    assert sandbox.state.records("VENDOR") == []


def test_create_of_an_unknown_object_fails_naming_it(gw):
    op = gw.call('<function controlid="c"><create><WIDGET><NAME>x</NAME></WIDGET></create></function>')
    assert errors(op.find("result"))[0][1] == "Object definition WIDGET not found"
