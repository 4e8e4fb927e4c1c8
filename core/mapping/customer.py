"""WooCommerce customer (or a guest order's billing block) → Intacct ``Vendor``.

NAME is the billing company, else first + last name, else the email. DISPLAYCONTACT carries PRINTAS (= NAME),
FIRSTNAME, LASTNAME, EMAIL1, PHONE1 and MAILADDRESS from the billing address. CONTACTNAME is left out on
purpose: Intacct then names the contact ``NAME(VVENDORID)`` (INTACCT-API.md §5.1), which contains the unique
VENDORID, so a second "John Smith" gets the contact ``John Smith(VWC-26)`` and cannot hit the duplicate
contact error ``BL34000061`` (§5.3). Empty WooCommerce strings are "not sent" on create.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from core.intacct.records import Contact, MailAddress, Vendor
from core.mapping.countries import country_name
from core.settings import MappingSettings


def _text(value: Any) -> str | None:
    """A stripped string, or None for missing/empty values."""
    text = str(value).strip() if value is not None else ""
    return text or None


def vendor_name(billing: dict[str, Any], fallback_email: str | None = None) -> str:
    """NAME: company, else "first last", else the email (else "Unnamed customer", never empty)."""
    person = " ".join(p for p in (_text(billing.get("first_name")), _text(billing.get("last_name"))) if p)
    return _text(billing.get("company")) or person or _text(billing.get("email")) or fallback_email or (
        "Unnamed customer"
    )


def mail_address(billing: dict[str, Any], mapping: MappingSettings) -> MailAddress | None:
    """MAILADDRESS from a billing block; COUNTRY is the name, the ISO code only when configured."""
    code = _text(billing.get("country"))
    address = MailAddress(
        address1=_text(billing.get("address_1")),
        address2=_text(billing.get("address_2")),
        city=_text(billing.get("city")),
        state=_text(billing.get("state")),
        zip=_text(billing.get("postcode")),
        country=country_name(code) if code else None,
        country_code=code.upper() if code and mapping.iso_country_codes else None,
    )
    return None if address == MailAddress() else address


def vendor_from_billing(
    vendor_id: str, billing: dict[str, Any], mapping: MappingSettings, person: dict[str, Any] | None = None
) -> Vendor:
    """A full Vendor for create from a billing block; ``person`` (the customer) fills missing names/email."""
    person = person or {}
    first = _text(billing.get("first_name")) or _text(person.get("first_name"))
    last = _text(billing.get("last_name")) or _text(person.get("last_name"))
    email = _text(billing.get("email")) or _text(person.get("email"))
    name = vendor_name({**billing, "first_name": first, "last_name": last}, email)
    contact = Contact(
        print_as=name,
        company_name=_text(billing.get("company")),
        first_name=first,
        last_name=last,
        email1=email,
        phone1=_text(billing.get("phone")),
        mail_address=mail_address(billing, mapping),
    )
    return Vendor(vendor_id=vendor_id, name=name, contact=contact)


def vendor_from_customer(customer: dict[str, Any], mapping: MappingSettings) -> Vendor:
    """The full Vendor for a ``customer.created``/``customer.updated`` payload."""
    from core.mapping.vendorids import customer_vendor_id

    return vendor_from_billing(
        customer_vendor_id(customer["id"], mapping), customer.get("billing") or {}, mapping, customer
    )


def _changed_fields(old: Any, new: Any, clear: Any) -> dict[str, Any]:
    """Fields of dataclass ``new`` that differ from ``old``; a field that became empty is set to ``clear``."""
    out: dict[str, Any] = {}
    for f in fields(new):
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before != after:
            out[f.name] = clear if after is None else after
    return out


def vendor_changes(
    old_payload: dict[str, Any] | None, new_payload: dict[str, Any], mapping: MappingSettings | None = None
) -> Vendor:
    """A Vendor for ``update`` with only the fields that changed between two customer payloads.

    Without a previous payload every field is sent. A text field that became empty is sent as ``""`` so
    Intacct clears it. MAILADDRESS is sent whole when any part of it changed (a partial MAILADDRESS is not
    documented to merge). ``vendor_is_empty`` tells the caller there is nothing to update.
    """
    mapping = mapping or MappingSettings()
    new = vendor_from_customer(new_payload, mapping)
    if old_payload is None:
        return new
    old = vendor_from_customer(old_payload, mapping)
    old_contact, new_contact = old.contact or Contact(), new.contact or Contact()
    contact_changes = _changed_fields(old_contact, new_contact, "")
    if "mail_address" in contact_changes:
        contact_changes["mail_address"] = new_contact.mail_address or MailAddress(*([""] * 6))
    contact = replace(Contact(), **contact_changes) if contact_changes else None
    name = new.name if new.name != old.name else None
    return Vendor(vendor_id=new.vendor_id, name=name, contact=contact)


def vendor_is_empty(vendor: Vendor) -> bool:
    """True when an update Vendor carries no field besides VENDORID."""
    return all(getattr(vendor, f.name) is None for f in fields(vendor) if f.name != "vendor_id")
