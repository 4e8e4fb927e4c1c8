"""How the store serves a long scan: one filter+sort per query until a change, latency as the response time.

These pin behaviour, not speed: a memoised page must equal a freshly selected one, and the configured latency is
the store's whole response time (its own work counts toward it).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from core.sandbox.woo import php_json_dumps, rest
from core.sandbox.woo.readcache import SelectionMemo, selection_key

SCAN = {"orderby": "modified", "order": "asc", "per_page": 5, "modified_after": "2000-01-01T00:00:00",
        "dates_are_gmt": "true"}


@pytest.fixture
def counted_selections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the full filter+sort passes the REST layer runs over the store's orders."""
    calls: list[int] = []
    real = rest.select_orders

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rest, "select_orders", counting)
    return calls


def test_pages_of_one_query_filter_and_sort_the_orders_once(sandbox, api, counted_selections):
    sandbox.generate(customers=3, orders=20, refunds=0)
    pages = [api.get("/orders", params={**SCAN, "page": n}).json() for n in (1, 2, 3)]
    assert len(counted_selections) == 1 and all(len(p) == 5 for p in pages)


def test_a_change_between_two_page_reads_is_visible_on_the_next_page(sandbox, api, product, counted_selections):
    sandbox.generate(customers=3, orders=12, refunds=0)
    first = api.get("/orders", params={**SCAN, "page": 1})
    sandbox.create_order([(product, 1)])
    second = api.get("/orders", params={**SCAN, "page": 2})
    assert int(second.headers["X-WP-Total"]) == int(first.headers["X-WP-Total"]) + 1
    assert len(counted_selections) == 2


def test_memoised_pages_equal_freshly_selected_pages(sandbox, api):
    sandbox.generate(customers=3, orders=23, refunds=2)
    memoised = [api.get("/orders", params={**SCAN, "page": n}).content for n in range(1, 6)]
    fresh = []
    for n in range(1, 6):
        sandbox.store.selections.clear()
        fresh.append(api.get("/orders", params={**SCAN, "page": n}).content)
    assert memoised == fresh


def test_selection_key_ignores_paging_and_credentials_but_keeps_every_filter():
    one = [("status", "any"), ("page", "1"), ("per_page", "100"), ("oauth_nonce", "a"), ("consumer_key", "ck")]
    two = [("status", "any"), ("page", "7"), ("per_page", "10"), ("oauth_nonce", "b"), ("consumer_secret", "cs")]
    assert selection_key("orders", one) == selection_key("orders", two) == ("orders", ("status", "any"))
    assert selection_key("orders", one + [("future_filter", "x")]) != selection_key("orders", one)


def test_selection_memo_keeps_only_its_newest_entries():
    memo = SelectionMemo(size=2)
    for name in ("a", "b", "c"):
        memo.get((name,), lambda name=name: [name])
    assert memo.get(("a",), lambda: ["recomputed"]) == ["recomputed"]
    assert memo.get(("c",), lambda: ["recomputed"]) == ["c"]


def test_latency_is_the_response_time_not_added_to_the_stores_own_work(sandbox, api, monkeypatch):
    real = rest.select_orders

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(rest, "select_orders", slow)
    sandbox.latency = 0.4
    elapsed = api.get("/orders").elapsed.total_seconds()
    assert 0.4 <= elapsed < 0.65  # 0.3 s of work inside 0.4 s of latency, not 0.7 s in all


def test_errors_are_answered_after_the_latency_too(sandbox, api):
    sandbox.latency = 0.2
    response = api.get("/orders", params={"per_page": 500})
    assert response.status_code == 400 and response.elapsed.total_seconds() >= 0.2


@pytest.mark.parametrize("value, expected", [
    ((1, 2.0, {}), b"[1,2,[]]"),
    ({1: {"k": ()}}, b'{"1":{"k":[]}}'),
    ([[{"a": [{}]}], -0.0, 1e14, True, None], b'[[{"a":[[]]}],0,100000000000000,true,null]'),
])
def test_encoder_applies_php_rules_at_any_depth_and_to_any_container(value, expected):
    assert php_json_dumps(value) == expected
