"""Request validation: Sage's ``api.xsd`` when available, else a few structural checks of our own.

The gateway validates every 3.0 request against ``api.xsd`` before anything else (INTACCT-API.md §1.1,
§6, §10.10). ``xmlschema`` loads that file in about a second, so it is loaded once per process and path
and cached. Without the schema the sandbox still checks what clients most often get wrong: the element
order of ``<control>``, ``<login>`` and ``<operation>``, and a ``controlid`` on every function.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import xmlschema
from lxml import etree

SCHEMA_ENV = "ML_CONNECTOR_INTACCT_SCHEMA_PATH"

_CACHE: dict[Path, Any] = {}
_CACHE_LOCK = threading.Lock()

# (tag, required, repeatable) in the XSD's sequence order (§1.1).
_CONTROL = [
    ("appid", False, False),
    ("senderid", True, False),
    ("password", False, False),
    ("controlid", True, False),
    ("uniqueid", False, False),
    ("dtdversion", False, False),
    ("policyid", False, False),
    ("debug", False, False),
    ("includewhitespace", False, False),
    ("showadditionalerrorinfo", False, False),
]
_LOGIN = [
    ("userid", True, False),
    ("companyid", True, False),
    ("password", True, False),
    ("clientid", False, False),
    ("locationid", False, False),
]
_OPERATION = [("authentication", True, False), ("preferences", False, True), ("content", False, True)]
_REQUEST = [("control", True, False), ("operation", True, True)]


def resolve_schema_path(explicit: str | os.PathLike[str] | None) -> Path | None:
    """The schema to use: the explicit path, else ``$ML_CONNECTOR_INTACCT_SCHEMA_PATH``, else none."""
    chosen = explicit if explicit is not None else os.environ.get(SCHEMA_ENV) or None
    return Path(chosen).resolve() if chosen is not None else None


def load_schema(path: Path) -> Any:
    """The compiled schema for ``path``, loaded once per process (lax: api.xsd is not strictly valid XSD)."""
    with _CACHE_LOCK:
        if path not in _CACHE:
            _CACHE[path] = xmlschema.XMLSchema(str(path), validation="lax")
        return _CACHE[path]


class RequestValidator:
    """Validates a parsed request; :meth:`first_error` returns the reason text of the first problem."""

    def __init__(self, schema_path: Path | None) -> None:
        self.schema_path = schema_path
        self._schema = load_schema(schema_path) if schema_path is not None else None

    def first_error(self, root: etree._Element) -> str | None:
        """``None`` for a valid request, else a one-line reason suitable for ``XML Parse schema error: …``."""
        if self._schema is not None:
            for err in self._schema.iter_errors(root):
                return f"{err.reason} (path {err.path})"
            return None
        return structural_error(root)


def structural_error(root: etree._Element) -> str | None:
    """The fallback checks used when no schema path is configured."""
    if root.tag != "request":
        return f"Root element must be 'request', found '{root.tag}'"
    problem = _sequence_error(root, _REQUEST)
    control = root.find("control")
    if problem is None and control is not None:
        problem = _sequence_error(control, _CONTROL)
    for operation in root.findall("operation"):
        problem = problem or _operation_error(operation)
    return problem


def _operation_error(operation: etree._Element) -> str | None:
    problem = _sequence_error(operation, _OPERATION)
    login = operation.find("authentication/login")
    if problem is None and login is not None:
        problem = _sequence_error(login, _LOGIN)
    for function in operation.iterfind("content/function"):
        if function.get("controlid") is None:
            return "missing required attribute 'controlid' (path /request/operation/content/function)"
    return problem


def _sequence_error(element: etree._Element, sequence: list[tuple[str, bool, bool]]) -> str | None:
    """Check ``element``'s children against an XSD-like sequence; the first misplaced child is reported."""
    children = [c.tag for c in element if isinstance(c.tag, str)]
    pos = 0
    for tag, required, repeatable in sequence:
        count = 0
        while pos < len(children) and children[pos] == tag and (repeatable or count == 0):
            pos, count = pos + 1, count + 1
        if required and count == 0:
            found = children[pos] if pos < len(children) else "end of element"
            return f"Unexpected child '{found}' at position {pos + 1}. Tag '{tag}' expected (in '{element.tag}')"
    if pos < len(children):
        return f"Unexpected child with tag '{children[pos]}' at position {pos + 1} (in '{element.tag}')"
    return None
