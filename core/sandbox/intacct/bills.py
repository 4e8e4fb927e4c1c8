"""APBILL create and update rules (INTACCT-API.md §5.4, §10.7).

Unless ``ACTION`` is ``Draft``, a bill needs an existing ``VENDORID``, ``WHENCREATED`` (mm/dd/yyyy) and
``WHENDUE`` or ``TERMNAME``. It needs at least one ``APBILLITEMS/APBILLITEM`` with ``ACCOUNTNO`` and
``TRX_AMOUNT``; accounts and dimension ids must exist. Amounts are rounded to 2 dp. Negative lines are
legitimate (negative bills, §5.6).

The legacy ``<create_bill>`` (``api.xsd``; what Sage's own SDKs' ``BillCreate`` sends, fixture F17) is the
same bill in lower-case 2.1 elements: ``datecreated``/``datedue`` as ``year|month|day``,
``billitems/lineitem`` with ``glaccountno`` and ``amount``. It is mapped onto the APBILL fields, checked by
the same rules and answered ``<key>RECORDNO</key>`` like every legacy create.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from lxml import etree

from core.sandbox.intacct.convert import as_list, format_us_date, legacy_date, money, text, us_date
from core.sandbox.intacct.errors import ErrorDetail, FunctionFailure, business, could_not_create
from core.sandbox.intacct.references import DIMENSIONS, account_errors, dimension_errors
from core.sandbox.intacct.store import Record, RecordStore, Value
from core.sandbox.intacct.vendors import merge
from core.sandbox.intacct.xmlio import text_of


def _header_errors(store: RecordStore, bill: Record) -> list[ErrorDetail]:
    if text(bill, "ACTION").lower() == "draft":
        return []
    errors = []
    vendorid = text(bill, "VENDORID")
    if not vendorid:
        errors.append(business("Required field VENDORID is missing.", "Provide a vendor ID."))
    elif store.find_by_id("VENDOR", vendorid) is None:
        errors.append(business(f"Invalid Vendor '{vendorid}' specified.", "Use an existing vendor ID."))
    for field in ("WHENCREATED", "WHENDUE"):
        raw = text(bill, field)
        if raw and us_date(raw) is None:
            errors.append(business(f"Invalid date {raw} for {field}.", "Use the format mm/dd/yyyy."))
    if not text(bill, "WHENCREATED"):
        errors.append(business("Required field WHENCREATED is missing.", "Provide a transaction date."))
    if not text(bill, "WHENDUE") and not text(bill, "TERMNAME"):
        errors.append(business("Required field WHENDUE is missing.", "Provide a due date or a TERMNAME."))
    return errors


def _line_errors(store: RecordStore, line: Record, number: int) -> list[ErrorDetail]:
    errors = account_errors(store, text(line, "ACCOUNTNO"))
    amount = money(text(line, "TRX_AMOUNT"))
    if amount is None:
        errors.append(business(f"Line {number}: TRX_AMOUNT is missing or not a number.", "Provide an amount."))
    else:
        line["TRX_AMOUNT"] = str(amount)
    errors += dimension_errors(store, {field: text(line, field) for field in DIMENSIONS})
    return errors


def _lines(bill: Record) -> list[Record]:
    container = bill.get("APBILLITEMS")
    return as_list(container.get("APBILLITEM")) if isinstance(container, dict) else []


def _validate(store: RecordStore, bill: Record) -> list[ErrorDetail]:
    errors = _header_errors(store, bill)
    lines = _lines(bill)
    if not lines:
        errors.append(business("AP Bill must have at least 1 line", "Add an APBILLITEMS/APBILLITEM line."))
    for number, line in enumerate(lines, start=1):
        errors += _line_errors(store, line, number)
    if not errors:
        bill["APBILLITEMS"] = {"APBILLITEM": list(lines)}
        total = sum((Decimal(text(line, "TRX_AMOUNT")) for line in lines), Decimal("0.00"))
        bill["TOTALENTERED"] = bill["TRX_TOTALENTERED"] = str(total)
    return errors


def create_bill(store: RecordStore, bill: Record, now: datetime) -> Record:
    """Validate and store a new bill; raises :class:`FunctionFailure` naming every problem."""
    errors = _validate(store, bill)
    if errors:
        raise FunctionFailure(*errors, could_not_create("apbill"))
    bill.setdefault("STATE", "Draft" if text(bill, "ACTION").lower() == "draft" else "Posted")
    bill["WHENMODIFIED"] = now.strftime("%m/%d/%Y %H:%M:%S")
    return store.insert("APBILL", bill)


def update_bill(store: RecordStore, existing: Record, changes: Record, now: datetime) -> Record:
    """Apply ``changes`` (new ``APBILLITEMS`` replace the lines) and validate the whole bill again."""
    base = {k: v for k, v in existing.items() if not (k == "APBILLITEMS" and "APBILLITEMS" in changes)}
    merged = merge(base, changes)
    merged["RECORDNO"] = existing["RECORDNO"]
    errors = _validate(store, merged)
    if errors:
        raise FunctionFailure(*errors, business("Could not update apbill record!"))
    merged["WHENMODIFIED"] = now.strftime("%m/%d/%Y %H:%M:%S")
    store.replace("APBILL", merged)
    return merged


# create_bill header element → APBILL field (billno is the bill number, RECORDID; ponumber the reference).
_LEGACY_HEADER = {"vendorid": "VENDORID", "termname": "TERMNAME", "action": "ACTION", "billno": "RECORDID",
                  "ponumber": "DOCNUMBER", "description": "DESCRIPTION", "basecurr": "BASECURR",
                  "currency": "CURRENCY", "supdocid": "SUPDOCID"}
_LEGACY_DATES = {"datecreated": "WHENCREATED", "dateposted": "WHENPOSTED", "datedue": "WHENDUE"}
_LEGACY_LINE = {"glaccountno": "ACCOUNTNO", "amount": "TRX_AMOUNT", "memo": "ENTRYDESCRIPTION",
                **{field.lower(): field for field in DIMENSIONS}}


def legacy_bill_record(body: etree._Element) -> Record:
    """The APBILL record a ``<create_bill>`` element describes (absent elements stay absent)."""
    bill: Record = {field: text_of(body, tag) for tag, field in _LEGACY_HEADER.items() if body.find(tag) is not None}
    for tag, field in _LEGACY_DATES.items():
        element = body.find(tag)
        if element is not None:
            day = legacy_date(element)
            raw = "/".join(text_of(element, part) for part in ("month", "day", "year"))
            bill[field] = format_us_date(day) if day else raw  # a bad date is refused by the APBILL rules
    lines: list[Value] = []
    for item in body.findall("billitems/lineitem"):
        lines.append({field: text_of(item, tag) for tag, field in _LEGACY_LINE.items() if item.find(tag) is not None})
    bill["APBILLITEMS"] = {"APBILLITEM": lines}
    return bill


def create_legacy_bill(store: RecordStore, body: etree._Element, now: datetime) -> Record:
    """``<create_bill>``: the same rules as a generic APBILL create; the caller answers ``<key>``."""
    return create_bill(store, legacy_bill_record(body), now)
