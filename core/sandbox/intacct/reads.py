"""Read functions: 3.0 ``query``, generic ``read``, ``readByQuery`` + ``readMore``, ``readByName`` (§1.2, §5.7).

``query`` answers ``<data listtype="VENDOR" totalcount count offset numremaining>`` with upper-case record
tags. ``readByQuery`` and ``readByName`` answer with the lower-case tag, as Sage's own fixtures F13/F14 show
(``listtype="department"``, ``<customer>``), plus ``resultId`` for paging with ``readMore``. ``read``
(``api.xsd``: ``object``, ``keys``, optional ``fields``/``returnFormat``) takes RECORDNOs and answers
the same lower-case shape.
An unknown object fails with "Query Failed" / "Object definition X not found" (F14).

``readMore`` names the result set by ``resultId`` or, as the queries page allows, by ``object`` (the newest
readByQuery on that object). A result set that was read to the end, or left unread for
:data:`RESULT_SET_TTL_SECONDS`, is gone: readMore then fails with "Query Failed". Sage documents that result
sets are server-side and per query but not for how long they live; 30 minutes of inactivity here is an
assumption (INTACCT-API.md marks it unknown), chosen so a client that pauses between pages must cope.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from lxml import etree

from core.sandbox.intacct import predicates as p
from core.sandbox.intacct.convert import append_value, path_value
from core.sandbox.intacct.errors import QUERY_FAILED_ERRORNO, ErrorDetail, FunctionFailure
from core.sandbox.intacct.filters import filter_predicate
from core.sandbox.intacct.readquery import query_predicate
from core.sandbox.intacct.store import Record, RecordStore, UnknownObject
from core.sandbox.intacct.xmlio import text_of


def query_failed(description2: str) -> FunctionFailure:
    """The ``Query Failed`` function error of F14."""
    return FunctionFailure(ErrorDetail(QUERY_FAILED_ERRORNO, "", description2, ""))


RESULT_SET_TTL_SECONDS = 1800.0
"""How long an unread readByQuery result set is kept (see the module doc: an assumption)."""


@dataclass
class Cursor:
    """The rest of a readByQuery result set, read on with ``readMore``."""

    obj: str
    fields: list[str] | None
    pagesize: int
    remaining: list[Record]
    total: int
    touched_at: float = 0.0
    """When it was last read (the company clock): it expires :data:`RESULT_SET_TTL_SECONDS` later."""


def _records(store: RecordStore, obj: str) -> list[Record]:
    try:
        return store.all(obj)
    except UnknownObject:
        raise query_failed(f"Object definition {obj} not found") from None


def _pagesize(raw: str, default: int, maximum: int) -> int:
    try:
        size = int(raw) if raw else default
    except ValueError:
        size = 0
    if not 1 <= size <= maximum:
        raise query_failed(f"pagesize must be between 1 and {maximum}")
    return size


def _write_record(data: etree._Element, tag: str, record: Record, fields: list[str] | None) -> None:
    node = etree.SubElement(data, tag)
    if fields is None:
        for key, value in record.items():
            append_value(node, key, value)
        return
    for name in fields:
        etree.SubElement(node, name).text = path_value(record, name) or ""


def _fields(raw: str) -> list[str] | None:
    names = [f.strip() for f in raw.split(",") if f.strip()]
    return None if not names or names == ["*"] else names


def run_query(store: RecordStore, body: etree._Element) -> list[etree._Element]:
    """The 3.0 ``<query>``: select, filter, orderby, options/caseinsensitive, pagesize 1–2000, offset."""
    obj = text_of(body, "object").upper()
    records = _records(store, obj)
    fold = text_of(body.find("options"), "caseinsensitive").lower() == "true"
    matching = [r for r in records if filter_predicate(body, fold)(r)]
    for order in reversed(body.findall("orderby/order")):
        name = text_of(order, "field")
        matching.sort(key=lambda r, n=name: p.sort_key(path_value(r, n), fold),  # type: ignore[misc]
                      reverse=order.find("descending") is not None)
    size = _pagesize(text_of(body, "pagesize"), 100, 2000)
    offset = max(int(text_of(body, "offset") or 0), 0)
    page = matching[offset:offset + size]
    data = etree.Element("data", listtype=obj, totalcount=str(len(matching)), offset=str(offset),
                         count=str(len(page)), numremaining=str(max(len(matching) - offset - len(page), 0)))
    selected = [(f.text or "").strip() for f in body.findall("select/field")]
    for record in page:
        _write_record(data, obj, record, selected or None)
    return [data]


def _page(cursor: Cursor, cursors: dict[str, Cursor], result_id: str) -> list[etree._Element]:
    page, cursor.remaining = cursor.remaining[:cursor.pagesize], cursor.remaining[cursor.pagesize:]
    if cursor.remaining:
        result_id = result_id or secrets.token_hex(8)
        cursors[result_id] = cursor
    else:
        cursors.pop(result_id, None)
        result_id = ""
    tag = cursor.obj.lower()
    data = etree.Element("data", listtype=tag, count=str(len(page)), totalcount=str(cursor.total),
                         numremaining=str(len(cursor.remaining)), resultId=result_id)
    for record in page:
        _write_record(data, tag, record, cursor.fields)
    return [data]


def _expire(cursors: dict[str, Cursor], now: float) -> None:
    for result_id in [k for k, c in cursors.items() if now - c.touched_at > RESULT_SET_TTL_SECONDS]:
        del cursors[result_id]


def read_by_query(store: RecordStore, cursors: dict[str, Cursor], body: etree._Element,
                  now: float = 0.0) -> list[etree._Element]:
    """Legacy ``<readByQuery>``: SQL-like query string, fields, pagesize 1–1000; more via ``readMore``."""
    obj = text_of(body, "object").upper()
    records = _records(store, obj)
    predicate = query_predicate(text_of(body, "query"))
    matching = [r for r in records if predicate(r)]
    size = _pagesize(text_of(body, "pagesize"), 100, 1000)
    _expire(cursors, now)
    cursor = Cursor(obj, _fields(text_of(body, "fields")), size, matching, len(matching), now)
    return _page(cursor, cursors, "")


def read_more(cursors: dict[str, Cursor], body: etree._Element, now: float = 0.0) -> list[etree._Element]:
    """``<readMore>`` with ``<resultId>`` or ``<object>``: the next page of an earlier readByQuery."""
    _expire(cursors, now)
    result_id = text_of(body, "resultId")
    obj = text_of(body, "object").upper()
    if not result_id and obj:  # the newest result set of that object (dicts keep insertion order)
        result_id = next((k for k, c in reversed(cursors.items()) if c.obj == obj), "")
        if not result_id:
            raise query_failed(f"There is no readByQuery result set of {obj} to read more of")
    cursor = cursors.get(result_id)
    if cursor is None:
        raise query_failed(f"Invalid resultId {result_id}: no such result set, it has been read to the end, "
                           "or it expired")
    cursor.touched_at = now
    return _page(cursor, cursors, result_id)


def read_by_name(store: RecordStore, body: etree._Element) -> list[etree._Element]:
    """``<readByName>``: records by their ids (comma-separated ``keys``); unknown keys are left out."""
    obj = text_of(body, "object").upper()
    _records(store, obj)
    keys = [k.strip() for k in text_of(body, "keys").split(",") if k.strip()]
    found = [r for r in (store.find_by_id(obj, k) for k in keys) if r is not None]
    tag = obj.lower()
    data = etree.Element("data", listtype=tag, count=str(len(found)))
    for record in found:
        _write_record(data, tag, record, _fields(text_of(body, "fields")))
    return [data]


def read_records(store: RecordStore, body: etree._Element) -> list[etree._Element]:
    """Generic ``<read>``: records by RECORDNO (comma-separated ``keys``), ``fields`` ``*`` or a list.

    Keys that name no record are left out (``count`` says how many were found), as ``readByName`` does.
    Only ``returnFormat`` ``xml`` (the default) is served.
    """
    obj = text_of(body, "object").upper()
    _records(store, obj)
    return_format = text_of(body, "returnFormat").lower() or "xml"
    if return_format != "xml":
        raise query_failed(f"returnFormat {return_format} is not served by this sandbox (only xml)")
    table = store.table(obj)
    keys = [k.strip() for k in text_of(body, "keys").split(",") if k.strip()]
    found = [table[k] for k in keys if k in table]
    tag = obj.lower()
    data = etree.Element("data", listtype=tag, count=str(len(found)))
    for record in found:
        _write_record(data, tag, record, _fields(text_of(body, "fields")))
    return [data]
