"""Collection arguments validated the way WordPress core validates REST args, and pagination headers.

Out-of-range or malformed values are a 400 ``rest_invalid_param`` naming the argument (e.g.
``per_page`` outside 1–100). Pagination answers ``X-WP-Total``, ``X-WP-TotalPages`` and a ``Link``
header with only ``prev``/``next``, like WooCommerce's CRUD controllers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import urlencode

from core.sandbox.woo.clock import SiteTime
from core.sandbox.woo.errors import invalid_param

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


def choice(query: Query, name: str, allowed: Sequence[str], default: str) -> str:
    raw = last(query, name)
    if raw is None:
        return default
    if raw not in allowed:
        raise invalid_param(name, f"{name} is not one of {', '.join(allowed[:-1])}, and {allowed[-1]}.")
    return raw


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
