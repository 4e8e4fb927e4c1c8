"""Validate outgoing requests against Sage's ``api.xsd`` (loaded once per path: it takes about a second).

The client validates when ``IntacctSettings.schema_path`` or ``$ML_CONNECTOR_INTACCT_SCHEMA_PATH`` is set;
the check catches an element-order mistake before the gateway answers ``XL03000003``.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any

ENV_SCHEMA_PATH = "ML_CONNECTOR_INTACCT_SCHEMA_PATH"
_lock = threading.Lock()


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Any:
    import xmlschema  # imported lazily: only processes that validate pay for it

    return xmlschema.XMLSchema(path, validation="lax")


def load_schema(path: str | Path) -> Any:
    """The parsed schema for ``path``, cached by resolved path (thread-safe)."""
    with _lock:
        return _load(str(Path(path).resolve()))


def validate_request(body: bytes, schema_path: str | Path) -> list[str]:
    """Every schema error in ``body`` as a line of text; an empty list means valid."""
    from core.intacct.xml import parse

    schema = load_schema(schema_path)
    root = parse(body)
    return [f"{err.path}: {err.reason}" for err in schema.iter_errors(root)]


def schema_path_from(configured: str, env: dict[str, str] | None = None) -> str:
    """The configured path, else the environment variable, else ``""`` (no validation)."""
    env = dict(os.environ) if env is None else env
    return configured or env.get(ENV_SCHEMA_PATH, "")
