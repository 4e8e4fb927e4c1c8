"""Generic ``create`` and ``update`` (dtdversion 3.0): dispatch each object element to its rules.

The answer is ``<data listtype="objects" count="N"><vendor><RECORDNO/><VENDORID/></vendor></data>``
with the lower-case object tag (INTACCT-API.md §1.2, F21). A function creating several objects is atomic:
if one is refused, none is kept and the result carries ``<data listtype="objects" count="0"/>``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from lxml import etree

from core.sandbox.intacct.bills import create_bill, update_bill
from core.sandbox.intacct.convert import element_to_record, text
from core.sandbox.intacct.errors import ErrorDetail, FunctionFailure, business, could_not_create
from core.sandbox.intacct.store import ID_FIELDS, Record, RecordStore
from core.sandbox.intacct.vendors import create_vendor, duplicate, merge, update_vendor

Creator = Callable[[RecordStore, Record, datetime], Record]
Updater = Callable[[RecordStore, Record, Record, datetime], Record]

REFERENCE_OBJECTS = ("GLACCOUNT", "DEPARTMENT", "LOCATION", "CLASS", "PROJECT")
_LABELS = {"GLACCOUNT": "Account", "DEPARTMENT": "Department", "LOCATION": "Location", "CLASS": "Class",
           "PROJECT": "Project"}


def _create_reference(obj: str) -> Creator:
    def create(store: RecordStore, record: Record, now: datetime) -> Record:
        key = text(record, ID_FIELDS[obj])
        if not key:
            raise FunctionFailure(business(f"Required field {ID_FIELDS[obj]} is missing."), could_not_create(obj))
        if store.find_by_id(obj, key) is not None:
            raise FunctionFailure(duplicate(_LABELS[obj], key), could_not_create(obj))
        record.setdefault("STATUS", "active")
        return store.insert(obj, record)

    return create


def _update_reference(obj: str) -> Updater:
    def update(store: RecordStore, existing: Record, changes: Record, now: datetime) -> Record:
        merged = merge(existing, changes)
        merged[ID_FIELDS[obj]] = existing[ID_FIELDS[obj]]
        store.replace(obj, merged)
        return merged

    return update


CREATORS: dict[str, Creator] = {"VENDOR": create_vendor, "APBILL": create_bill}
UPDATERS: dict[str, Updater] = {"VENDOR": update_vendor, "APBILL": update_bill}
for _obj in REFERENCE_OBJECTS:
    CREATORS[_obj] = _create_reference(_obj)
    UPDATERS[_obj] = _update_reference(_obj)


def _answer(obj: str, record: Record, data: etree._Element) -> None:
    item = etree.SubElement(data, obj.lower())
    etree.SubElement(item, "RECORDNO").text = str(record["RECORDNO"])
    if ID_FIELDS[obj] != "RECORDNO":
        etree.SubElement(item, ID_FIELDS[obj]).text = text(record, ID_FIELDS[obj])


def _each_object(
    body: etree._Element, known: dict[str, Creator] | dict[str, Updater], write: Callable[[str, Record], Record]
) -> list[etree._Element]:
    """Apply ``write`` to every object element of ``body``; the ``<data listtype="objects">`` answer."""
    data = etree.Element("data", listtype="objects")
    for element in (child for child in body if isinstance(child.tag, str)):
        obj = str(element.tag).upper()
        if obj not in known:
            raise FunctionFailure(business(f"Object definition {obj} not found", "Use a supported object name."))
        _answer(obj, write(obj, element_to_record(element)), data)
    data.set("count", str(len(data)))
    return [data]


def generic_create(store: RecordStore, body: etree._Element, now: datetime) -> list[etree._Element]:
    """``<create><OBJ>…</OBJ>…</create>``: create each object."""
    return _each_object(body, CREATORS, lambda obj, record: CREATORS[obj](store, record, now))


def _existing(store: RecordStore, obj: str, changes: Record) -> Record:
    id_field = ID_FIELDS[obj]
    recordno, key = text(changes, "RECORDNO"), text(changes, id_field)
    found = store.table(obj).get(recordno) if recordno else store.find_by_id(obj, key) if key else None
    if found is None:
        field, value = ("RECORDNO", recordno) if recordno else (id_field, key)
        raise FunctionFailure(ErrorDetail(f"Cannot update non-existing {obj} with {field}={value}."))
    return found


def generic_update(store: RecordStore, body: etree._Element, now: datetime) -> list[etree._Element]:
    """``<update><OBJ>…</OBJ></update>``: identify by RECORDNO or the id field; merge the given fields."""
    return _each_object(
        body, UPDATERS, lambda obj, changes: UPDATERS[obj](store, _existing(store, obj, changes), changes, now)
    )
