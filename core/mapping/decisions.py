"""What an order event means for its bill: create, update in place, review, nothing, or flag.

Only ``sync.order_statuses`` make bills. Once a bill is posted its money is never changed silently: a change
to anything that feeds the amounts, accounts or bill date (line items, shipping, fees, tax, totals, currency,
customer, date) is sent for *review* with a readable diff; a change of descriptive fields only (the bill's
DESCRIPTION or due date) is an *update* in place. An order cancelled or failed after posting is *flagged*
for the operator (the bill is never voided automatically). Refunds are not part of this decision: each refund
is its own document (:mod:`.refunds`), so ``refunds[]`` and the status ``refunded`` are ignored here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from core.intacct.records import ApBillChanges
from core.mapping.dates import due_date, local_date
from core.mapping.money import money
from core.mapping.order import bill_description, order_number
from core.settings import Settings

Action = Literal["create", "update", "review", "nothing", "flag_cancelled"]
FLAG_STATUSES = frozenset({"cancelled", "failed", "trash"})


@dataclass(frozen=True)
class OrderDecision:
    action: Action
    reason: str
    """One sentence for the console and the logs."""
    changes: ApBillChanges | None = None
    """For ``update``: the descriptive fields to change (``record_no`` holds the bill's RECORDID, the order
    number; the push layer resolves Intacct's RECORDNO from it)."""
    diff: tuple[str, ...] = ()
    """For ``review``: one human-readable line per changed money field (``total: 29.35 → 31.35``)."""


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


def decide_order_action(previous: dict[str, Any] | None, new: dict[str, Any], settings: Settings) -> OrderDecision:
    """The decision for ``new`` given the payload last posted for the same order (None: never posted)."""
    status = str(new.get("status") or "")
    number = order_number(new)
    if status not in settings.sync.order_statuses:
        if previous is None:
            return OrderDecision("nothing", f"order {number} is {status!r}, not in sync.order_statuses")
        if status in FLAG_STATUSES:
            return OrderDecision("flag_cancelled", f"order {number} was {status} after its bill was posted: "
                                 "void or reverse the bill in Intacct by hand if needed")
        if status == "refunded":
            return OrderDecision("nothing", f"order {number} is refunded: the refunds are posted on their own")
        return OrderDecision("review", f"order {number} moved to {status!r} after its bill was posted")
    if previous is None:
        if money(new.get("total")) == 0:
            return OrderDecision("nothing", f"order {number} totals 0.00: there is nothing to bill")
        return OrderDecision("create", f"order {number} is {status}: create its bill")
    diff = money_diff(previous, new)
    if diff:
        return OrderDecision("review", f"order {number} changed amounts after its bill was posted", diff=diff)
    changes = _descriptive_changes(previous, new, settings)
    if changes is not None:
        return OrderDecision("update", f"order {number}: update the bill's description/due date", changes)
    return OrderDecision("nothing", f"order {number}: no change that affects its bill")
