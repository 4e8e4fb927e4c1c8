"""The reference-data cache: GL accounts and dimensions read from Intacct, kept in SQLite with a refresh time.

Every mapped line is validated against this cache before anything is posted (:func:`core.mapping.validate`),
so an unknown or inactive (STATUS is read with each list) account or dimension stops its event with a readable
reason instead of an Intacct error. The lists are read with paged ``query`` (INTACCT-API.md §5.7, ``pagesize``
up to 2000). An object the company does not have (``Query Failed: Object definition PROJECT not found``) is
cached as "not available" and that dimension is then not checked. The engine refreshes when the cache is empty
or older than :data:`MAX_AGE_SECONDS`; ``ml-connector reference refresh`` does it on demand.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from core.intacct.client import IntacctClient
from core.intacct.errors import FunctionFailed
from core.intacct.functions import Query
from core.intacct.xml import Element
from core.mapping import ReferenceData
from core.outbox import Outbox
from core.outbox.db import Database

MAX_AGE_SECONDS = 24 * 3600.0


@dataclass(frozen=True)
class RefObject:
    object: str
    id_field: str
    title_field: str
    line_field: str | None
    """The line field validated against it (``None``: GL accounts, checked as ``ACCOUNTNO``)."""


OBJECTS: tuple[RefObject, ...] = (
    RefObject("GLACCOUNT", "ACCOUNTNO", "TITLE", None),
    RefObject("DEPARTMENT", "DEPARTMENTID", "TITLE", "DEPARTMENTID"),
    RefObject("LOCATION", "LOCATIONID", "NAME", "LOCATIONID"),
    RefObject("CLASS", "CLASSID", "NAME", "CLASSID"),
    RefObject("PROJECT", "PROJECTID", "NAME", "PROJECTID"),
)


@dataclass(frozen=True)
class RefItem:
    object: str
    item_id: str
    title: str
    status: str


class ReferenceCache:
    """Reads and refreshes the cached lists (tables ``reference_items`` / ``reference_meta``)."""

    def __init__(self, outbox: Outbox, clock: Callable[[], float] = time.time) -> None:
        self._db: Database = outbox.db
        self._clock = clock

    def age_seconds(self) -> float | None:
        """Seconds since the oldest refresh; ``None`` when never refreshed."""
        with self._db.read() as conn:
            row = conn.execute("SELECT min(refreshed_at) AS at, count(*) AS n FROM reference_meta").fetchone()
        if not row["n"] or row["n"] < len(OBJECTS):
            return None
        return self._clock() - float(row["at"])

    def is_stale(self, max_age: float = MAX_AGE_SECONDS) -> bool:
        age = self.age_seconds()
        return age is None or age > max_age

    def load(self) -> ReferenceData:
        """The cache as the mapping's :class:`ReferenceData` (unavailable objects are left unchecked)."""
        with self._db.read() as conn:
            meta = {str(r["object"]): str(r["error"]) for r in conn.execute("SELECT * FROM reference_meta")}
            rows = conn.execute("SELECT object, item_id, status FROM reference_items").fetchall()
        ids: dict[str, set[str]] = {o.object: set() for o in OBJECTS}
        inactive: dict[str, set[str]] = {o.object: set() for o in OBJECTS}
        for row in rows:
            ids.setdefault(str(row["object"]), set()).add(str(row["item_id"]))
            if not is_active(str(row["status"] or "")):
                inactive.setdefault(str(row["object"]), set()).add(str(row["item_id"]))
        checked = {o.line_field: o.object for o in OBJECTS if o.line_field and o.object in meta and not meta[o.object]}
        return ReferenceData(
            accounts=frozenset(ids["GLACCOUNT"]), dimensions={f: frozenset(ids[o]) for f, o in checked.items()},
            inactive_accounts=frozenset(inactive["GLACCOUNT"]),
            inactive_dimensions={f: frozenset(inactive[o]) for f, o in checked.items()})

    def items(self, obj: str | None = None) -> list[RefItem]:
        sql = "SELECT * FROM reference_items" + (" WHERE object = ?" if obj else "")
        params = (obj.upper(),) if obj else ()
        with self._db.read() as conn:
            rows = conn.execute(sql + " ORDER BY object, item_id", params).fetchall()
        return [RefItem(str(r["object"]), str(r["item_id"]), str(r["title"]), str(r["status"])) for r in rows]

    def summary(self) -> list[dict[str, object]]:
        """Per object: how many ids, when refreshed (epoch seconds), and why unavailable if so."""
        with self._db.read() as conn:
            return [dict(r) for r in conn.execute("SELECT * FROM reference_meta ORDER BY object")]

    async def refresh(self, client: IntacctClient) -> dict[str, int]:
        """Read every list from Intacct and replace the cache; returns ids per object."""
        # one request carries every list's first page (INTACCT-API.md: a request may hold many functions):
        # read one by one they were three round trips of every first push; the first failure, in OBJECTS
        # order, is raised as before, and an object the company does not have is cached as unavailable
        results = await client.query_each([_query(ref) for ref in OBJECTS])
        fetched: dict[str, tuple[list[RefItem], str]] = {}
        for ref, result in zip(OBJECTS, results, strict=True):
            if isinstance(result, FunctionFailed):
                fetched[ref.object] = [], str(result)
            elif isinstance(result, BaseException):
                raise result
            else:
                fetched[ref.object] = _items(ref, result), ""
        now = self._clock()
        with self._db.write() as conn:
            for name, (items, error) in fetched.items():
                conn.execute("DELETE FROM reference_items WHERE object = ?", (name,))
                conn.executemany("INSERT OR REPLACE INTO reference_items (object, item_id, title, status) "
                                 "VALUES (?,?,?,?)", [(i.object, i.item_id, i.title, i.status) for i in items])
                conn.execute("INSERT OR REPLACE INTO reference_meta (object, refreshed_at, item_count, error) "
                             "VALUES (?,?,?,?)", (name, now, len(items), error))
        return {name: len(items) for name, (items, _) in fetched.items()}


def is_active(status: str) -> bool:
    """STATUS as Intacct reads it back (``active`` / ``inactive``); an object without STATUS counts as active."""
    return status.strip().lower() in ("", "active")


def _query(ref: RefObject) -> Query:
    return Query(f"reference-{ref.object.lower()}", ref.object, (ref.id_field, ref.title_field, "STATUS"),
                 pagesize=2000)


def _items(ref: RefObject, records: list[Element]) -> list[RefItem]:
    items: list[RefItem] = []
    for record in records:
        item_id = (record.findtext(ref.id_field) or "").strip()
        if item_id:
            items.append(RefItem(ref.object, item_id, (record.findtext(ref.title_field) or "").strip(),
                                 (record.findtext("STATUS") or "").strip()))
    return items
