"""VENDOR create and update rules (INTACCT-API.md §5.1–§5.3, §10.7).

A vendor needs ``NAME`` and ``DISPLAYCONTACT/PRINTAS``; ``VENDORID`` is required because the emulated
company does not use document sequencing. Creating a vendor also creates its display CONTACT, named
``CONTACTNAME`` when given, else ``NAME(VVENDORID)``; both the vendor id and the contact name are unique.
"""

from __future__ import annotations

from datetime import datetime

from core.sandbox.intacct.convert import path_value, text
from core.sandbox.intacct.errors import DUPLICATE_ERRORNO, ErrorDetail, FunctionFailure, business, could_not_create
from core.sandbox.intacct.store import Record, RecordStore


def duplicate(label: str, value: str) -> ErrorDetail:
    """Sage's duplicate-key error; note the two spaces before "already" (F21)."""
    return ErrorDetail(
        DUPLICATE_ERRORNO, "", f"Another {label} with the given value(s) {value}  already exists",
        "Use a unique value instead.",
    )


def _required_errors(record: Record) -> list[ErrorDetail]:
    errors = []
    if not text(record, "VENDORID"):
        errors.append(business("Required field VENDORID is missing.", "Provide a vendor ID."))
    if not text(record, "NAME"):
        errors.append(business("Required field NAME is missing.", "Provide a vendor name."))
    if not isinstance(record.get("DISPLAYCONTACT"), dict) or not path_value(record, "DISPLAYCONTACT.PRINTAS"):
        errors.append(business("Required field DISPLAYCONTACT.PRINTAS is missing.", "Provide a print-as name."))
    return errors


def _contact_name(record: Record) -> str:
    explicit = path_value(record, "DISPLAYCONTACT.CONTACTNAME") or text(record, "CONTACTNAME")
    return explicit or f"{text(record, 'NAME')}(V{text(record, 'VENDORID')})"


def create_vendor(store: RecordStore, record: Record, now: datetime) -> Record:
    """Validate and store a new vendor and its contact; raises :class:`FunctionFailure`."""
    errors = _required_errors(record)
    vendorid = text(record, "VENDORID")
    if not errors and store.find_by_id("VENDOR", vendorid) is not None:
        errors.append(duplicate("Vendor", vendorid))
    contact = _contact_name(record)
    if not errors and store.find_by_id("CONTACT", contact) is not None:
        errors.append(duplicate("Contact", contact))
    if errors:
        raise FunctionFailure(*errors, could_not_create("vendor"))
    display = record["DISPLAYCONTACT"]
    assert isinstance(display, dict)
    display["CONTACTNAME"] = contact
    store.insert("CONTACT", {k: v for k, v in display.items() if isinstance(v, str)})
    record.setdefault("STATUS", "active")
    record["WHENMODIFIED"] = now.strftime("%m/%d/%Y %H:%M:%S")
    return store.insert("VENDOR", record)


def update_vendor(store: RecordStore, existing: Record, changes: Record, now: datetime) -> Record:
    """Merge ``changes`` into ``existing`` (the vendor id never changes) and validate the result."""
    merged = merge(existing, changes)
    merged["VENDORID"] = existing["VENDORID"]
    errors = _required_errors(merged)
    if errors:
        raise FunctionFailure(*errors, business("Could not update vendor record!"))
    merged["WHENMODIFIED"] = now.strftime("%m/%d/%Y %H:%M:%S")
    store.replace("VENDOR", merged)
    return merged


def merge(existing: Record, changes: Record) -> Record:
    """``existing`` with ``changes`` applied: nested records merge, an empty ``<X/>`` leaves a nested X as is."""
    merged: Record = dict(existing)
    for key, value in changes.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge(old, value)
        elif isinstance(old, dict) and value == "":
            continue
        else:
            merged[key] = value
    return merged
