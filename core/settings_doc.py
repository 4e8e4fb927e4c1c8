"""The settings model, read back as documentation.

Field docstrings are the single source: :func:`field_docs` reads them from the source of
:mod:`core.settings`; :func:`render_template` writes the commented TOML that ``ml-connector init`` installs, and
:func:`render_reference` the Markdown of ``docs/configuration.md`` (a test keeps that file current).
"""

from __future__ import annotations

import ast
import inspect
import typing
from dataclasses import MISSING, fields
from typing import Any

from core import settings as settings_module
from core.secret import Secret
from core.settings import SECTIONS, Settings

# Values the template shows instead of empty defaults, so a new user sees the shape of each key.
_EXAMPLES: dict[str, Any] = {
    "woocommerce.url": "https://shop.example.com",
    "woocommerce.consumer_key": "ck_...",
    "woocommerce.consumer_secret": "cs_...",
    "woocommerce.webhook_secret": "...",
    "intacct.sender_id": "...",
    "intacct.sender_password": "...",
    "intacct.company_id": "...",
    "intacct.user_id": "...",
    "intacct.user_password": "...",
}
_TABLE_EXAMPLES: dict[str, str] = {
    "mapping.category_accounts": '# "Parts" = "5010"',
    "mapping.dimensions": '# LOCATIONID = "100"',
    "mapping.category_dimensions": '# [mapping.category_dimensions.Parts]\n# DEPARTMENTID = "D300"',
}


def field_docs() -> dict[str, dict[str, str]]:
    """``{section class name: {field: docstring}}`` from the attribute docstrings in :mod:`core.settings`."""
    tree = ast.parse(inspect.getsource(settings_module))
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        current: dict[str, str] = {}
        body = node.body
        for stmt, following in zip(body, body[1:], strict=False):
            if (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                current[stmt.target.id] = inspect.cleandoc(following.value.value)
        docs[node.name] = current
    return docs


def _default(section_type: type, name: str) -> Any:
    for f in fields(section_type):  # type: ignore[arg-type]
        if f.name == name:
            if f.default is not MISSING:
                return f.default
            if f.default_factory is not MISSING:
                return f.default_factory()
    raise KeyError(name)


def _toml_value(value: Any) -> str:
    if isinstance(value, Secret):
        value = value.reveal()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def _type_name(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(hint))
    if hint is Secret:
        return "secret string"
    if origin is not None:
        return str(hint).replace("typing.", "").replace("core.secret.", "")
    return getattr(hint, "__name__", str(hint))


def _sections() -> list[tuple[str, type, list[str]]]:
    out = []
    for name, section_type in SECTIONS.items():
        out.append((name, section_type, [f.name for f in fields(section_type)]))  # type: ignore[arg-type]
    return out


def render_template() -> str:
    """A commented configuration file with every key, its default (or an example) and its docstring."""
    docs = field_docs()
    top = docs[Settings.__name__]
    lines = [
        "# ml-connector configuration. Every key can also come from the environment as",
        "# ML_CONNECTOR_<SECTION>_<KEY> (e.g. ML_CONNECTOR_INTACCT_USER_PASSWORD): prefer that for secrets.",
        "# Reference: docs/configuration.md",
    ]
    for name, section_type, names in _sections():
        hints = typing.get_type_hints(section_type)
        tables: list[str] = []
        lines += ["", f"# {top.get(name, '')}", f"[{name}]"]
        for key in names:
            doc = docs[section_type.__name__].get(key, "")
            full = f"{name}.{key}"
            if typing.get_origin(hints[key]) is dict:
                tables += ["", *(f"# {line}" for line in doc.splitlines()), f"[{full}]"]
                tables += _TABLE_EXAMPLES.get(full, "").splitlines()
                continue
            lines += [f"# {line}" for line in doc.splitlines()]
            lines.append(f"{key} = {_toml_value(_EXAMPLES.get(full, _default(section_type, key)))}")
        lines += tables
    return "\n".join(lines) + "\n"


def render_reference() -> str:
    """Markdown for ``docs/configuration.md``: one table per section."""
    docs = field_docs()
    top = docs[Settings.__name__]
    out = [
        "# Configuration reference",
        "",
        "Generated from the settings model (`core/settings.py`) by `core.settings_doc.render_reference`;",
        "`tests/test_settings_doc.py` fails when this file is out of date. Regenerate with",
        "`python -m core.settings_doc > docs/configuration.md`.",
        "",
        "The file is found by `--config PATH`, else `$ML_CONNECTOR_CONFIG`, else the platformdirs user config",
        "directory (`config.toml`). Every key can be overridden by the environment variable",
        "`ML_CONNECTOR_<SECTION>_<KEY>`; lists from the environment are comma-separated.",
        "`ml-connector init` writes a commented template.",
    ]
    for name, section_type, names in _sections():
        hints = typing.get_type_hints(section_type)
        out += ["", f"## `[{name}]`", "", top.get(name, ""), ""]
        out += ["| key | type | default | meaning |", "|---|---|---|---|"]
        for key in names:
            default = _default(section_type, key)
            shown = "{}" if isinstance(default, dict) else _toml_value(default)
            doc = " ".join(docs[section_type.__name__].get(key, "").split()).replace("|", "\\|")
            env = f"`ML_CONNECTOR_{name.upper()}_{key.upper()}`"
            out.append(f"| `{key}` | {_type_name(hints[key])} | `{shown}` | {doc} (env {env}) |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render_reference(), end="")
