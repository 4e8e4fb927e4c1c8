"""The search box's filters and sort (console/filters.py) over a real outbox database."""

from __future__ import annotations

import pytest

from console.filters import FilterError, apply, parse
from core.outbox.paging import EventPager
from tests.console.conftest import SIZE, make_app, make_settings
from tests.console.test_actions import until


@pytest.fixture
def pager(db, seeded):
    found = EventPager(db)
    yield found
    found.close()


def test_currency_and_amount_filters_keep_only_matching_orders(pager, seeded):
    assert apply(pager, "review", parse("currency:usd amount>30")) == [seeded["order723"]]
    assert apply(pager, "review", parse("amount<=29.35")) == [seeded["order727"]]
    assert apply(pager, "all", parse("state:failed")) == [seeded["failed"]]


def test_topic_date_and_words_combine(pager, seeded):
    assert set(apply(pager, "review", parse("topic:order"))) == {seeded["order723"], seeded["order727"]}
    assert apply(pager, "review", parse("topic:customer")) == [seeded["customer"]]
    received = pager.rows([seeded["order727"]])[0].received_at[:10]
    assert len(apply(pager, "all", parse(f"date={received}"))) == 5
    assert apply(pager, "all", parse(f"date>{received}")) == []
    assert apply(pager, "review", parse("topic:order 727")) == [seeded["order727"]]


def test_sort_by_amount_both_ways(pager, seeded):
    ascending = apply(pager, "review", parse("topic:order sort:amount"))
    assert ascending == [seeded["order727"], seeded["order723"]]
    assert apply(pager, "review", parse("topic:order sort:-amount")) == ascending[::-1]


def test_a_term_it_does_not_understand_says_what_is_allowed():
    with pytest.raises(FilterError, match="sort by one of"):
        parse("sort:colour")
    with pytest.raises(FilterError, match="must be a number"):
        parse("amount>lots")
    with pytest.raises(FilterError, match="YYYY-MM-DD"):
        parse("date>=yesterday")


async def test_the_search_box_sorts_and_filters_the_tab(db, outbox, seeded):
    app = make_app(make_settings(db), outbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"topic:order sort:-amount", "enter")
        await until(pilot, lambda: app.main.matches is not None)
        matches = app.main.matches
    assert matches == [seeded["order723"], seeded["order727"]]
