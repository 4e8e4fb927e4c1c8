"""Specification: events move through the documented states only, and every move is audited."""

from __future__ import annotations

import pytest

from core.outbox import EventNotFound, InvalidTransition, Outbox
from tests.outbox.conftest import order_event


def test_review_mode_puts_new_events_in_awaiting_review(outbox):
    event_id = outbox.ingest(order_event()).event_id
    assert outbox.get_event(event_id).state == "awaiting_review"


def test_auto_mode_puts_new_events_straight_into_approved(db_path):
    box = Outbox.open(db_path, auto_approve=True)
    event_id = box.ingest(order_event()).event_id
    assert box.get_event(event_id).state == "approved"
    assert [(a["from_state"], a["to_state"]) for a in box.audit_for(event_id)] == [
        (None, "received"), ("received", "approved")]


def test_full_path_to_posted_is_audited_with_actor_and_note(outbox):
    event_id = outbox.ingest(order_event()).event_id
    outbox.transition(event_id, "approved", actor="operator:alice", note="looks right")
    outbox.transition(event_id, "posting", actor="worker")
    outbox.transition(event_id, "posted", actor="worker", record_no="1234", control_ids=["c-1"])
    trail = [(a["actor"], a["from_state"], a["to_state"]) for a in outbox.audit_for(event_id)]
    assert trail[-3:] == [("operator:alice", "awaiting_review", "approved"), ("worker", "approved", "posting"),
                          ("worker", "posting", "posted")]
    assert outbox.audit_for(event_id)[-3]["detail"] == "looks right"


def test_posting_counts_attempts_and_keeps_result_fields(outbox):
    event_id = outbox.ingest(order_event()).event_id
    outbox.transition(event_id, "approved", actor="op")
    outbox.transition(event_id, "posting", actor="worker")
    outbox.transition(event_id, "retry", actor="worker", last_error="503", next_attempt_at="2024-01-01T00:01:00Z")
    record = outbox.transition(event_id, "posting", actor="worker")
    assert (record.attempts, record.last_error, record.next_attempt_at) == (2, "503", "2024-01-01T00:01:00Z")


def test_posted_event_cannot_be_approved_again(outbox):
    event_id = outbox.ingest(order_event()).event_id
    for state in ("approved", "posting", "posted"):
        outbox.transition(event_id, state, actor="t")
    with pytest.raises(InvalidTransition):
        outbox.transition(event_id, "approved", actor="t")


def test_refused_transition_changes_nothing(outbox):
    event_id = outbox.ingest(order_event()).event_id
    before = outbox.audit_for(event_id)
    with pytest.raises(InvalidTransition):
        outbox.transition(event_id, "posted", actor="t")
    assert outbox.get_event(event_id).state == "awaiting_review" and outbox.audit_for(event_id) == before


def test_unknown_event_raises_event_not_found(outbox):
    with pytest.raises(EventNotFound):
        outbox.transition(999, "approved", actor="t")


def test_events_in_posting_are_listed_for_start_up_reconcile(outbox):
    ids = [outbox.ingest(order_event(order_id=i)).event_id for i in (1, 2, 3)]
    for event_id in ids[:2]:
        outbox.transition(event_id, "approved", actor="t")
        outbox.transition(event_id, "posting", actor="t")
    assert [e.id for e in outbox.events_in_state("posting")] == ids[:2]


def test_count_by_state_and_paged_listing(outbox):
    for i in range(5):
        outbox.ingest(order_event(order_id=i))
    outbox.transition(1, "skipped", actor="t")
    assert outbox.count_by_state() == {"awaiting_review": 4, "skipped": 1}
    assert [e.id for e in outbox.list_events(limit=2, offset=1)] == [4, 3]
    assert [e.id for e in outbox.list_events(state="skipped")] == [1]
    assert [e.resource_id for e in outbox.list_events(search="3")] == [3]
