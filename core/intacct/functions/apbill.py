"""APBILL create and update with the generic 3.0 functions (INTACCT-API.md §5.4).

Sage has no SDK fixture for the generic APBILL create; the element order follows the dev-docs example.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from core.intacct.functions.base import IntacctFunction, validate_field_name
from core.intacct.records import ApBill, ApBillChanges, ApBillLine
from core.intacct.xml import Element, element, mdy, money, sub, sub_if
from core.mapping.currency import minor_unit


def _optional_date(parent: Element, tag: str, value: date | None) -> None:
    if value is not None:
        sub(parent, tag, mdy(value))


def _line(parent: Element, line: ApBillLine, places: int) -> None:
    el = sub(parent, "APBILLITEM")
    sub(el, "ACCOUNTNO", line.account_no)
    sub(el, "TRX_AMOUNT", money(line.amount, places))
    sub_if(el, "ENTRYDESCRIPTION", line.entry_description)
    for name, value in line.dimensions.items():
        sub(el, validate_field_name(name), value)


def _exchange_rate_type(bill: ApBill) -> str | None:
    """EXCH_RATE_TYPE_ID only for a foreign-currency bill (blank means the daily rate)."""
    foreign = bill.currency is not None and bill.base_currency is not None and bill.currency != bill.base_currency
    return bill.exchange_rate_type if foreign else None


@dataclass(frozen=True)
class ApBillCreate(IntacctFunction):
    """``<create><APBILL>`` with WHENCREATED etc. as mm/dd/yyyy and one APBILLITEM per line."""

    control_id: str
    bill: ApBill
    function_name: ClassVar[str] = "create"
    is_write: ClassVar[bool] = True

    def validate(self) -> None:
        if not self.bill.lines:
            raise ValueError("AP Bill must have at least 1 line")
        for line in self.bill.lines:
            for name in line.dimensions:
                validate_field_name(name)

    def body(self) -> Element:
        bill = self.bill
        create = element(self.function_name)
        el = sub(create, "APBILL")
        sub(el, "WHENCREATED", mdy(bill.when_created))
        _optional_date(el, "WHENPOSTED", bill.when_posted)
        sub(el, "VENDORID", bill.vendor_id)
        sub(el, "RECORDID", bill.record_id)
        sub_if(el, "DOCNUMBER", bill.doc_number)
        sub_if(el, "DESCRIPTION", bill.description)
        sub_if(el, "TERMNAME", bill.term_name)
        _optional_date(el, "WHENDUE", bill.when_due)
        sub_if(el, "CURRENCY", bill.currency)
        sub_if(el, "BASECURR", bill.base_currency)
        sub_if(el, "EXCH_RATE_TYPE_ID", _exchange_rate_type(bill))
        items = sub(el, "APBILLITEMS")
        for line in bill.lines:
            _line(items, line, minor_unit(bill.currency))
        return create


@dataclass(frozen=True)
class ApBillUpdate(IntacctFunction):
    """``<update><APBILL>`` by RECORDNO with only the descriptive fields that changed."""

    control_id: str
    changes: ApBillChanges
    function_name: ClassVar[str] = "update"
    is_write: ClassVar[bool] = True

    def validate(self) -> None:
        if not self.changes.record_no:
            raise ValueError("RECORDNO is required to update a bill")

    def body(self) -> Element:
        changes = self.changes
        update = element(self.function_name)
        el = sub(update, "APBILL")
        sub(el, "RECORDNO", changes.record_no)
        sub_if(el, "DOCNUMBER", changes.doc_number)
        sub_if(el, "DESCRIPTION", changes.description)
        _optional_date(el, "WHENDUE", changes.when_due)
        return update
