"""VENDOR create and update with the generic 3.0 functions (INTACCT-API.md §5.1, §5.2; fixtures F15, F16)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.intacct.functions.base import IntacctFunction
from core.intacct.records import Contact, MailAddress, Vendor
from core.intacct.xml import Element, element, sub, sub_if


def _mail_address(parent: Element, address: MailAddress) -> None:
    el = sub(parent, "MAILADDRESS")
    sub_if(el, "ADDRESS1", address.address1)
    sub_if(el, "ADDRESS2", address.address2)
    sub_if(el, "CITY", address.city)
    sub_if(el, "STATE", address.state)
    sub_if(el, "ZIP", address.zip)
    sub_if(el, "COUNTRY", address.country)
    sub_if(el, "COUNTRYCODE", address.country_code)  # the PHP and JS SDKs' name (§5.1 discrepancy)


def _display_contact(parent: Element, contact: Contact | None, print_as: str | None) -> None:
    """DISPLAYCONTACT in the PHP SDK's element order; an empty one when there is nothing to say (F16)."""
    el = sub(parent, "DISPLAYCONTACT")
    contact = contact or Contact()
    sub_if(el, "CONTACTNAME", contact.contact_name)
    sub_if(el, "PRINTAS", print_as)
    sub_if(el, "COMPANYNAME", contact.company_name)
    sub_if(el, "FIRSTNAME", contact.first_name)
    sub_if(el, "LASTNAME", contact.last_name)
    sub_if(el, "PHONE1", contact.phone1)
    sub_if(el, "EMAIL1", contact.email1)
    if contact.mail_address is not None:
        _mail_address(el, contact.mail_address)


def _vendor_element(vendor: Vendor, print_as: str | None) -> Element:
    el = element("VENDOR")
    if vendor.vendor_id:
        sub(el, "VENDORID", vendor.vendor_id)
    sub_if(el, "NAME", vendor.name)
    _display_contact(el, vendor.contact, print_as)
    sub_if(el, "STATUS", vendor.status)
    sub_if(el, "CURRENCY", vendor.currency)
    return el


@dataclass(frozen=True)
class VendorCreate(IntacctFunction):
    """``<create><VENDOR>``: NAME required; PRINTAS defaults to NAME as in the PHP SDK."""

    control_id: str
    vendor: Vendor
    function_name: ClassVar[str] = "create"
    is_write: ClassVar[bool] = True

    def validate(self) -> None:
        if not self.vendor.name:
            raise ValueError("Vendor Name is required for create")

    def body(self) -> Element:
        contact = self.vendor.contact
        print_as = (contact.print_as if contact else None) or self.vendor.name
        create = element(self.function_name)
        create.append(_vendor_element(self.vendor, print_as))
        return create


@dataclass(frozen=True)
class VendorUpdate(IntacctFunction):
    """``<update><VENDOR>`` keyed by VENDORID with only the non-None fields."""

    control_id: str
    vendor: Vendor
    function_name: ClassVar[str] = "update"
    is_write: ClassVar[bool] = True

    def validate(self) -> None:
        if not self.vendor.vendor_id:
            raise ValueError("Vendor ID is required for update")

    def body(self) -> Element:
        contact = self.vendor.contact
        update = element(self.function_name)
        update.append(_vendor_element(self.vendor, contact.print_as if contact else None))
        return update
