"""Specification: refused deliveries, pings, alerts and cursors are kept, with credentials masked."""

from __future__ import annotations

import json

from core.outbox.headers import redact_headers


def test_quarantine_masks_signature_authorization_and_cookie(outbox):
    headers = {"X-WC-Webhook-Signature": "c2lnbmF0dXJl", "Authorization": "Basic abc", "Cookie": "s=1",
               "X-WC-Webhook-Topic": "order.updated"}
    outbox.quarantine("bad signature", 401, headers, b"{}")
    row = outbox.table_rows("quarantine")[0]
    stored = json.loads(row["headers"])
    assert "c2lnbmF0dXJl" not in row["headers"] and "Basic abc" not in row["headers"]
    assert stored["x-wc-webhook-topic"] == "order.updated"
    assert (row["reason"], row["http_status"], bytes(row["body"])) == ("bad signature", 401, b"{}")


def test_header_values_holding_a_registered_secret_are_masked():
    from core.redact import forget_secret, register_secrets

    register_secrets(["sekrit-value-1"])
    try:
        assert "sekrit-value-1" not in json.dumps(redact_headers({"X-Debug": "key=sekrit-value-1"}))
    finally:
        forget_secret("sekrit-value-1")


def test_ping_is_recorded_with_its_webhook_and_not_as_an_event(outbox):
    outbox.record_ping(142, {"User-Agent": "WooCommerce/9 Hookshot"})
    assert outbox.table_rows("pings")[0]["webhook_id"] == 142
    assert outbox.table_rows("webhook_health")[0]["last_ping_at"]
    assert outbox.list_events() == []


def test_alert_is_stored_with_its_source_and_body(outbox):
    outbox.record_alert("companion", "webhook_disabled", 7, {"event": "webhook_disabled", "webhook_id": 7})
    row = outbox.table_rows("alerts")[0]
    assert (row["source"], row["event"], row["webhook_id"]) == ("companion", "webhook_disabled", 7)


def test_cursor_round_trip_and_overwrite(outbox):
    assert outbox.get_cursor("orders") is None
    outbox.set_cursor("orders", "2024-05-01T00:00:00")
    outbox.set_cursor("orders", "2024-05-02T00:00:00")
    assert outbox.get_cursor("orders") == "2024-05-02T00:00:00"


def test_signed_delivery_updates_webhook_health(outbox):
    from core.outbox import IncomingEvent

    outbox.ingest(IncomingEvent("webhook", "order.updated", "order", 1, "2024-01-01T00:00:00", b"{}", webhook_id=9))
    health = outbox.table_rows("webhook_health")[0]
    assert (health["webhook_id"], health["deliveries"], health["last_topic"]) == (9, 1, "order.updated")
