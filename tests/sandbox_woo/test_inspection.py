"""The /_sandbox inspection API drives the store from another process, and is off unless enabled."""

from __future__ import annotations

import httpx

from core.sandbox.woo import WooSandbox


def test_inspection_generates_mutates_and_lists_deliveries(receiver):
    store = WooSandbox(seed=9, delivery_delay=0.0, inspection=True)
    with store.run_in_thread() as url, httpx.Client(base_url=url + "/_sandbox", timeout=10) as control:
        store.add_webhook("order.updated", receiver.url, "s")
        made = control.post("/generate", json={"customers": 3, "orders": 4, "refunds": 0}).json()
        assert control.post("/sender", json={"flush": 5}).json()["idle"] is True
        before = len(control.get("/deliveries").json())
        oid = made["orders"][0]
        assert control.post(f"/orders/{oid}", json={"status": "cancelled"}).json()["status"] == "cancelled"
        assert control.post("/sender", json={"flush": 5}).json()["idle"] is True
        log = control.get("/deliveries").json()[before:]
        assert [(d["kind"], d["resource_id"], d["status_code"]) for d in log] == [("delivery", oid, 200)]
        assert control.get("/webhooks").json()[0]["failure_count"] == 0


def test_inspection_can_force_failures_from_outside(receiver):
    store = WooSandbox(seed=9, delivery_delay=0.0)
    with store.run_in_thread() as url, httpx.Client(base_url=url + "/_sandbox", timeout=10) as control:
        hook = store.add_webhook("customer.created", receiver.url, "s")
        control.post("/sender", json={"fail_next": 2})
        for name in ("A", "B"):
            control.post("/customers", json={"first_name": name, "last_name": "X"})
        control.post("/sender", json={"flush": 5})
        assert hook.failure_count == 2 and receiver.deliveries == []


def test_inspection_routes_are_absent_unless_enabled():
    store = WooSandbox(inspection=False)
    with store.run_in_thread() as url:
        response = httpx.post(url + "/_sandbox/generate", json={"orders": 1})
        assert response.status_code == 404 and response.json()["code"] == "rest_no_route"
