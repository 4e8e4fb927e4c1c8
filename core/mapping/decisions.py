"""What an order event means for its bill: create it, update its description in place, or nothing.

Only ``sync.order_statuses`` make bills (and ``refunded`` for an order first seen refunded, when
``books.book_refunded_orders``). A posted bill's money is never updated in place: what changed in the money
is the order's *residual*, planned on its own by :mod:`.corrections` (posted as adjustments, or held as an
open item for a person). A change of descriptive fields only (DESCRIPTION, due date) is an *update*.
Refunds are not part of this decision: each refund is its own document (:mod:`.refunds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from core.intacct.records import ApBillChanges
from core.mapping.dates import due_date, local_date
from core.mapping.lines import draft_lines
from core.mapping.money import money
from core.mapping.order import bill_description, order_currency, order_number
from core.settings import Settings

Action = Literal["create", "update", "nothing"]
DEAD_STATUSES = frozenset({"cancelled", "failed", "trash"})
"""Statuses in which the store implies nothing for an order: its books in Intacct must come to zero."""


@dataclass(frozen=True)
class OrderDecision:
    action: Action
    reason: str
    """One sentence for the console and the logs."""
    changes: ApBillChanges | None = None
    """For ``update``: the descriptive fields to change (``record_no`` holds the bill's RECORDID, the order
    number; the push layer resolves Intacct's RECORDNO from it)."""
    diff: tuple[str, ...] = ()
    """One human-readable line per money field changed since the last posted payload (``total: 29.35 →
    31.35``): what the console shows beside a correction."""


def _item_key(kind: str, item: dict[str, Any]) -> str:
    label = item.get("name") or item.get("method_title") or item.get("label") or item.get("rate_code") or ""
    return f"{kind} {item.get('id', '?')}" + (f" ({label})" if label else "")


def money_fields(order: dict[str, Any]) -> dict[str, str]:
    """Everything that feeds the bill's amounts, accounts, vendor or date, flattened to comparable strings."""
    out = {k: str(order.get(k) or "") for k in ("currency", "customer_id", "date_created_gmt")}
    out["total"] = str(money(order.get("total")))
    for kind in ("line_items", "shipping_lines", "fee_lines", "tax_lines"):
        for item in order.get(kind) or []:
            key = _item_key(kind.rstrip("s").replace("_", " "), item)
            amounts = [f"{f} {money(item[f])}" for f in ("total", "total_tax", "tax_total", "shipping_tax_total")
                       if f in item]
            extra = [f"qty {item['quantity']}"] if "quantity" in item else []
            extra += [f"product {item['product_id']}"] if "product_id" in item else []
            out[key] = ", ".join(extra + amounts)
    return out


def money_diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    """``field: before → after`` for each money field that differs (``—`` for absent)."""
    before, after = money_fields(old), money_fields(new)
    return tuple(
        f"{key}: {before.get(key, '—')} → {after.get(key, '—')}"
        for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)
    )


def _descriptive_changes(old: dict[str, Any], new: dict[str, Any], settings: Settings) -> ApBillChanges | None:
    description = bill_description(new, settings)
    when_due = None if settings.mapping.term_name else due_date(
        local_date(new, settings.woocommerce.timezone), settings.mapping.due_days)
    old_due = None if settings.mapping.term_name else due_date(
        local_date(old, settings.woocommerce.timezone), settings.mapping.due_days)
    changed_text = description if description != bill_description(old, settings) else None
    changed_due = when_due if when_due != old_due else None
    if changed_text is None and changed_due is None:
        return None
    return ApBillChanges(record_no=order_number(old), description=changed_text, when_due=changed_due)


def decide_order_action(previous: dict[str, Any] | None, new: dict[str, Any], settings: Settings,
                        has_bill: bool | None = None) -> OrderDecision:
    """The decision for the bill itself given the payload last posted for the order (None: never posted) and
    whether Intacct has its bill (default: whether there is a previous payload).

    Money changes after posting are not decided here: they are the order's *residual*
    (:mod:`.corrections`), planned beside this decision, so a refund in the same version still posts.
    """
    status = str(new.get("status") or "")
    number = order_number(new)
    has_bill = previous is not None if has_bill is None else has_bill
    if not has_bill:
        refunded_first = status == "refunded" and settings.books.book_refunded_orders
        if status not in settings.sync.order_statuses and not refunded_first:
            return OrderDecision("nothing", f"order {number} is {status!r}, not in sync.order_statuses")
        if money(new.get("total")) == 0 and not draft_lines(new, {}, settings.mapping, currency=order_currency(new)):
            return OrderDecision("nothing", f"order {number} totals 0.00 on every line: there is nothing to bill")
        if refunded_first:
            return OrderDecision("create", f"order {number} was first seen refunded: bill and refunds, net zero")
        return OrderDecision("create", f"order {number} is {status}: create its bill")
    if status in DEAD_STATUSES:
        return OrderDecision("nothing", f"order {number} is {status}")
    diff = money_diff(previous, new) if previous is not None else ()
    changes = _descriptive_changes(previous, new, settings) if previous is not None else None
    if changes is not None:
        return OrderDecision("update", f"order {number}: update the bill's description/due date", changes, diff)
    return OrderDecision("nothing", f"order {number}: no change to the bill itself", diff=diff)
