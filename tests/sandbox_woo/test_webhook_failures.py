"""Failure bookkeeping exactly as WC_Webhook::failed_delivery(): 7th consecutive failure disables.

The quoted code: ``if ( $failures > 5 ) { disable } else { set_failure_count( ++$failures ) }`` with
``$failures`` read before this failure, and ``set_failure_count( 0 )`` on any 200–302.
"""

from __future__ import annotations

import httpx

from core.sandbox.woo import WooSandbox

SECRET = "s"


def confirmed_hook(sandbox, receiver, topic="customer.created"):
    """A webhook whose creation ping got 200, so no re-pings interleave with deliveries."""
    hook = sandbox.add_webhook(topic, receiver.url, SECRET)
    assert hook.pending_delivery is False
    return hook


def fail_times(sandbox, n):
    for i in range(n):
        sandbox.create_customer(f"C{i}", "X")
        assert sandbox.sender.flush(5)


def test_failure_counts_5_6_then_the_7th_consecutive_failure_disables(sandbox, receiver):
    hook = confirmed_hook(sandbox, receiver)
    receiver.status = 500
    fail_times(sandbox, 5)
    assert (hook.failure_count, hook.status) == (5, "active")
    fail_times(sandbox, 1)
    assert (hook.failure_count, hook.status) == (6, "active")
    fail_times(sandbox, 1)
    assert (hook.failure_count, hook.status) == (6, "disabled")
    assert len(receiver.deliveries) == 7  # the 7th attempt is sent, then the webhook is disabled


def test_disabling_fires_the_disabled_callback_once(sandbox, receiver):
    disabled = []
    sandbox.sender.on_disabled(disabled.append)
    hook = confirmed_hook(sandbox, receiver)
    receiver.status = 404
    fail_times(sandbox, 7)
    assert disabled == [hook.id]


def test_a_success_resets_the_failure_count(sandbox, receiver):
    hook = confirmed_hook(sandbox, receiver)
    receiver.script = [500, 500, 500, 200]
    fail_times(sandbox, 3)
    assert hook.failure_count == 3
    fail_times(sandbox, 1)
    assert hook.failure_count == 0


def test_300_to_302_count_as_success_and_303_as_failure(sandbox, receiver):
    hook = confirmed_hook(sandbox, receiver)
    receiver.script = [302, 303]
    fail_times(sandbox, 1)
    assert hook.failure_count == 0
    fail_times(sandbox, 1)
    assert hook.failure_count == 1


def test_transport_errors_are_failures():
    store = WooSandbox(delivery_delay=0.0, delivery_timeout=0.5)
    with store.run_in_thread():
        hook = store.add_webhook("customer.created", "http://127.0.0.1:9/closed", SECRET, ping=False)
        store.create_customer("A", "B")
        assert store.sender.flush(5)
        attempt = store.sender.deliveries(hook.id)[0]
        assert attempt.status_code is None and attempt.error and hook.failure_count == 1


def test_reenabling_keeps_the_count_so_one_more_failure_disables_again(sandbox, api, receiver):
    hook = confirmed_hook(sandbox, receiver)
    receiver.status = 500
    fail_times(sandbox, 7)
    assert hook.status == "disabled"
    assert api.put(f"/webhooks/{hook.id}", json={"status": "active"}).json()["status"] == "active"
    assert hook.failure_count == 6
    fail_times(sandbox, 1)
    assert hook.status == "disabled"


def test_events_while_disabled_are_never_delivered_even_after_reenabling(sandbox, api, receiver):
    hook = sandbox.add_webhook("customer.created", receiver.url, SECRET)
    sandbox.set_webhook_status(hook.id, "disabled")
    missed = sandbox.create_customer("Missed", "X")["id"]
    assert sandbox.sender.flush(5)
    api.put(f"/webhooks/{hook.id}", json={"status": "active"})
    later = sandbox.create_customer("Later", "X")["id"]
    assert sandbox.sender.flush(5)
    assert [httpx.Response(200, content=d.body).json()["id"] for d in receiver.deliveries] == [later]
    assert missed != later


def test_paused_webhooks_queue_nothing(sandbox, receiver):
    hook = sandbox.add_webhook("customer.created", receiver.url, SECRET)
    sandbox.set_webhook_status(hook.id, "paused")
    sandbox.create_customer("A", "B")
    assert sandbox.sender.flush(5)
    assert receiver.deliveries == [] and sandbox.sender.deliveries(hook.id) == []


def test_jobs_queued_before_a_disable_are_still_sent(sandbox, receiver):
    hook = sandbox.add_webhook("customer.created", receiver.url, SECRET)
    sandbox.sender.hold()
    sandbox.create_customer("A", "B")
    sandbox.set_webhook_status(hook.id, "disabled")
    sandbox.sender.release()
    assert sandbox.sender.wait_idle(5)
    assert len(receiver.deliveries) == 1


def test_no_retries_after_a_failure(sandbox, receiver):
    hook = confirmed_hook(sandbox, receiver)
    receiver.status = 503
    fail_times(sandbox, 1)
    receiver.status = 200
    sandbox.sender.flush(0.3)
    assert len(receiver.deliveries) == 1 and len(sandbox.sender.deliveries(hook.id)) == 1


def test_fail_next_simulates_a_transport_failure_without_sending(sandbox, receiver):
    hook = confirmed_hook(sandbox, receiver)
    sandbox.sender.fail_next(1)
    fail_times(sandbox, 1)
    assert hook.failure_count == 1 and receiver.deliveries == []


def test_a_pending_webhook_is_pinged_again_after_each_delivery(sandbox, receiver):
    receiver.script = [500]  # the creation ping fails, later requests succeed
    hook = sandbox.add_webhook("customer.created", receiver.url, SECRET)
    assert hook.pending_delivery
    fail_times(sandbox, 1)
    assert len(receiver.pings) == 2 and hook.pending_delivery is False
