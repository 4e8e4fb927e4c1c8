"""The emulated company's records: in memory, per object, with RECORDNOs assigned sequentially.

A record is a ``dict`` of field name to value, where a value is text, a nested record (``DISPLAYCONTACT``)
or a list of nested records (bill lines). The store keeps an undo journal so a function, or a whole
``transaction="true"`` operation, can be rolled back to a savepoint (INTACCT-API.md §10.3).

The store does no locking itself: :class:`~core.sandbox.intacct.sandbox.IntacctSandbox` serialises all
access with one lock.
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeAlias

Value: TypeAlias = "str | dict[str, Value] | list[Value]"
Record: TypeAlias = dict[str, Value]

# Object name → the field that identifies a record of it (§5.7). APBILL/APADJUSTMENT are keyed by RECORDNO.
ID_FIELDS: dict[str, str] = {
    "VENDOR": "VENDORID",
    "CONTACT": "CONTACTNAME",
    "GLACCOUNT": "ACCOUNTNO",
    "DEPARTMENT": "DEPARTMENTID",
    "LOCATION": "LOCATIONID",
    "CLASS": "CLASSID",
    "PROJECT": "PROJECTID",
    "APBILL": "RECORDNO",
    "APADJUSTMENT": "RECORDNO",
}


class UnknownObject(KeyError):
    """The object name is not one the emulated company defines ("Object definition X not found")."""


class RecordStore:
    """Records per object, sequential RECORDNOs, and savepoints over an undo journal."""

    def __init__(self) -> None:
        self._records: dict[str, dict[str, Record]] = {name: {} for name in ID_FIELDS}
        self._next: dict[str, int] = dict.fromkeys(ID_FIELDS, 1)
        self._undo: list[Callable[[], None]] = []
        # Object → id value → RECORDNOs holding it, oldest first: every bill line asks for its vendor,
        # account and dimensions, and a scan of thousands of vendors per line was most of a request's work.
        self._by_id: dict[str, dict[str, list[str]]] = {name: {} for name in ID_FIELDS}
        self._indexed: dict[str, int] = dict.fromkeys(ID_FIELDS, 0)  # records the index reflects, per object

    def table(self, obj: str) -> dict[str, Record]:
        """RECORDNO → record for ``obj``; raises :class:`UnknownObject`."""
        try:
            return self._records[obj.upper()]
        except KeyError:
            raise UnknownObject(obj) from None

    def all(self, obj: str) -> list[Record]:
        """Every record of ``obj`` in RECORDNO order (the live dicts: copy before handing out)."""
        return list(self.table(obj).values())

    def find(self, obj: str, field: str, value: str) -> Record | None:
        """The first record of ``obj`` whose top-level ``field`` equals ``value`` exactly."""
        return next((r for r in self.table(obj).values() if r.get(field) == value), None)

    def find_by_id(self, obj: str, value: str) -> Record | None:
        """The record of ``obj`` with identifying field (see :data:`ID_FIELDS`) equal to ``value``.

        The same answer as ``find(obj, ID_FIELDS[obj], value)`` (the first in RECORDNO order), from an index.
        A record deleted from :meth:`table` directly is noticed (the index is rebuilt); an id field edited in
        place on a live record is not: change records with :meth:`replace`.
        """
        name = obj.upper()
        table = self.table(name)
        if len(table) != self._indexed[name]:
            self._reindex(name)
        field = ID_FIELDS[name]
        for recordno in self._by_id[name].get(value, ()):
            record = table.get(recordno)
            if record is not None and record.get(field) == value:
                return record
        return None

    def _reindex(self, name: str) -> None:
        self._by_id[name], self._indexed[name] = {}, 0
        for record in self._records[name].values():
            self._index(name, record)

    def _index(self, name: str, record: Record) -> None:
        self._indexed[name] += 1
        key = record.get(ID_FIELDS[name])
        if isinstance(key, str):
            holders = self._by_id[name].setdefault(key, [])
            holders.append(str(record["RECORDNO"]))
            holders.sort(key=int)

    def _unindex(self, name: str, record: Record) -> None:
        self._indexed[name] -= 1
        key = record.get(ID_FIELDS[name])
        holders = self._by_id[name].get(key, []) if isinstance(key, str) else []
        recordno = str(record["RECORDNO"])
        if recordno in holders:
            holders.remove(recordno)

    def insert(self, obj: str, record: Record) -> Record:
        """Store ``record`` under the next RECORDNO (written into it) and return it."""
        name = obj.upper()
        table = self.table(name)
        number = self._next[name]
        recordno = str(number)
        record["RECORDNO"] = recordno
        table[recordno] = record
        self._index(name, record)
        self._next[name] = number + 1

        def undo() -> None:
            self._unindex(name, table.pop(recordno))
            self._next[name] = number

        self._undo.append(undo)
        return record

    def replace(self, obj: str, record: Record) -> None:
        """Replace the stored record with the same RECORDNO by ``record``."""
        name = obj.upper()
        table = self.table(name)
        recordno = str(record["RECORDNO"])
        old = table[recordno]
        self._swap(name, old, record)

        def undo() -> None:
            self._swap(name, table[recordno], old)

        self._undo.append(undo)

    def _swap(self, name: str, old: Record, new: Record) -> None:
        self._unindex(name, old)
        self.table(name)[str(new["RECORDNO"])] = new
        self._index(name, new)

    def savepoint(self) -> int:
        """A mark to :meth:`rollback` to."""
        return len(self._undo)

    def rollback(self, savepoint: int) -> None:
        """Undo every change made since ``savepoint``, newest first."""
        while len(self._undo) > savepoint:
            self._undo.pop()()

    def release(self) -> None:
        """Forget the journal (end of a request: its changes are committed)."""
        self._undo.clear()

    def snapshot(self, obj: str) -> list[Record]:
        """A deep copy of every record of ``obj``, safe to hand to another thread."""
        return copy.deepcopy(self.all(obj))

    def load_seed(self, data: dict[str, list[Record]]) -> None:
        """Insert seed records, object by object, and forget the journal."""
        for obj, records in data.items():
            for record in records:
                self.insert(obj, {k: v for k, v in record.items() if k != "RECORDNO"})
        self.release()


def read_seed(path: str | Path | None) -> dict[str, list[Record]]:
    """Seed data from a ``.toml`` or ``.json`` file, or the packaged default (``seed.toml``) for ``None``."""
    if path is None:
        text = resources.files("core.sandbox.intacct").joinpath("seed.toml").read_text(encoding="utf-8")
        return _check_seed(tomllib.loads(text))
    source = Path(path)
    raw = source.read_text(encoding="utf-8")
    data = json.loads(raw) if source.suffix.lower() == ".json" else tomllib.loads(raw)
    return _check_seed(data)


def _check_seed(data: dict[str, object]) -> dict[str, list[Record]]:
    """Seed files map object names to lists of records whose values are text (or nested tables)."""
    seed: dict[str, list[Record]] = {}
    for obj, records in data.items():
        if obj.upper() not in ID_FIELDS or not isinstance(records, list):
            raise ValueError(f"seed: unknown object or not a list of records: {obj!r}")
        seed[obj.upper()] = [{k: _text(v) for k, v in dict(r).items()} for r in records]
    return seed


def _text(value: object) -> Value:
    if isinstance(value, dict):
        return {str(k): _text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
