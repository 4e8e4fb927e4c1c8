"""The search box's filters and sort: ``currency:EUR amount>100 date>=2024-05-01 topic:order sort:-amount ada``.

Terms (all must hold; words match like the plain search: order number exactly, customer or email as a
substring):

- ``state:NAME`` — the event state (``awaiting_review``, ``failed``, ``posted``, …)
- ``topic:TEXT`` — the topic starts with TEXT (``order``, ``order.updated``, ``customer``)
- ``currency:CODE`` — the order's currency
- ``amount>N``, ``amount>=N``, ``amount<N``, ``amount<=N``, ``amount=N`` — the order total as the store sent it
- ``date>=YYYY-MM-DD``, ``date<YYYY-MM-DD`` (also ``>``, ``<=``, ``=``) — when the event was received (UTC)
- ``sort:COLUMN`` or ``sort:-COLUMN`` (descending) — ``time``, ``topic``, ``number``, ``customer``,
  ``amount``, ``state``, ``attempts``

The filter runs in SQLite over the tab's rows (``json_extract`` on the payload, no Python parsing per row)
and returns the matching ids in order; the table then pages through them like search results. Amounts are
compared as numbers for filtering and sorting only; the money shown and totalled is the store's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.outbox.paging import VIEWS, EventPager

TERM = re.compile(r"^(state|topic|currency|sort):(.+)$|^(amount|date)(>=|<=|>|<|=)(.+)$", re.IGNORECASE)
PAYLOAD = "json_extract(CAST(payload AS TEXT), '$.{}')"
SORTS = {
    "time": "id",
    "topic": "topic",
    "number": f"CAST({PAYLOAD.format('number')} AS INTEGER)",
    "customer": f"lower(coalesce({PAYLOAD.format('billing.last_name')}, {PAYLOAD.format('last_name')}, ''))",
    "amount": f"CAST({PAYLOAD.format('total')} AS REAL)",
    "state": "state",
    "attempts": "attempts",
}


class FilterError(ValueError):
    """A term the filter does not understand (the message says which and what is allowed)."""


@dataclass
class Query:
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    order: str = "id DESC"

    @property
    def structured(self) -> bool:
        return bool(self.where) or self.order != "id DESC"


def parse(text: str) -> Query:
    query = Query()
    for token in text.split():
        found = TERM.match(token)
        if not found:
            query.words.append(token)
            continue
        key, value, field_, op, operand = found.groups()
        if key:
            _term(query, key.lower(), value)
        else:
            _compare(query, field_.lower(), op, operand)
    return query


def _term(query: Query, key: str, value: str) -> None:
    if key == "state":
        query.where.append("state = ?")
        query.params.append(value)
    elif key == "topic":
        query.where.append("topic LIKE ?")
        query.params.append(value.replace("%", "") + "%")
    elif key == "currency":
        query.where.append(f"upper({PAYLOAD.format('currency')}) = ?")
        query.params.append(value.upper())
    else:
        column = value.lstrip("-").lower()
        if column not in SORTS:
            raise FilterError(f"sort:{value}: sort by one of {', '.join(SORTS)} (prefix - for descending)")
        query.order = f"{SORTS[column]} {'DESC' if value.startswith('-') else 'ASC'}, id DESC"


def _compare(query: Query, field_: str, op: str, operand: str) -> None:
    if field_ == "amount":
        try:
            number = float(operand)
        except ValueError:
            raise FilterError(f"amount{op}{operand}: the amount must be a number, e.g. amount>100") from None
        query.where.append(f"CAST({PAYLOAD.format('total')} AS REAL) {op} ?")
        query.params.append(number)
    else:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", operand):
            raise FilterError(f"date{op}{operand}: write the date as YYYY-MM-DD")
        if op in (">", "<="):  # the whole day belongs to "<=", none of it to ">"
            query.where.append(f"received_at {'>=' if op == '>' else '<'} ?")
            query.params.append(_next_day(operand))
        elif op == "=":
            query.where.append("received_at >= ? AND received_at < ?")
            query.params += [operand, _next_day(operand)]
        else:
            query.where.append(f"received_at {op} ?")
            query.params.append(operand)


def _next_day(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def apply(pager: EventPager, view: str, query: Query, restrict: list[int] | None = None) -> list[int]:
    """Ids of the view (or of ``restrict``) that pass the query, in its order."""
    where, params = list(query.where), list(query.params)
    if view != "all" and view in VIEWS:
        where.append(f"state IN ({','.join('?' * len(VIEWS[view]))})")
        params += list(VIEWS[view])
    sql = "SELECT id FROM events" + (f" WHERE {' AND '.join(where)}" if where else "") + f" ORDER BY {query.order}"
    found = [int(r[0]) for r in pager.conn.execute(sql, params)]
    if restrict is not None:
        allowed = set(restrict)
        found = [i for i in found if i in allowed]
    for word in query.words:
        allowed = set(pager.search("all" if view not in VIEWS else view, word))
        found = [i for i in found if i in allowed]
    return found
