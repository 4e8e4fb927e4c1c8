"""Specification: the dedup rule (docs/outbox.md) — one event per record version, stale versions never posted."""

from __future__ import annotations

from core.outbox import IncomingEvent
from tests.outbox.conftest import order_event


def test_first_version_of_a_resource_is_new(outbox):
    result = outbox.ingest(order_event())
    assert result.outcome == "new" and result.event_id is not None


def test_same_version_again_is_a_duplicate_of_the_first_event(outbox):
    first = outbox.ingest(order_event())
    again = outbox.ingest(order_event(source="poll"))
    assert again.outcome == "duplicate" and again.event_id == first.event_id
    assert len(outbox.list_events()) == 1


def test_created_and_updated_with_the_same_version_make_one_event(outbox):
    outbox.ingest(order_event(topic="order.created"))
    assert outbox.ingest(order_event(topic="order.updated")).outcome == "duplicate"


def test_newer_version_is_a_new_event(outbox):
    outbox.ingest(order_event(version="2024-05-01T10:00:00"))
    assert outbox.ingest(order_event(version="2024-05-01T10:00:05")).outcome == "new"


def test_older_version_arriving_late_is_stale_and_not_stored(outbox):
    outbox.ingest(order_event(version="2024-05-01T10:00:05"))
    late = outbox.ingest(order_event(version="2024-05-01T10:00:00"))
    assert late == type(late)(None, "stale")
    assert [e.version for e in outbox.list_events()] == ["2024-05-01T10:00:05"]


def test_stale_version_is_kept_in_the_audit_log(outbox):
    outbox.ingest(order_event(version="2024-05-01T10:00:05"))
    outbox.ingest(order_event(version="2024-05-01T10:00:00"))
    stale = [r for r in outbox.table_rows("audit") if r["action"] == "ingest_stale"]
    assert len(stale) == 1 and "2024-05-01T10:00:00" in stale[0]["detail"]


def test_versions_of_different_resources_do_not_interfere(outbox):
    outbox.ingest(order_event(order_id=1, version="2024-05-02T00:00:00"))
    assert outbox.ingest(order_event(order_id=2, version="2024-05-01T00:00:00")).outcome == "new"
    customer = IncomingEvent("webhook", "customer.updated", "customer", 1, "2024-05-01T00:00:00", b"{}")
    assert outbox.ingest(customer).outcome == "new"


def test_repeated_deletion_is_a_duplicate(outbox):
    outbox.ingest(order_event(version="2024-05-01T10:00:00"))
    first = outbox.ingest(order_event(topic="order.deleted", version="", payload=b'{"id":727}'))
    again = outbox.ingest(order_event(topic="order.deleted", version="", payload=b'{"id":727}'))
    assert first.outcome == "new" and again == type(again)(first.event_id, "duplicate")


def test_deletion_after_a_restore_is_new(outbox):
    outbox.ingest(order_event(topic="order.deleted", version="", payload=b'{"id":727}'))
    outbox.ingest(order_event(topic="order.restored", version="2024-05-01T11:00:00"))
    again = outbox.ingest(order_event(topic="order.deleted", version="", payload=b'{"id":727}'))
    assert again.outcome == "new"


def test_restore_with_the_version_from_before_the_deletion_is_new(outbox):
    outbox.ingest(order_event(version="2024-05-01T10:00:00"))
    outbox.ingest(order_event(topic="order.deleted", version="", payload=b'{"id":727}'))
    assert outbox.ingest(order_event(topic="order.restored", version="2024-05-01T10:00:00")).outcome == "new"


def test_unversioned_update_dedups_by_payload_content(outbox):
    assert outbox.ingest(order_event(version="", payload=b'{"id":727,"a":1}')).outcome == "new"
    assert outbox.ingest(order_event(version="", payload=b'{"id":727,"a":1}')).outcome == "duplicate"
    assert outbox.ingest(order_event(version="", payload=b'{"id":727,"a":2}')).outcome == "new"


def test_payload_is_stored_byte_for_byte(outbox):
    raw = b'{"id":727,"note":"caf\\u00e9 \\/ x"}'
    event_id = outbox.ingest(order_event(payload=raw)).event_id
    assert outbox.get_event(event_id).payload == raw


def test_a_second_change_within_the_same_second_is_a_new_event(outbox):
    first = outbox.ingest(order_event(payload=b'{"id":727,"status":"pending","refunds":[]}'))
    paid = outbox.ingest(order_event(payload=b'{"id":727,"status":"processing","refunds":[]}'))
    assert paid.outcome == "new" and paid.event_id != first.event_id


def test_the_same_state_from_webhook_and_poll_is_one_event_despite_encoding_and_links(outbox):
    webhook = b'{"id":727,"name":"Zo\\u00eb","url":"https:\\/\\/shop.example"}'
    poll = '{"url": "https://shop.example", "name": "Zoë", "id": 727, "_links": {"self": []}}'.encode()
    first = outbox.ingest(order_event(payload=webhook))
    again = outbox.ingest(order_event(source="poll", payload=poll))
    assert again.outcome == "duplicate" and again.event_id == first.event_id


def test_an_earlier_state_of_the_same_second_redelivered_by_a_webhook_is_a_duplicate(outbox):
    pending = outbox.ingest(order_event(payload=b'{"id":727,"status":"pending"}'))
    outbox.ingest(order_event(payload=b'{"id":727,"status":"processing"}'))
    again = outbox.ingest(order_event(payload=b'{"status":"pending","id":727}'))
    assert again.outcome == "duplicate" and again.event_id == pending.event_id


def test_the_poll_seeing_a_change_undone_within_the_same_second_makes_a_new_event(outbox):
    outbox.ingest(order_event(payload=b'{"id":727,"status":"processing"}'))
    outbox.ingest(order_event(payload=b'{"id":727,"status":"cancelled"}'))
    back = outbox.ingest(order_event(source="poll", payload=b'{"status":"processing","id":727}'))
    assert back.outcome == "new"  # the store's current state: processing again, not the first state seen
    assert outbox.ingest(order_event(source="poll", payload=b'{"id":727,"status":"processing"}')).outcome == (
        "duplicate")


def test_the_poll_seeing_an_order_after_its_deletion_makes_a_new_event(outbox):
    before = outbox.ingest(order_event(payload=b'{"id":727,"status":"completed"}'))
    outbox.ingest(IncomingEvent("webhook", "order.deleted", "order", 727, "", b'{"id":727}'))
    seen = outbox.ingest(order_event(source="poll", payload=b'{"id":727,"status":"completed"}'))
    assert seen.outcome == "new" and seen.event_id != before.event_id
