"""Specification: ``Outbox.transition_many`` moves many events in one transaction, audited like ``transition``."""

from __future__ import annotations

import sqlite3

import pytest

from core.outbox import EventNotFound, InvalidTransition, Outbox
from core.outbox.store import StateMove
from tests.outbox.conftest import order_event


def _ingest(outbox: Outbox, count: int) -> list[int]:
    return [outbox.ingest(order_event(order_id=700 + n)).event_id for n in range(count)]


def _trail(outbox: Outbox, event_id: int) -> list[tuple[str, str | None, str | None, str]]:
    return [(a["actor"], a["from_state"], a["to_state"], a["detail"]) for a in outbox.audit_for(event_id)][2:]


def test_each_step_of_each_path_is_audited_in_order_like_single_transitions(outbox):
    ids = _ingest(outbox, 2)
    outbox.transition_many([StateMove(ids[0], ("approved", "posting", "posted"), "worker", "done"),
                            StateMove(ids[1], ("approved",), "operator", "ok")])
    assert _trail(outbox, ids[0]) == [("worker", "awaiting_review", "approved", "done"),
                                      ("worker", "approved", "posting", "done"),
                                      ("worker", "posting", "posted", "done")]
    assert _trail(outbox, ids[1]) == [("operator", "awaiting_review", "approved", "ok")]
    assert [outbox.get_event(i).state for i in ids] == ["posted", "approved"]


def test_entering_posting_counts_an_attempt_per_entry(outbox):
    (event_id,) = _ingest(outbox, 1)
    outbox.transition_many([StateMove(event_id, ("approved", "posting", "retry"), "worker"),
                            StateMove(event_id, ("posting",), "worker")])
    record = outbox.get_event(event_id)
    assert (record.state, record.attempts) == ("posting", 2)


def test_fields_are_set_at_the_end_and_a_later_move_wins(outbox):
    (event_id,) = _ingest(outbox, 1)
    outbox.transition_many([
        StateMove(event_id, ("approved", "posting"), "worker", fields={"control_ids": ["a", "b"], "last_error": "x"}),
        StateMove(event_id, ("posted",), "worker", fields={"record_no": "42", "last_error": None})])
    record = outbox.get_event(event_id)
    assert (record.control_ids, record.record_no, record.last_error) == (["a", "b"], "42", None)


def test_an_empty_path_only_sets_fields_and_audits_nothing(outbox):
    (event_id,) = _ingest(outbox, 1)
    before = outbox.get_event(event_id)
    outbox.transition_many([StateMove(event_id, (), "operator", fields={"next_attempt_at": "2030-01-01T00:00:00Z"})])
    after = outbox.get_event(event_id)
    assert (after.state, after.next_attempt_at, after.updated_at) == (before.state, "2030-01-01T00:00:00Z",
                                                                      before.updated_at)
    assert _trail(outbox, event_id) == []


def test_a_forbidden_step_writes_nothing_at_all(outbox):
    ids = _ingest(outbox, 2)
    with pytest.raises(InvalidTransition):
        outbox.transition_many([StateMove(ids[0], ("approved",), "op"), StateMove(ids[1], ("posted",), "op")])
    assert [outbox.get_event(i).state for i in ids] == ["awaiting_review", "awaiting_review"]
    assert _trail(outbox, ids[0]) == []


def test_an_unknown_event_raises_event_not_found(outbox):
    with pytest.raises(EventNotFound):
        outbox.transition_many([StateMove(999_999, ("approved",), "op")])


def test_a_field_outside_the_move_fields_is_refused(outbox):
    (event_id,) = _ingest(outbox, 1)
    with pytest.raises(ValueError, match="payload"):
        outbox.transition_many([StateMove(event_id, ("approved",), "op", fields={"payload": b"{}"})])
    assert outbox.get_event(event_id).state == "awaiting_review"


def test_the_callers_writes_share_the_transaction(outbox):
    (event_id,) = _ingest(outbox, 1)

    def also(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO cursors (name, value, updated_at) VALUES ('probe', 'written', 'now')")

    with pytest.raises(InvalidTransition):
        outbox.transition_many([StateMove(event_id, ("posted",), "op")], also=also)
    assert outbox.get_cursor("probe") is None
    outbox.transition_many([StateMove(event_id, ("approved",), "op")], also=also)
    assert outbox.get_cursor("probe") == "written"
