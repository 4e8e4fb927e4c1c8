"""Legacy ``create_apadjustment`` (INTACCT-API.md §5.6, §10.8): the only way to create an AP adjustment.

Lower-case elements, ``datecreated/year|month|day``, ``apadjustmentitems/lineitem`` with ``glaccountno``
and ``amount``; line amounts must be all positive or all negative. The result is ``<key>RECORDNO</key>``.
The stored record uses the upper-case field names a ``query`` on APADJUSTMENT returns.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from lxml import etree

from core.sandbox.intacct.convert import format_us_date, legacy_date, money
from core.sandbox.intacct.errors import ErrorDetail, FunctionFailure, business, could_not_create
from core.sandbox.intacct.references import DIMENSIONS, account_errors, dimension_errors
from core.sandbox.intacct.store import Record, RecordStore
from core.sandbox.intacct.xmlio import text_of

_HEADER = {"adjustmentno": "RECORDID", "billno": "DOCNUMBER", "description": "DESCRIPTION",
           "action": "ACTION", "basecurr": "BASECURR", "currency": "CURRENCY"}


def _line(store: RecordStore, item: etree._Element, number: int) -> tuple[Record, list[ErrorDetail]]:
    line: Record = {"ACCOUNTNO": text_of(item, "glaccountno"), "MEMO": text_of(item, "memo")}
    errors = account_errors(store, str(line["ACCOUNTNO"]))
    amount = money(text_of(item, "amount"))
    if amount is None:
        errors.append(business(f"Line {number}: amount is missing or not a number.", "Provide an amount."))
    line["AMOUNT"] = str(amount) if amount is not None else ""
    dims = {field: text_of(item, field.lower()) for field in DIMENSIONS}
    errors += dimension_errors(store, dims)
    line.update({k: v for k, v in dims.items() if v})
    return line, errors


def _sign_errors(lines: list[Record]) -> list[ErrorDetail]:
    amounts = [Decimal(str(line["AMOUNT"])) for line in lines if line["AMOUNT"]]
    if any(a > 0 for a in amounts) and any(a < 0 for a in amounts):
        return [business("Amounts must be all positive or all negative, not mixed.", "Split the adjustment.")]
    return []


def _header(store: RecordStore, body: etree._Element) -> tuple[Record, list[ErrorDetail]]:
    errors: list[ErrorDetail] = []
    vendorid = text_of(body, "vendorid")
    if store.find_by_id("VENDOR", vendorid) is None:
        errors.append(business(f"Invalid Vendor '{vendorid}' specified.", "Use an existing vendor ID."))
    created = legacy_date(body.find("datecreated"))
    if created is None:
        errors.append(business("Required field datecreated is missing or invalid.", "Provide year, month, day."))
    header: Record = {"VENDORID": vendorid, "WHENCREATED": format_us_date(created) if created else ""}
    header.update({field: text_of(body, tag) for tag, field in _HEADER.items() if body.find(tag) is not None})
    return header, errors


def create_adjustment(store: RecordStore, body: etree._Element, now: datetime) -> Record:
    """Validate and store an AP adjustment from a ``<create_apadjustment>`` element."""
    record, errors = _header(store, body)
    lines: list[Record] = []
    items = body.findall("apadjustmentitems/lineitem")
    if not items:
        errors.append(business("AP Adjustment must have at least 1 line", "Add an apadjustmentitems/lineitem."))
    for number, item in enumerate(items, start=1):
        line, line_errors = _line(store, item, number)
        lines.append(line)
        errors += line_errors
    errors += _sign_errors(lines)
    if errors:
        raise FunctionFailure(*errors, could_not_create("apadjustment"))
    record["APADJUSTMENTITEMS"] = {"APADJUSTMENTITEM": list(lines)}
    record["TOTALENTERED"] = str(sum((Decimal(str(line["AMOUNT"])) for line in lines), Decimal("0.00")))
    record["WHENMODIFIED"] = now.strftime("%m/%d/%Y %H:%M:%S")
    return store.insert("APADJUSTMENT", record)
