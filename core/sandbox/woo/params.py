"""Collection arguments validated the way WordPress core validates REST args, and pagination headers.

Out-of-range or malformed values are a 400 ``rest_invalid_param`` naming the argument (e.g.
``per_page`` outside 1–100). Pagination answers ``X-WP-Total``, ``X-WP-TotalPages`` and a ``Link``
header with only ``prev``/``next``, like WooCommerce's CRUD controllers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from core.sandbox.woo.clock import SiteTime
from core.sandbox.woo.errors import RestError, invalid_param

T = TypeVar("T")
Query = Sequence[tuple[str, str]]


def values(query: Query, name: str) -> list[str]:
    """All values of ``name`` / ``name[]``, comma lists split, as WordPress' ``wp_parse_list``."""
    out: list[str] = []
    for key, value in query:
        if key in (name, f"{name}[]"):
            out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def last(query: Query, name: str) -> str | None:
    found = [v for k, v in query if k == name]
    return found[-1] if found else None


def integer(query: Query, name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    raw = last(query, name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid_param(name, f"{name} is not of type integer.") from None
    if value < minimum or (maximum is not None and value > maximum):
        why = (f"{name} must be between {minimum} (inclusive) and {maximum} (inclusive)" if maximum is not None
               else f"{name} must be greater than or equal to {minimum}")
        raise invalid_param(name, why)
    return value


def boolean(query: Query, name: str, default: bool = False) -> bool:
    raw = last(query, name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes"):
        return True
    if raw.lower() in ("0", "false", "no", ""):
        return False
    raise invalid_param(name, f"{name} is not of type boolean.")


def _listed(items: Sequence[str]) -> str:
    """``wp_sprintf_l``'s ``%l``: "a", "a and b", "a, b, and c"."""
    if len(items) <= 2:
        return " and ".join(items)
    return f"{', '.join(items[:-1])}, and {items[-1]}"


def not_one_of(name: str, allowed: Sequence[str]) -> str:
    return f"{name} is not one of {_listed(allowed)}."


def choice(query: Query, name: str, allowed: Sequence[str], default: str) -> str:
    raw = last(query, name)
    if raw is None:
        return default
    if raw not in allowed:
        raise invalid_param(name, not_one_of(name, allowed))
    return raw


@dataclass(frozen=True)
class Arg:
    """One route argument as ``get_endpoint_args_for_item_schema`` registers it (string-typed here)."""

    enum: tuple[str, ...] | None = None
    required: bool = False


def validate_args(values: Mapping[str, Any], args: Mapping[str, Arg]) -> None:
    """``WP_REST_Request::has_valid_params`` before the controller runs: required first, then type and enum.

    Missing required ones → 400 ``rest_missing_callback_param`` "Missing parameter(s): a, b"; invalid ones →
    400 ``rest_invalid_param`` "Invalid parameter(s): a, b" with ``data.params`` naming each reason
    (``rest_validate_value_from_schema``). A ``null`` value counts as absent (PHP ``isset``).
    """
    missing = [name for name, arg in args.items() if arg.required and values.get(name) is None]
    if missing:
        raise RestError("rest_missing_callback_param", f"Missing parameter(s): {', '.join(missing)}", 400,
                        missing)
    invalid: dict[str, str] = {}
    for name, arg in args.items():
        value = values.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            invalid[name] = f"{name} is not of type string."
        elif arg.enum is not None and value not in arg.enum:
            invalid[name] = not_one_of(name, arg.enum)
    if invalid:
        raise RestError("rest_invalid_param", f"Invalid parameter(s): {', '.join(invalid)}", 400, invalid)


def ids(query: Query, name: str) -> list[int]:
    try:
        return [int(v) for v in values(query, name)]
    except ValueError:
        raise invalid_param(name, f"{name}[0] is not of type integer.") from None


def date(query: Query, name: str, site: SiteTime, gmt: bool) -> datetime | None:
    """An ISO 8601 bound in the compared column's zone (UTC when ``dates_are_gmt``, else site-local)."""
    raw = last(query, name)
    if raw is None or raw == "":
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise invalid_param(name, "Invalid date.") from None
    if value.tzinfo is not None:
        utc = value.astimezone(UTC).replace(tzinfo=None)
        value = utc if gmt else site.local(utc)
    return value.replace(microsecond=0)


@dataclass(frozen=True)
class Page:
    page: int
    per_page: int


def page_args(query: Query) -> Page:
    return Page(integer(query, "page", 1), integer(query, "per_page", 10, 1, 100))


def paginate(items: Sequence[T], page: Page, url: str, query: Query) -> tuple[list[T], dict[str, str]]:
    """The slice for ``page`` and WooCommerce's pagination headers."""
    total = len(items)
    pages = math.ceil(total / page.per_page) if total else 0
    start = (page.page - 1) * page.per_page
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    base = [(k, v) for k, v in query if k != "page"]
    links = []
    if page.page > 1:
        prev = min(page.page - 1, pages) if pages else 1
        links.append(f'<{url}?{urlencode(base + [("page", str(prev))])}>; rel="prev"')
    if pages > page.page:
        links.append(f'<{url}?{urlencode(base + [("page", str(page.page + 1))])}>; rel="next"')
    if links:
        headers["Link"] = ", ".join(links)
    return list(items[start:start + page.per_page]), headers
