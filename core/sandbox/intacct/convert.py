"""Records to and from XML elements, and the small value helpers every object handler needs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from lxml import etree

from core.sandbox.intacct.store import Record, Value
from core.sandbox.intacct.xmlio import sub, text_of

CENT = Decimal("0.01")


def element_to_record(element: etree._Element) -> Record:
    """The children of ``element`` as a record; a repeated child tag becomes a list."""
    record: Record = {}
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        value = _element_value(child)
        if tag in record:
            existing = record[tag]
            record[tag] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            record[tag] = value
    return record


def _element_value(element: etree._Element) -> Value:
    # One pass: len() rules out the leaves cheaply, and an element whose children are only comments or
    # processing instructions converts to {} and is read as text, as a leaf is.
    if len(element):
        record = element_to_record(element)
        if record:
            return record
    return (element.text or "").strip()


def append_value(parent: etree._Element, tag: str, value: Value) -> None:
    """Write ``value`` under ``parent`` as ``<tag>``; lists repeat the tag."""
    if isinstance(value, list):
        for item in value:
            append_value(parent, tag, item)
    elif isinstance(value, dict):
        node = sub(parent, tag)
        for key, inner in value.items():
            append_value(node, key, inner)
    else:
        sub(parent, tag, value)


def text(record: Record, field: str) -> str:
    """A top-level text field, '' when absent or not text."""
    value = record.get(field, "")
    return value.strip() if isinstance(value, str) else ""


def path_value(record: Record, path: str) -> str | None:
    """The text at a dotted path (``DISPLAYCONTACT.EMAIL1``), ``None`` when absent."""
    current: Value = record
    for part in path.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current if isinstance(current, str) else None


def as_list(value: Value | None) -> list[Record]:
    """Nested records from a value that is one record, a list of them, or absent."""
    if value is None or isinstance(value, str):
        return []
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def money(raw: str) -> Decimal | None:
    """A currency amount rounded half-up to 2 dp (§5.4), ``None`` when not a number."""
    try:
        amount = Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        return None
    if not amount.is_finite():
        return None
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=4096)
def us_date(raw: str) -> date | None:
    """A ``mm/dd/yyyy`` date (zero padding optional, §5.5), ``None`` when not one.

    Cached: a batch of bills repeats the same few dates, and ``strptime`` was a tenth of booking one.
    """
    try:
        return datetime.strptime(raw.strip(), "%m/%d/%Y").date()
    except ValueError:
        return None


def format_us_date(value: date) -> str:
    """``mm/dd/yyyy``, the way Intacct writes dates back."""
    return value.strftime("%m/%d/%Y")


def legacy_date(element: etree._Element | None) -> date | None:
    """A 2.1-style ``<year>``/``<month>``/``<day>`` element (``datecreated``, ``datedue``); None if absent or bad."""
    if element is None:
        return None
    try:
        return date(int(text_of(element, "year")), int(text_of(element, "month")), int(text_of(element, "day")))
    except ValueError:
        return None
