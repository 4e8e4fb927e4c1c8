"""Which orders and customers a collection request returns, in which order.

Orders: ``status`` (default ``any``, which excludes ``trash``), ``include``, ``customer``, the four date
bounds (exclusive, as ``WP_Date_Query``) on the local or GMT column per ``dates_are_gmt``, and
``orderby`` date/modified/id/include/title/slug with the id as tie-breaker in the same direction.
Customers: ``role``, ``email``, ``include``, ``orderby`` id/include/name/registered_date; no dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from core.sandbox.woo import params
from core.sandbox.woo.clock import SiteTime
from core.sandbox.woo.errors import invalid_param
from core.sandbox.woo.model import Customer, Order
from core.sandbox.woo.orders import ORDER_STATUSES

ORDER_ORDERBY = ("date", "id", "include", "title", "slug", "modified")
CUSTOMER_ORDERBY = ("id", "include", "name", "registered_date")
STATUS_CHOICES = ("any",) + ORDER_STATUSES


def _bounds(query: params.Query, site: SiteTime) -> list[tuple[str, str, datetime]]:
    gmt = params.boolean(query, "dates_are_gmt")
    out = []
    for name, column, side in (("after", "created", "after"), ("before", "created", "before"),
                               ("modified_after", "modified", "after"), ("modified_before", "modified", "before")):
        bound = params.date(query, name, site, gmt)
        if bound is not None:
            out.append((column if gmt else f"{column}_local", side, bound))
    return out


def _sort_key(orderby: str, include: list[int]) -> Callable[[Order], Any]:
    if orderby == "include":
        pos = {oid: i for i, oid in enumerate(include)}
        return lambda o: (pos.get(o.id, len(pos)), o.id)
    if orderby in ("id", "slug"):
        return lambda o: o.id
    if orderby == "modified":
        return lambda o: (o.modified, o.id)
    return lambda o: (o.created, o.id)


def select_orders(orders: Iterable[Order], query: params.Query, site: SiteTime) -> list[Order]:
    statuses = params.values(query, "status") or ["any"]
    for status in statuses:
        if status not in STATUS_CHOICES:
            raise invalid_param("status", f"status[0] is not one of {', '.join(STATUS_CHOICES)}.")
    include, customer = params.ids(query, "include"), params.ids(query, "customer")
    bounds = _bounds(query, site)
    orderby = params.choice(query, "orderby", ORDER_ORDERBY, "date")
    desc = params.choice(query, "order", ("asc", "desc"), "desc") == "desc"

    def keep(o: Order) -> bool:
        if "any" in statuses:
            if o.status == "trash":
                return False
        elif o.status not in statuses:
            return False
        if (include and o.id not in include) or (customer and o.customer_id not in customer):
            return False
        for column, side, bound in bounds:
            stamp = getattr(o, column.removesuffix("_local"))
            if column.endswith("_local"):
                stamp = site.local(stamp)
            if (side == "after" and not stamp > bound) or (side == "before" and not stamp < bound):
                return False
        return True

    picked = [o for o in orders if keep(o)]
    picked.sort(key=_sort_key(orderby, include), reverse=desc and orderby != "include")
    return picked


def select_customers(customers: Iterable[Customer], query: params.Query) -> list[Customer]:
    role = params.choice(query, "role", ("all", "customer", "subscriber", "administrator", "shop_manager"),
                         "customer")
    include, email = params.ids(query, "include"), params.last(query, "email")
    orderby = params.choice(query, "orderby", CUSTOMER_ORDERBY, "name")
    desc = params.choice(query, "order", ("asc", "desc"), "asc") == "desc"
    picked = [c for c in customers if (role == "all" or c.role == role) and (not include or c.id in include)
              and (email is None or c.email == email)]
    keys: dict[str, Callable[[Customer], Any]] = {
        "id": lambda c: c.id, "registered_date": lambda c: (c.created, c.id),
        "name": lambda c: (f"{c.first_name} {c.last_name}".lower(), c.id),
        "include": lambda c: include.index(c.id) if c.id in include else c.id,
    }
    picked.sort(key=keys[orderby], reverse=desc)
    return picked
