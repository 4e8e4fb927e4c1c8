"""Specification: the receiver over real HTTP on 127.0.0.1 — what each kind of request gets and leaves behind."""

from __future__ import annotations

import json

from tests.receiver.conftest import ALERT_PATH, PATH, SECRET, loads, order_body, signed_headers
from tests.shared import WOO_FIXTURES


def test_signed_order_delivery_is_committed_and_answered_200(receiver):
    body = order_body()
    response = receiver.deliver(body)
    assert response.status_code == 200 and loads(response)["outcome"] == "new"
    event = receiver.outbox.get_event(loads(response)["event_id"])
    assert (event.topic, event.resource_id, event.version, event.payload) == (
        "order.updated", 727, "2024-05-01T10:00:00", body)
    assert (event.webhook_id, event.delivery_id, event.source) == (7, "36e520ebabc2fa725092ff4a47acedf2", "webhook")


def test_docs_order_727_delivered_as_woocommerce_encodes_it_is_accepted(receiver):
    from core.woo.signature import wc_json_encode

    body = wc_json_encode(json.loads((WOO_FIXTURES / "order-727.json").read_text(encoding="utf-8")))
    response = receiver.deliver(body, topic="order.created")
    assert response.status_code == 200
    assert receiver.outbox.get_event(loads(response)["event_id"]).payload == body


def test_ping_gets_exactly_200_and_is_recorded_as_a_ping_not_an_event(receiver):
    response = receiver.client.post(receiver.url + PATH, content=b"webhook_id=142",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200
    assert receiver.outbox.list_events() == []
    assert receiver.outbox.table_rows("pings")[0]["webhook_id"] == 142


def test_wrong_signature_is_401_and_quarantined_without_the_signature(receiver):
    body = order_body()
    headers = signed_headers(body, secret="not-the-secret")
    response = receiver.client.post(receiver.url + PATH, content=body, headers=headers)
    assert response.status_code == 401
    row = receiver.quarantined()[0]
    assert row["http_status"] == 401 and bytes(row["body"]) == body
    assert headers["X-WC-Webhook-Signature"] not in row["headers"]
    assert receiver.outbox.list_events() == []


def test_missing_signature_is_401_and_quarantined(receiver):
    body = order_body()
    headers = {k: v for k, v in signed_headers(body).items() if k != "X-WC-Webhook-Signature"}
    response = receiver.client.post(receiver.url + PATH, content=body, headers=headers)
    assert response.status_code == 401 and "missing" in receiver.quarantined()[0]["reason"]


def test_body_over_the_limit_by_content_length_is_413_and_quarantined(receiver):
    body = order_body(note="x" * 70 * 1024)
    response = receiver.deliver(body)
    assert response.status_code == 413
    assert receiver.quarantined()[0]["http_status"] == 413 and receiver.outbox.list_events() == []


def test_streamed_body_over_the_limit_is_413_and_reading_stops_early(receiver):
    def chunks():
        for _ in range(1000):
            yield b"x" * 1024

    response = receiver.client.post(receiver.url + PATH, content=chunks(), headers=signed_headers(b""))
    assert response.status_code == 413
    row = receiver.quarantined()[0]
    # body_size is what arrived before reading stopped (the limit plus at most the chunks in flight), not 1 MB
    assert row["http_status"] == 413 and row["body_size"] < 512 * 1024 and len(row["body"]) <= 4096


def test_unparsable_json_is_400_and_quarantined(receiver):
    response = receiver.deliver(b"{not json")
    assert response.status_code == 400
    row = receiver.quarantined()[0]
    assert row["http_status"] == 400 and bytes(row["body"]) == b"{not json"


def test_payload_without_id_is_400_and_quarantined(receiver):
    response = receiver.deliver(b'{"status":"processing"}')
    assert response.status_code == 400 and "id" in receiver.quarantined()[0]["reason"]


def test_duplicate_deliveries_make_one_event(receiver):
    body = order_body()
    answers = [receiver.deliver(body) for _ in range(3)]
    assert [loads(a)["outcome"] for a in answers] == ["new", "duplicate", "duplicate"]
    assert len(receiver.outbox.list_events()) == 1


def test_out_of_order_older_version_makes_no_second_event(receiver):
    receiver.deliver(order_body(modified="2024-05-01T10:00:09"))
    late = receiver.deliver(order_body(modified="2024-05-01T10:00:00"))
    assert late.status_code == 200 and loads(late)["outcome"] == "stale"
    assert [e.version for e in receiver.outbox.list_events()] == ["2024-05-01T10:00:09"]


def test_deleted_topic_without_version_is_ingested(receiver):
    response = receiver.deliver(b'{"id":25}', topic="customer.deleted")
    event = receiver.outbox.get_event(loads(response)["event_id"])
    assert (event.resource, event.resource_id, event.version) == ("customer", 25, "")


def test_unknown_topic_is_202_and_not_stored(receiver):
    response = receiver.deliver(b'{"id":5,"name":"Mug"}', topic="product.updated")
    assert response.status_code == 202
    assert receiver.outbox.list_events() == [] and receiver.quarantined() == []


def test_signed_companion_alert_is_stored_and_answered_200(receiver):
    alert = {"event": "webhook_disabled", "webhook_id": 142, "topic": "order.updated", "site": "https://shop/",
             "delivery_url": "https://c/webhooks/woocommerce", "failure_count": 6,
             "occurred_at": "2024-05-01T10:00:00Z"}
    body = json.dumps(alert).encode()
    response = receiver.client.post(receiver.url + ALERT_PATH, content=body, headers=signed_headers(body))
    assert response.status_code == 200
    row = receiver.outbox.table_rows("alerts")[0]
    assert (row["source"], row["event"], row["webhook_id"]) == ("companion", "webhook_disabled", 142)


def test_companion_alert_with_bad_signature_is_401_and_quarantined(receiver):
    body = b'{"event":"webhook_disabled","webhook_id":1}'
    response = receiver.client.post(receiver.url + ALERT_PATH, content=body,
                                    headers={"X-WC-Webhook-Signature": "AAAA", "Content-Type": "application/json"})
    assert response.status_code == 401
    assert receiver.quarantined()[0]["http_status"] == 401 and receiver.outbox.table_rows("alerts") == []


def test_answer_body_is_tiny_json(receiver):
    response = receiver.deliver(order_body())
    assert response.headers["content-type"].startswith("application/json") and len(response.content) < 100


def test_registered_secret_in_any_header_never_reaches_a_quarantine_row(receiver):
    from core.redact import forget_secret, register_secrets

    register_secrets([SECRET])
    try:
        headers = {"Authorization": f"Bearer {SECRET}", "X-Debug": f"secret={SECRET}"}
        receiver.client.post(receiver.url + PATH, content=b"x", headers=headers)
    finally:
        forget_secret(SECRET)
    assert SECRET not in receiver.quarantined()[0]["headers"]
