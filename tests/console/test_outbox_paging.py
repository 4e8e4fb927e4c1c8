"""The bounded reads behind the console's outbox table (core.outbox.paging)."""

from __future__ import annotations

from core.outbox.paging import EventPager
from tests.console.seed import seed_many, seed_small


def test_a_view_counts_only_its_states(outbox, db):
    seed_small(outbox)
    pager = EventPager(db)
    assert (pager.count("review"), pager.count("failed"), pager.count("posted"), pager.count("all")) == (3, 1, 1, 5)


def test_a_page_is_newest_first_and_holds_only_the_window(outbox, db):
    seed_many(db, 250)
    pager = EventPager(db)
    page = pager.page("review", 100, 50)
    assert len(page) == 50
    assert [r.id for r in page] == sorted((r.id for r in page), reverse=True)
    assert page[0].id == 250 - 100


def test_rows_show_number_customer_email_and_amount_from_the_payload(outbox, db):
    ids = seed_small(outbox)
    (row,) = EventPager(db).rows([ids["order727"]])
    assert (row.number, row.customer, row.amount, row.currency) == ("727", "John Doe", "29.35", "USD")
    assert row.email


def test_search_finds_an_order_by_its_number_exactly(outbox, db):
    ids = seed_small(outbox)
    assert EventPager(db).search("all", "723") == [ids["order723"]]


def test_search_finds_by_email_substring_case_insensitively(outbox, db):
    seed_many(db, 30)
    assert len(EventPager(db).search("review", "BUYER2")) == 11  # buyer2, buyer20..29


def test_search_respects_the_view(outbox, db):
    ids = seed_small(outbox)
    assert EventPager(db).search("posted", "9002") == [ids["posted"]]
    assert EventPager(db).search("review", "9002") == []


def test_a_live_lease_of_another_process_is_visible(outbox, db):
    outbox.acquire_lease("sync-worker", "serve-1", 30)
    now = outbox._clock()
    assert [lease["owner"] for lease in EventPager(db).live_leases(now)] == ["serve-1"]
    assert EventPager(db).live_leases(now + 60) == []


def test_an_80_column_terminal_keeps_the_topic_before_the_received_time():
    from console.sources import layout

    keys = [key for key, _, _ in layout(78)]  # an 80-column terminal less the selection mark
    assert "topic" in keys and "time" not in keys  # "Woo # 3" means nothing without order/customer
    assert [key for key, _, _ in layout(140)][:2] == ["time", "topic"]
