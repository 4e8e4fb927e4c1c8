"""Golden XML: each fixture mapped through the plan to ``<function>`` elements, compared to the expected text
(reviewed by hand against INTACCT-API.md §5) and validated against Sage's api.xsd inside a request envelope."""

import pytest
from lxml import etree

from core.cli.preview import masked_request
from core.intacct.schema import validate_request
from core.mapping import PlanContext, plan_event
from tests.mapping.fixtures import settings, woo
from tests.shared import API_XSD

CUSTOMER_25 = """\
<function controlid="customer-25-create-vendor-c39928e0c062">
  <create>
    <VENDOR>
      <VENDORID>WC-25</VENDORID>
      <NAME>John Doe</NAME>
      <DISPLAYCONTACT>
        <PRINTAS>John Doe</PRINTAS>
        <FIRSTNAME>John</FIRSTNAME>
        <LASTNAME>Doe</LASTNAME>
        <PHONE1>(555) 555-5555</PHONE1>
        <EMAIL1>john.doe@example.com</EMAIL1>
        <MAILADDRESS>
          <ADDRESS1>969 Market</ADDRESS1>
          <CITY>San Francisco</CITY>
          <STATE>CA</STATE>
          <ZIP>94103</ZIP>
          <COUNTRY>United States</COUNTRY>
        </MAILADDRESS>
      </DISPLAYCONTACT>
    </VENDOR>
  </create>
</function>
"""

ORDER_727 = """\
<function controlid="order-727-create-apbill-e67c9fd082bc">
  <create>
    <APBILL>
      <WHENCREATED>03/22/2017</WHENCREATED>
      <VENDORID>WC-G836F82DB99</VENDORID>
      <RECORDID>727</RECORDID>
      <DESCRIPTION>WooCommerce order #727</DESCRIPTION>
      <WHENDUE>04/21/2017</WHENDUE>
      <CURRENCY>USD</CURRENCY>
      <BASECURR>USD</BASECURR>
      <APBILLITEMS>
        <APBILLITEM>
          <ACCOUNTNO>6000</ACCOUNTNO>
          <TRX_AMOUNT>6.00</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Woo Single #1 × 2</ENTRYDESCRIPTION>
        </APBILLITEM>
        <APBILLITEM>
          <ACCOUNTNO>6000</ACCOUNTNO>
          <TRX_AMOUNT>12.00</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Ship Your Idea – Color: Black, Size: M Test × 1 (Bar3)</ENTRYDESCRIPTION>
        </APBILLITEM>
        <APBILLITEM>
          <ACCOUNTNO>6100</ACCOUNTNO>
          <TRX_AMOUNT>10.00</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Flat Rate</ENTRYDESCRIPTION>
        </APBILLITEM>
        <APBILLITEM>
          <ACCOUNTNO>2200</ACCOUNTNO>
          <TRX_AMOUNT>1.35</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Tax: State Tax (US-CA-STATE TAX)</ENTRYDESCRIPTION>
        </APBILLITEM>
      </APBILLITEMS>
    </APBILL>
  </create>
</function>
"""

ORDER_723_BILL = """\
<function controlid="order-723-create-apbill-f70d1687748f">
  <create>
    <APBILL>
      <WHENCREATED>03/21/2017</WHENCREATED>
      <VENDORID>WC-26</VENDORID>
      <RECORDID>723</RECORDID>
      <DESCRIPTION>WooCommerce order #723</DESCRIPTION>
      <WHENDUE>04/20/2017</WHENDUE>
      <CURRENCY>USD</CURRENCY>
      <BASECURR>USD</BASECURR>
      <APBILLITEMS>
        <APBILLITEM>
          <ACCOUNTNO>6000</ACCOUNTNO>
          <TRX_AMOUNT>9.00</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Woo Album #2 × 1</ENTRYDESCRIPTION>
        </APBILLITEM>
        <APBILLITEM>
          <ACCOUNTNO>6000</ACCOUNTNO>
          <TRX_AMOUNT>20.00</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Woo Ninja × 1</ENTRYDESCRIPTION>
        </APBILLITEM>
        <APBILLITEM>
          <ACCOUNTNO>6100</ACCOUNTNO>
          <TRX_AMOUNT>10.00</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Flat rate</ENTRYDESCRIPTION>
        </APBILLITEM>
      </APBILLITEMS>
    </APBILL>
  </create>
</function>
"""

