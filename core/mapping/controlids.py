"""Deterministic function control ids: ``<resource>-<id>-<operation>-<12 hex>``.

Example: ``order-727-create-apbill-3f2a9c0d41be``. The 12 hex digits are the start of the SHA-256 of the
record in a canonical form (JSON of its fields, keys sorted, Decimals and dates as strings). So the same
record version always gets the same control id — a retry, a duplicate webhook or a replay after a crash is
refused by Intacct as already done (``uniqueid=true``, INTACCT-API.md §3) — while a changed record gets a
new one. No clock, counter or random number is involved. Ids are cut to Intacct's 256-character limit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

MAX_CONTROL_ID = 256


_KIND: dict[type, str] = {}
"""type → how :func:`_plain` treats its values, decided once per type (records hold a handful of types)."""
_FIELDS: dict[type, tuple[str, ...]] = {}


def _kind(cls: type) -> str:
    kind = _KIND.get(cls)
    if kind is None:
        if dataclasses.is_dataclass(cls):
            kind = "dataclass"
            _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
        elif issubclass(cls, Mapping):
            kind = "mapping"
        elif issubclass(cls, (list, tuple)):
            kind = "sequence"
        elif issubclass(cls, (Decimal, date)):
            kind = "text"
        else:
            kind = "as-is"
        _KIND[cls] = kind
    return kind


def _plain(value: Any) -> Any:
    """JSON-ready form: dataclasses and mappings as dicts, sequences as lists, Decimals and dates as text.

    Dispatches on the value's type through a per-type cache: this runs for every field of every record
    hashed, and the generic ``is_dataclass``/``isinstance`` chain was half of planning an order.
    """
    kind = _kind(type(value))
    if kind == "as-is":
        return value
    if kind == "dataclass":
        return {name: _plain(getattr(value, name)) for name in _FIELDS[type(value)]}
    if kind == "mapping":
        return {str(k): _plain(v) for k, v in value.items()}
    if kind == "sequence":
        return [_plain(v) for v in value]
    return str(value)


def canonical(record: Any) -> str:
    """The canonical JSON text of a record (dataclasses, mappings, Decimals, dates)."""
    return json.dumps(_plain(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(record: Any, length: int = 12) -> str:
    """The first ``length`` hex digits of the SHA-256 of :func:`canonical` ``(record)``."""
    return hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()[:length]


def control_id(resource: str, resource_id: str | int, operation: str, record: Any) -> str:
    """``<resource>-<id>-<operation>-<hash>``, 1–256 characters (see the module doc)."""
    suffix = f"-{operation}-{content_hash(record)}"
    head = f"{resource}-{resource_id}"[: MAX_CONTROL_ID - len(suffix)]
    return head + suffix
