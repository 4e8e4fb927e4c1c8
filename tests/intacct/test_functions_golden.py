"""One golden-XML test per function object, against Sage's SDK fixtures where they exist (read in place)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.intacct.functions import (
    And,
    ApAdjustmentCreate,
    ApBillCreate,
    ApBillUpdate,
    Between,
    EqualTo,
    GetApiSession,
    GreaterThanOrEqualTo,
    In,
    IsNull,
    LessThanOrEqualTo,
    Or,
    OrderBy,
    Query,
    ReadByName,
    ReadByQuery,
    ReadMore,
    VendorCreate,
    VendorUpdate,
)
from core.intacct.records import (
    ApAdjustment,
    ApAdjustmentLine,
    ApBill,
    ApBillChanges,
    ApBillLine,
    Contact,
    MailAddress,
    Vendor,
)
from tests.intacct.xmlcompare import assert_same_xml, fixture


def test_vendor_create_matches_sdk_fixture_f15():
    vendor = Vendor(vendor_id="", name="Vendor ABC", contact=Contact(print_as="Vendor ABC Inc"))
    assert_same_xml(VendorCreate("unittest", vendor).to_xml(), fixture("F15"))


def test_vendor_create_writes_every_field_in_sdk_order():
    vendor = Vendor(
        vendor_id="WC-7",
        name="Ada Ltd",
        contact=Contact(
            first_name="Ada", last_name="Lovelace", email1="ada@example.com", phone1="555",
            mail_address=MailAddress("1 Main St", "Apt 2", "Springfield", "IL", "62701", "United States", "US"),
        ),
        status="active",
        currency="USD",
    )
    expected = """<function controlid="c1"><create><VENDOR><VENDORID>WC-7</VENDORID><NAME>Ada Ltd</NAME>
      <DISPLAYCONTACT><PRINTAS>Ada Ltd</PRINTAS><FIRSTNAME>Ada</FIRSTNAME><LASTNAME>Lovelace</LASTNAME>
      <PHONE1>555</PHONE1><EMAIL1>ada@example.com</EMAIL1><MAILADDRESS><ADDRESS1>1 Main St</ADDRESS1>
      <ADDRESS2>Apt 2</ADDRESS2><CITY>Springfield</CITY><STATE>IL</STATE><ZIP>62701</ZIP>
      <COUNTRY>United States</COUNTRY><COUNTRYCODE>US</COUNTRYCODE></MAILADDRESS></DISPLAYCONTACT>
      <STATUS>active</STATUS><CURRENCY>USD</CURRENCY></VENDOR></create></function>"""
    assert_same_xml(VendorCreate("c1", vendor).to_xml(), expected)


def test_vendor_create_without_a_name_is_refused():
    with pytest.raises(ValueError, match="Name is required"):
        VendorCreate("c1", Vendor(vendor_id="V1"))


def test_vendor_update_matches_sdk_fixture_f16():
    assert_same_xml(VendorUpdate("unittest", Vendor(vendor_id="V1234")).to_xml(), fixture("F16"))


def test_vendor_update_sends_only_the_fields_that_are_set():
    vendor = Vendor(vendor_id="V1", contact=Contact(email1="new@example.com"))
    expected = ('<function controlid="u1"><update><VENDOR><VENDORID>V1</VENDORID>'
                "<DISPLAYCONTACT><EMAIL1>new@example.com</EMAIL1></DISPLAYCONTACT></VENDOR></update></function>")
    assert_same_xml(VendorUpdate("u1", vendor).to_xml(), expected)


def _bill(**overrides) -> ApBill:
    values = dict(
        vendor_id="WC-7", record_id="1001", when_created=date(2024, 3, 5), when_due=date(2024, 4, 4),
        description="Order 1001", currency="USD", base_currency="USD", exchange_rate_type="Intacct Daily Rate",
        lines=(
            ApBillLine("6000", Decimal("10.005"), "Widget", {"LOCATIONID": "100", "DEPARTMENTID": "D1"}),
            ApBillLine("6100", Decimal("-2")),
        ),
    )
    values.update(overrides)
    return ApBill(**values)


def test_apbill_create_writes_dates_mdy_amounts_to_cents_and_dimensions():
    expected = """<function controlid="b1"><create><APBILL><WHENCREATED>03/05/2024</WHENCREATED>
      <VENDORID>WC-7</VENDORID><RECORDID>1001</RECORDID><DESCRIPTION>Order 1001</DESCRIPTION>
      <WHENDUE>04/04/2024</WHENDUE><CURRENCY>USD</CURRENCY><BASECURR>USD</BASECURR><APBILLITEMS>
      <APBILLITEM><ACCOUNTNO>6000</ACCOUNTNO><TRX_AMOUNT>10.01</TRX_AMOUNT><ENTRYDESCRIPTION>Widget</ENTRYDESCRIPTION>
      <LOCATIONID>100</LOCATIONID><DEPARTMENTID>D1</DEPARTMENTID></APBILLITEM>
      <APBILLITEM><ACCOUNTNO>6100</ACCOUNTNO><TRX_AMOUNT>-2.00</TRX_AMOUNT></APBILLITEM>
      </APBILLITEMS></APBILL></create></function>"""
    assert_same_xml(ApBillCreate("b1", _bill()).to_xml(), expected)


def test_apbill_create_sends_exchange_rate_type_only_for_foreign_currency():
    xml = ApBillCreate("b1", _bill(currency="EUR")).to_xml()
    assert xml.findtext("create/APBILL/EXCH_RATE_TYPE_ID") == "Intacct Daily Rate"


def test_apbill_create_without_lines_is_refused():
    with pytest.raises(ValueError, match="at least 1 line"):
        ApBillCreate("b1", _bill(lines=()))


def test_apbill_update_writes_recordno_and_changed_fields_only():
    changes = ApBillChanges(record_no="42", description="Order 1001 (edited)")
    expected = ('<function controlid="bu"><update><APBILL><RECORDNO>42</RECORDNO>'
                "<DESCRIPTION>Order 1001 (edited)</DESCRIPTION></APBILL></update></function>")
    assert_same_xml(ApBillUpdate("bu", changes).to_xml(), expected)


def test_ap_adjustment_create_matches_sdk_fixture_f18():
    adj = ApAdjustment("VENDOR1", date(2015, 6, 30), (ApAdjustmentLine("", Decimal("76343.43")),), action=None)
    assert_same_xml(ApAdjustmentCreate("unittest", adj).to_xml(), fixture("F18"))


def test_ap_adjustment_create_follows_xsd_element_order():
    adj = ApAdjustment(
        "WC-7", date(2024, 3, 6), (ApAdjustmentLine("6000", Decimal("-5.5"), "refund", {"LOCATIONID": "100"}),),
        adjustment_no="1001-R9", bill_no="1001", description="Refund 9", when_posted=date(2024, 3, 7),
        currency="EUR", base_currency="USD",
    )
    expected = """<function controlid="a1"><create_apadjustment><vendorid>WC-7</vendorid>
      <datecreated><year>2024</year><month>03</month><day>06</day></datecreated>
      <dateposted><year>2024</year><month>03</month><day>07</day></dateposted>
      <adjustmentno>1001-R9</adjustmentno><action>Submit</action><billno>1001</billno>
      <description>Refund 9</description><basecurr>USD</basecurr><currency>EUR</currency>
      <exchratetype>Intacct Daily Rate</exchratetype><apadjustmentitems><lineitem><glaccountno>6000</glaccountno>
      <amount>-5.50</amount><memo>refund</memo><locationid>100</locationid></lineitem></apadjustmentitems>
      </create_apadjustment></function>"""
    assert_same_xml(ApAdjustmentCreate("a1", adj).to_xml(), expected)


def test_ap_adjustment_with_mixed_signs_is_refused():
    lines = (ApAdjustmentLine("6000", Decimal("5")), ApAdjustmentLine("6000", Decimal("-5")))
    with pytest.raises(ValueError, match="all positive or all negative"):
        ApAdjustmentCreate("a1", ApAdjustment("V", date(2024, 1, 1), lines))


def test_query_matches_sdk_fixture_f20():
    query = Query(
        "unittest", "ARINVOICE", ["CUSTOMERID", "RECORDNO"],
        filter=And(GreaterThanOrEqualTo("RECORDNO", "1"), LessThanOrEqualTo("RECORDNO", "100")),
    )
    assert_same_xml(query.to_xml(), fixture("F20"))


def test_query_writes_orderby_options_and_paging():
    query = Query(
        "q1", "VENDOR", ["VENDORID"],
        filter=Or(EqualTo("STATUS", "active"), In("VENDORID", ["A", "B"]), IsNull("NAME"), Between("X", "1", "2")),
        orderby=[OrderBy("VENDORID", "descending")], pagesize=500, offset=1000, case_insensitive=True,
    )
    expected = """<function controlid="q1"><query><select><field>VENDORID</field></select><object>VENDOR</object>
      <filter><or><equalto><field>STATUS</field><value>active</value></equalto>
      <in><field>VENDORID</field><value>A</value><value>B</value></in><isnull><field>NAME</field></isnull>
      <between><field>X</field><value>1</value><value>2</value></between></or></filter>
      <orderby><order><field>VENDORID</field><descending/></order></orderby>
      <options><caseinsensitive>true</caseinsensitive></options><pagesize>500</pagesize><offset>1000</offset>
      </query></function>"""
    assert_same_xml(query.to_xml(), expected)


def test_query_pagesize_beyond_2000_is_refused():
    with pytest.raises(ValueError, match="pagesize"):
        Query("q", "VENDOR", ["VENDORID"], pagesize=2001)


def test_read_by_query_matches_sdk_fixture_f19():
    assert_same_xml(ReadByQuery("unittest", "CLASS", "RECORDNO < 2", pagesize=1000).to_xml(), fixture("F19"))


def test_read_more_names_the_result_id():
    expected = '<function controlid="m1"><readMore><resultId>abc</resultId></readMore></function>'
    assert_same_xml(ReadMore("m1", "abc").to_xml(), expected)


def test_read_by_name_joins_keys_with_commas():
    expected = ('<function controlid="n1"><readByName><object>VENDOR</object><keys>V1,V2</keys>'
                "<fields>*</fields><returnFormat>xml</returnFormat></readByName></function>")
    assert_same_xml(ReadByName("n1", "VENDOR", ["V1", "V2"]).to_xml(), expected)


def test_get_api_session_with_location_matches_sdk_fixture_f5():
    assert_same_xml(GetApiSession("unittest", "100").to_xml(), fixture("F5"))


def test_get_api_session_without_location_is_empty():
    assert_same_xml(GetApiSession("s").to_xml(), '<function controlid="s"><getAPISession/></function>')


@pytest.mark.parametrize("control_id", ["", "x" * 257])
def test_control_ids_outside_1_to_256_characters_are_refused(control_id):
    with pytest.raises(ValueError, match="between 1 and 256"):
        ReadMore(control_id, "abc")


def test_a_256_character_control_id_is_accepted():
    assert ReadMore("x" * 256, "abc").to_xml().get("controlid") == "x" * 256