ORDER_723_ADJUSTMENT = ORDER_723_BILL + """\
<function controlid="refund-723-R724-create-apadjustment-4abbda4ed9de">
  <create_apadjustment>
    <vendorid>WC-26</vendorid>
    <datecreated>
      <year>2017</year>
      <month>03</month>
      <day>21</day>
    </datecreated>
    <adjustmentno>723-R724</adjustmentno>
    <action>Submit</action>
    <billno>723</billno>
    <description>Refund #724 of WooCommerce order #723</description>
    <apadjustmentitems>
      <lineitem>
        <glaccountno>6000</glaccountno>
        <amount>-9.00</amount>
        <memo>Woo Album #2 × 1</memo>
      </lineitem>
    </apadjustmentitems>
  </create_apadjustment>
</function>
<function controlid="refund-723-R726-create-apadjustment-a71060f8b5ee">
  <create_apadjustment>
    <vendorid>WC-26</vendorid>
    <datecreated>
      <year>2017</year>
      <month>03</month>
      <day>21</day>
    </datecreated>
    <adjustmentno>723-R726</adjustmentno>
    <action>Submit</action>
    <billno>723</billno>
    <description>Refund #726 of WooCommerce order #723</description>
    <apadjustmentitems>
      <lineitem>
        <glaccountno>6000</glaccountno>
        <amount>-7.44</amount>
        <memo>Refund #726, in proportion to the bill</memo>
      </lineitem>
      <lineitem>
        <glaccountno>6100</glaccountno>
        <amount>-2.56</amount>
        <memo>Refund #726, in proportion to the bill</memo>
      </lineitem>
    </apadjustmentitems>
  </create_apadjustment>
</function>
"""

ORDER_723_NEGATIVE_BILL = ORDER_723_BILL + """\
<function controlid="refund-723-R724-create-apbill-079ab202f370">
  <create>
    <APBILL>
      <WHENCREATED>03/21/2017</WHENCREATED>
      <VENDORID>WC-26</VENDORID>
      <RECORDID>723-R724</RECORDID>
      <DESCRIPTION>Refund #724 of WooCommerce order #723</DESCRIPTION>
      <WHENDUE>04/20/2017</WHENDUE>
      <CURRENCY>USD</CURRENCY>
      <BASECURR>USD</BASECURR>
      <APBILLITEMS>
        <APBILLITEM>
          <ACCOUNTNO>6000</ACCOUNTNO>
          <TRX_AMOUNT>-9.00</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Woo Album #2 × 1</ENTRYDESCRIPTION>
        </APBILLITEM>
      </APBILLITEMS>
    </APBILL>
  </create>
</function>
<function controlid="refund-723-R726-create-apbill-c90294b094e9">
  <create>
    <APBILL>
      <WHENCREATED>03/21/2017</WHENCREATED>
      <VENDORID>WC-26</VENDORID>
      <RECORDID>723-R726</RECORDID>
      <DESCRIPTION>Refund #726 of WooCommerce order #723</DESCRIPTION>
      <WHENDUE>04/20/2017</WHENDUE>
      <CURRENCY>USD</CURRENCY>
      <BASECURR>USD</BASECURR>
      <APBILLITEMS>
        <APBILLITEM>
          <ACCOUNTNO>6000</ACCOUNTNO>
          <TRX_AMOUNT>-7.44</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Refund #726, in proportion to the bill</ENTRYDESCRIPTION>
        </APBILLITEM>
        <APBILLITEM>
          <ACCOUNTNO>6100</ACCOUNTNO>
          <TRX_AMOUNT>-2.56</TRX_AMOUNT>
          <ENTRYDESCRIPTION>Refund #726, in proportion to the bill</ENTRYDESCRIPTION>
        </APBILLITEM>
      </APBILLITEMS>
    </APBILL>
  </create>
</function>
"""

CASES = {
    "customer 25": ("customer.created", "customer-25.json", {}, False, CUSTOMER_25),
    "order 727": ("order.created", "order-727.json", {}, True, ORDER_727),
    "order 723 adjustments": ("order.created", "order-723-with-refunds.json", {}, True, ORDER_723_ADJUSTMENT),
    "order 723 negative bills": ("order.created", "order-723-with-refunds.json", {"refunds": "negative_bill"}, True,
                                 ORDER_723_NEGATIVE_BILL),
}


def functions(topic, name, mapping, vendor_known):
    ctx = PlanContext(settings(**mapping), refund_details=woo("refunds-order-723.json"), vendor_known=vendor_known)
    return [step.function() for step in plan_event(topic, woo(name), ctx).steps]


def rendered(fns):
    out = []
    for fn in fns:
        el = fn.to_xml()
        etree.indent(el)
        out.append(etree.tostring(el, encoding="unicode") + "\n")
    return "".join(out)


@pytest.mark.parametrize("case", CASES)
def test_fixture_maps_to_the_expected_xml(case):
    topic, name, mapping, known, expected = CASES[case]
    assert rendered(functions(topic, name, mapping, known)) == expected


@pytest.mark.parametrize("case", CASES)
def test_fixture_request_is_valid_against_api_xsd(case):
    topic, name, mapping, known, _ = CASES[case]
    assert validate_request(masked_request(functions(topic, name, mapping, known)), API_XSD) == []
