"""Fyle's Python SDK (PyPI ``sageintacctsdk`` 1.28.1) against the Intacct sandbox.

The SDK logs in from its constructor and has no endpoint setting: ``ApiBase.__init__`` hard-codes
``https://api.intacct.com/ia/xml/xmlgw.phtml`` in a private attribute, and after ``getAPISession`` only the
object that logged in follows the answered endpoint. The one adaptation (printed) points every ``ApiBase``
at the sandbox's URL when it is made; requests and answers are otherwise the SDK's own, and the sandbox
validates each request against Sage's ``api.xsd``.
"""

from __future__ import annotations

import pytest
from sageintacctsdk import SageIntacctSDK
from sageintacctsdk.apis.api_base import ApiBase
from sageintacctsdk.exceptions import InvalidTokenError, WrongParamsError

from tests.contract.conftest import adaptation
from tests.sandbox_intacct.conftest import COMPANY, SENDER, SENDER_PW, USER, USER_PW


@pytest.fixture
def sdk_for(intacct, monkeypatch):
    stock_init = ApiBase.__init__

    def pointed_at_sandbox(self, *args, **kwargs):
        stock_init(self, *args, **kwargs)
        self._ApiBase__api_url = intacct.url

    monkeypatch.setattr(ApiBase, "__init__", pointed_at_sandbox)
    adaptation("sageintacctsdk ApiBase.__init__ sets the private _ApiBase__api_url to the sandbox URL "
               "(the SDK hard-codes https://api.intacct.com/... and has no endpoint setting)")

    def make(user_password: str = USER_PW) -> SageIntacctSDK:
        return SageIntacctSDK(sender_id=SENDER, sender_password=SENDER_PW, user_id=USER, company_id=COMPANY,
                              user_password=user_password)
    return make


def test_login_in_the_constructor_opens_a_session(sdk_for, intacct):
    sdk_for()
    assert intacct.state.login_count == 1 and intacct.state.session_count == 1


def test_wrong_password_is_invalid_token(sdk_for):
    with pytest.raises(InvalidTokenError):
        sdk_for("not-it")


def test_vendor_and_bill_creates_then_reads(sdk_for, intacct):
    sdk = sdk_for()
    created = sdk.vendors.post({"VENDORID": "V-FY-1", "NAME": "Fyle Vendor",
                                "DISPLAYCONTACT": {"PRINTAS": "Fyle Vendor"}})
    assert created["status"] == "success" and created["data"]["vendor"]["VENDORID"] == "V-FY-1"
    bill = sdk.bills.post({"VENDORID": "V-FY-1", "WHENCREATED": "07/04/2026", "WHENDUE": "08/03/2026",
                           "APBILLITEMS": {"APBILLITEM": [{"ACCOUNTNO": "6000", "TRX_AMOUNT": "12.34"}]}})
    assert bill["status"] == "success"
    assert [b["TOTALENTERED"] for b in intacct.state.records("APBILL")] == ["12.34"]
    [found] = sdk.vendors.get(field="VENDORID", value="V-FY-1")["VENDOR"]
    assert (found["NAME"], found["DISPLAYCONTACT.PRINTAS"], found["STATUS"]) == ("Fyle Vendor", "Fyle Vendor", "active")
    assert sdk.vendors.count() == 1
    assert [v["VENDORID"] for v in sdk.vendors.get_all(fields=["VENDORID", "NAME"])] == ["V-FY-1"]


def test_business_errors_are_wrong_params(sdk_for):
    sdk = sdk_for()
    with pytest.raises(WrongParamsError) as refused:
        sdk.bills.post({"VENDORID": "NOBODY", "WHENCREATED": "07/04/2026", "WHENDUE": "08/03/2026",
                        "APBILLITEMS": {"APBILLITEM": [{"ACCOUNTNO": "6000", "TRX_AMOUNT": "1.00"}]}})
    errors = refused.value.response["error"]
    assert "Invalid Vendor 'NOBODY' specified." in errors[0]["description2"]
