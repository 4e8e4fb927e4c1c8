"""Webhook delivery as class-wc-webhook.php does it: headers, signed body built at send time, topics."""

from __future__ import annotations

import json
import re

from core.sandbox.woo import php_json_dumps, signature

SECRET = "wc_test_secret"


def test_delivery_carries_user_agent_content_type_and_the_seven_x_wc_headers(sandbox, receiver, product):
    hook = sandbox.add_webhook("order.created", receiver.url, SECRET)
    oid = sandbox.create_order([(product, 1)], billing={"country": "US"})["id"]
    assert sandbox.sender.flush(5)
    h = receiver.deliveries[0].headers
    assert re.fullmatch(r"WooCommerce/[\d.]+ Hookshot \(WordPress/[\d.]+\)", h["user-agent"])
    assert h["content-type"] == "application/json"
    assert h["x-wc-webhook-source"] == sandbox.url + "/"
    assert (h["x-wc-webhook-topic"], h["x-wc-webhook-resource"], h["x-wc-webhook-event"]) == (
        "order.created", "order", "created")
    assert h["x-wc-webhook-id"] == str(hook.id)
    assert re.fullmatch(r"[0-9a-f]{32}", h["x-wc-webhook-delivery-id"])
    assert json.loads(receiver.deliveries[0].body)["id"] == oid


def test_signature_is_base64_hmac_sha256_of_the_exact_bytes_sent(sandbox, receiver, product):
    sandbox.add_webhook("order.created", receiver.url, SECRET)
    sandbox.create_order([(product, 1)], billing={"country": "US"})
    assert sandbox.sender.flush(5)
    got = receiver.deliveries[0]
    assert got.headers["x-wc-webhook-signature"] == signature(got.body, SECRET)


def test_body_is_the_rest_json_of_the_resource_encoded_like_php(sandbox, api, receiver):
    sandbox.add_webhook("customer.created", receiver.url, SECRET)
    cid = sandbox.create_customer("João", "Silva")["id"]
    assert sandbox.sender.flush(5)
    body = receiver.deliveries[0].body
    assert body == php_json_dumps(api.get(f"/customers/{cid}").json())
    assert b"\\u00e3" in body and b"\\/" in body


def test_payload_is_built_at_send_time_not_event_time(sandbox, receiver, product):
    sandbox.add_webhook("order.created", receiver.url, SECRET)
    sandbox.sender.hold()
    oid = sandbox.create_order([(product, 1)], billing={"country": "US"}, status="pending")["id"]
    sandbox.update_order(oid, status="completed")
    sandbox.sender.release()
    assert sandbox.sender.wait_idle(5)
    assert json.loads(receiver.deliveries[0].body)["status"] == "completed"


def test_repeated_events_merge_while_the_job_is_pending(sandbox, receiver, product):
    hook = sandbox.add_webhook("order.updated", receiver.url, SECRET)
    oid = sandbox.create_order([(product, 1)], billing={"country": "US"})["id"]
    sandbox.sender.hold()
    for note in ("a", "b", "c"):
        sandbox.update_order(oid, customer_note=note)
    sandbox.sender.release()
    assert sandbox.sender.wait_idle(5)
    assert len(sandbox.sender.deliveries(hook.id)) == 1
    assert json.loads(receiver.deliveries[0].body)["customer_note"] == "c"


def test_trash_sends_order_deleted_with_only_the_id(sandbox, receiver, product):
    sandbox.add_webhook("order.deleted", receiver.url, SECRET)
    oid = sandbox.create_order([(product, 1)], billing={"country": "US"})["id"]
    sandbox.trash_order(oid)
    assert sandbox.sender.flush(5)
    assert receiver.deliveries[0].body == f'{{"id":{oid}}}'.encode()


def test_restore_sends_order_restored_with_the_order(sandbox, receiver, product):
    sandbox.add_webhook("order.restored", receiver.url, SECRET)
    oid = sandbox.create_order([(product, 1)], billing={"country": "US"}, status="completed")["id"]
    sandbox.trash_order(oid)
    sandbox.restore_order(oid)
    assert sandbox.sender.flush(5)
    assert json.loads(receiver.deliveries[0].body)["status"] == "completed"


def test_refund_sends_order_updated_with_the_parent_order_and_refunds_summary(sandbox, receiver, product):
    sandbox.add_webhook("order.updated", receiver.url, SECRET)
    oid = sandbox.create_order([(product, 2)], billing={"country": "US"})["id"]
    refund = sandbox.refund_order(oid, amount="1.50", reason="Damaged")
    assert sandbox.sender.flush(5)
    body = json.loads(receiver.deliveries[0].body)
    assert body["id"] == oid
    assert body["refunds"] == [{"id": refund["id"], "reason": "Damaged", "total": "-1.50"}]


def test_customer_deleted_sends_only_the_id(sandbox, receiver):
    sandbox.add_webhook("customer.deleted", receiver.url, SECRET)
    cid = sandbox.create_customer("A", "B")["id"]
    sandbox.delete_customer(cid)
    assert sandbox.sender.flush(5)
    assert receiver.deliveries[0].body == f'{{"id":{cid}}}'.encode()


def test_duplicate_next_delivers_the_next_event_twice(sandbox, receiver):
    hook = sandbox.add_webhook("customer.created", receiver.url, SECRET)
    sandbox.sender.duplicate_next(1)
    sandbox.create_customer("A", "B")
    sandbox.create_customer("C", "D")
    assert sandbox.sender.flush(5)
    ids = [json.loads(d.body)["id"] for d in receiver.deliveries]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]
    assert len(sandbox.sender.deliveries(hook.id)) == 3


def test_release_in_reverse_delivers_out_of_order(sandbox, receiver):
    sandbox.add_webhook("customer.created", receiver.url, SECRET)
    sandbox.sender.hold()
    made = [sandbox.create_customer(n, "X")["id"] for n in ("A", "B", "C")]
    assert not sandbox.sender.wait_idle(0.2)
    assert receiver.deliveries == []
    sandbox.sender.release(reverse=True)
    assert sandbox.sender.wait_idle(5)
    assert [json.loads(d.body)["id"] for d in receiver.deliveries] == made[::-1]


def test_delivery_log_records_status_code_and_time(sandbox, receiver):
    receiver.status = 204
    hook = sandbox.add_webhook("customer.created", receiver.url, SECRET)
    sandbox.create_customer("A", "B")
    assert sandbox.sender.flush(5)
    attempt = sandbox.sender.deliveries(hook.id)[0]
    assert attempt.status_code == 204 and attempt.success and attempt.started > 0 and attempt.duration >= 0


def test_ping_is_a_form_post_with_only_the_user_agent(sandbox, receiver):
    hook = sandbox.add_webhook("order.created", receiver.url, SECRET)
    ping = receiver.pings[0]
    assert ping.body == f"webhook_id={hook.id}".encode()
    assert ping.headers["content-type"] == "application/x-www-form-urlencoded"
    assert ping.headers["user-agent"].startswith("WooCommerce/")
    assert not [k for k in ping.headers if k.startswith("x-wc-")]
    assert sandbox.webhook(hook.id).pending_delivery is False


def test_only_an_exact_200_ping_clears_pending_delivery(sandbox, receiver):
    receiver.status = 201
    hook = sandbox.add_webhook("order.created", receiver.url, SECRET)
    assert sandbox.webhook(hook.id).pending_delivery is True
    assert sandbox.webhook(hook.id).failure_count == 0
