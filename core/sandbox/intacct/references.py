"""Checks that a posted line points at reference data the company has: GL account and dimensions.

Sage refuses a line naming an unknown account or dimension with a ``BL01001973`` business error that
names the value, e.g. "Invalid Project '10064' specified." (Fyle's captured errors, INTACCT-API.md §5.4).
"""

from __future__ import annotations

from core.sandbox.intacct.errors import ErrorDetail, business
from core.sandbox.intacct.store import RecordStore

# Line field (generic, upper case) → (reference object, label used in the error text).
DIMENSIONS: dict[str, tuple[str, str]] = {
    "LOCATIONID": ("LOCATION", "Location"),
    "DEPARTMENTID": ("DEPARTMENT", "Department"),
    "CLASSID": ("CLASS", "Class"),
    "PROJECTID": ("PROJECT", "Project"),
}


def _is_active(store: RecordStore, obj: str, key: str) -> bool:
    record = store.find_by_id(obj, key)
    return record is not None and record.get("STATUS", "active") == "active"


def account_errors(store: RecordStore, accountno: str) -> list[ErrorDetail]:
    """Errors for a line's GL account: it must exist and be active."""
    if not accountno:
        return [business("Required field ACCOUNTNO is missing on a line.", "Provide a GL account number.")]
    if not _is_active(store, "GLACCOUNT", accountno):
        return [business(f"Invalid GL Account '{accountno}' specified.", "Use an active account number.")]
    return []


def dimension_errors(store: RecordStore, values: dict[str, str]) -> list[ErrorDetail]:
    """Errors for every non-empty dimension id (upper-case field → value) that the company does not have."""
    errors: list[ErrorDetail] = []
    for field, value in values.items():
        if not value or field not in DIMENSIONS:
            continue
        obj, label = DIMENSIONS[field]
        if not _is_active(store, obj, value):
            errors.append(business(f"Invalid {label} '{value}' specified."))
    return errors
