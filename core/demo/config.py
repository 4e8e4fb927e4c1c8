"""The connector configuration the demo and ``ml-connector sandbox`` write: the sandboxes' URLs and credentials.

The demo needs no configuration from the user, but it runs the real product, which reads one TOML file; so
it writes one (in a temporary directory) that points at the sandboxes, exactly as a user would for a real
store and company. ``ml-connector sandbox --write-config`` writes the same file for manual testing.
No TOML writer ships with Python, so :func:`toml_text` renders the few shapes a config has.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.files import write_private
from core.sandbox.intacct import Credentials

WOO_KEY = "ck_sandbox_demo"
WOO_SECRET = "cs_sandbox_demo"
WEBHOOK_SECRET = "whsec_sandbox_demo"
MISSING_ACCOUNT = "2450"
"""The GL account the demo's ``Gift Cards`` rule names and the sandbox company lacks (the mapping error)."""
FIXED_ACCOUNT = "4000"
"""The account the operator corrects that rule to (it exists in the sandbox company)."""

CATEGORY_ACCOUNTS = {"Parts": "5010", "Electrical": "5010", "Clothing": "5020", "Gift Cards": MISSING_ACCOUNT}
DIMENSIONS = {"LOCATIONID": "100", "DEPARTMENTID": "D100"}
CATEGORY_DIMENSIONS = {"Clothing": {"CLASSID": "RETAIL"}}


def connector_config(woo_url: str, intacct_url: str, *, receiver_port: int = 8787, database: str = "",
                     mode: str = "review", watchdog_seconds: int = 300, poll_seconds: int = 900,
                     creds: Credentials = Credentials()) -> dict[str, Any]:
    """A complete configuration for the sandbox store and company (keys as in ``docs/configuration.md``)."""
    return {
        "woocommerce": {"url": woo_url, "consumer_key": WOO_KEY, "consumer_secret": WOO_SECRET,
                        "webhook_secret": WEBHOOK_SECRET, "timezone": "America/New_York", "timeout_seconds": 10},
        "intacct": {"endpoint": intacct_url, "sender_id": creds.sender_id, "sender_password": creds.sender_password,
                    "company_id": creds.company_id, "user_id": creds.user_id, "user_password": creds.user_password,
                    "timeout_seconds": 10},
        "receiver": {"host": "127.0.0.1", "port": receiver_port},
        "sync": {"mode": mode, "poll_interval_seconds": poll_seconds,
                 "watchdog_interval_seconds": watchdog_seconds, "silence_warning_minutes": 0, "lease_seconds": 5},
        "database": {"path": database},
        "mapping": {"base_currency": "USD", "category_accounts": dict(CATEGORY_ACCOUNTS),
                    "dimensions": dict(DIMENSIONS),
                    "category_dimensions": {k: dict(v) for k, v in CATEGORY_DIMENSIONS.items()}},
    }


def fixed_mapping(config: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` with the operator's fix: the ``Gift Cards`` rule points at an account Intacct has."""
    fixed = json.loads(json.dumps(config))
    fixed["mapping"]["category_accounts"]["Gift Cards"] = FIXED_ACCOUNT
    return dict(fixed)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as a TOML value")


def _table(name: str, table: Mapping[str, Any]) -> list[str]:
    lines = [f"[{name}]"]
    nested = []
    for key, value in table.items():
        if isinstance(value, Mapping):
            nested.append((f"{name}.{_key(key)}", value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for sub_name, sub in nested:
        lines += ["", *_table(sub_name, sub)]
    return lines


def _key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)


def toml_text(config: Mapping[str, Mapping[str, Any]], header: str = "") -> str:
    """``config`` (sections of scalars, lists and nested tables) as TOML text."""
    lines = [f"# {line}" for line in header.splitlines()]
    for name, table in config.items():
        lines += ["", *_table(name, table)]
    return "\n".join(lines).lstrip("\n") + "\n"


def write_config(path: Path, config: Mapping[str, Mapping[str, Any]], header: str = "") -> Path:
    """Write ``config`` to ``path`` atomically (a reader never sees half a file), mode 0600 (it holds the
    sandboxes' secrets), and return the path."""
    return write_private(path, toml_text(config, header))
