"""Typed Intacct records: what the mapping produces and the function objects render.

Plain frozen dataclasses with ``Decimal`` money and ``date`` dates; no XML here. Field names follow
Intacct's (INTACCT-API.md §5) in snake case. ``None`` means "not sent" wherever a field is optional, so an
update can carry only the fields that changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from core.intacct.xml import single_line


class _SingleLine:
    """Every ``str`` field of these records is one line of plain text (:func:`core.intacct.xml.single_line`):
    a name with CR/LF, a bidi override or a lone surrogate from the store never reaches Intacct as such."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, str) and not value.isprintable():
                object.__setattr__(self, f.name, single_line(value))


@dataclass(frozen=True)
class MailAddress(_SingleLine):
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    """Country name, as Intacct's COUNTRY expects."""
    country_code: str | None = None
    """ISO 3166 alpha-2; written only for companies with ISO country codes enabled."""


@dataclass(frozen=True)
class Contact(_SingleLine):
    """A VENDOR's DISPLAYCONTACT."""

    print_as: str | None = None
    contact_name: str | None = None
    """CONTACTNAME; None lets Intacct derive ``NAME(VVENDORID)``, which is unique per vendor."""
    company_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email1: str | None = None
    phone1: str | None = None
    mail_address: MailAddress | None = None


@dataclass(frozen=True)
class Vendor(_SingleLine):
    """A VENDOR for ``create`` (name and contact.print_as required) or ``update`` (only non-None fields)."""

    vendor_id: str
    name: str | None = None
    contact: Contact | None = None
    status: str | None = None
    """``active`` or ``inactive``."""
    currency: str | None = None


@dataclass(frozen=True)
class ApBillLine:
    account_no: str
    amount: Decimal
    """TRX_AMOUNT: the line's amount before tax (negative on a negative bill)."""
    entry_description: str | None = None
    dimensions: Mapping[str, str] = field(default_factory=dict)
    """Intacct line field → value: LOCATIONID, DEPARTMENTID, CLASSID, PROJECTID, …"""


@dataclass(frozen=True)
class ApBill:
    vendor_id: str
    record_id: str
    """RECORDID, the bill number: the WooCommerce order number."""
    when_created: date
    lines: tuple[ApBillLine, ...]
    when_posted: date | None = None
    when_due: date | None = None
    term_name: str | None = None
    doc_number: str | None = None
    description: str | None = None
    currency: str | None = None
    base_currency: str | None = None
    exchange_rate_type: str | None = None
    """EXCH_RATE_TYPE_ID, sent only when currency and base currency differ."""

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))


@dataclass(frozen=True)
class ApBillChanges:
    """Descriptive fields of a posted bill that may be updated in place (``update`` APBILL by RECORDNO)."""

    record_no: str
    description: str | None = None
    doc_number: str | None = None
    when_due: date | None = None


@dataclass(frozen=True)
class ApAdjustmentLine:
    account_no: str
    amount: Decimal
    memo: str | None = None
    dimensions: Mapping[str, str] = field(default_factory=dict)
    """Lower-case legacy names are derived from these (LOCATIONID → locationid)."""


@dataclass(frozen=True)
class ApAdjustment:
    """A legacy ``create_apadjustment`` (the only create Intacct offers for AP adjustments, §5.6)."""

    vendor_id: str
    when_created: date
    lines: tuple[ApAdjustmentLine, ...]
    adjustment_no: str | None = None
    bill_no: str | None = None
    """The bill (RECORDID) this adjustment applies to."""
    description: str | None = None
    when_posted: date | None = None
    currency: str | None = None
    base_currency: str | None = None
    exchange_rate_type: str | None = None
    action: str | None = "Submit"

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0"))
