"""The /webhooks endpoints: create, list, update, delete, as WooCommerce's v1–v3 controllers behave."""

from __future__ import annotations


def test_create_is_201_active_with_location_even_when_status_paused_is_sent(api, receiver):
    response = api.post("/webhooks", json={"topic": "order.updated", "delivery_url": receiver.url,
                                           "secret": "s", "status": "paused"})
    assert response.status_code == 201
    assert response.headers["Location"].endswith(f"/webhooks/{response.json()['id']}")
    assert response.json()["status"] == "active"


def test_create_pings_synchronously(api, receiver):
    hook = api.post("/webhooks", json={"topic": "order.updated", "delivery_url": receiver.url}).json()
    assert [p.body for p in receiver.pings] == [f"webhook_id={hook['id']}".encode()]


def test_webhook_json_never_shows_secret_or_failure_count(api, receiver):
    hook = api.post("/webhooks", json={"topic": "order.created", "delivery_url": receiver.url, "secret": "s"}).json()
    shown = api.get(f"/webhooks/{hook['id']}").json()
    assert not {"secret", "failure_count", "pending_delivery", "api_version"} & set(shown)


def test_invalid_topic_is_400(api, receiver):
    body = api.post("/webhooks", json={"topic": "customer.restored", "delivery_url": receiver.url}).json()
    assert body["code"] == "woocommerce_rest_shop_webhook_invalid_topic" and body["data"]["status"] == 400


def test_list_filters_by_status(sandbox, api, receiver):
    a = sandbox.add_webhook("order.created", receiver.url, "s")
    sandbox.add_webhook("order.updated", receiver.url, "s")
    api.put(f"/webhooks/{a.id}", json={"status": "paused"})
    assert [h["id"] for h in api.get("/webhooks", params={"status": "paused"}).json()] == [a.id]
    assert len(api.get("/webhooks").json()) == 2


def test_invalid_status_on_update_is_wordpress_rest_invalid_param(sandbox, api, receiver):
    hook = sandbox.add_webhook("order.created", receiver.url, "s")
    response = api.put(f"/webhooks/{hook.id}", json={"status": "sleeping"})
    assert response.status_code == 400
    assert response.json() == {"code": "rest_invalid_param", "message": "Invalid parameter(s): status",
                               "data": {"status": 400, "params": {
                                   "status": "status is not one of active, paused, and disabled."}}}
    assert sandbox.webhook(hook.id).status == "active"


def test_invalid_status_is_refused_before_the_id_is_looked_up(api):
    assert api.put("/webhooks/999", json={"status": "sleeping"}).json()["code"] == "rest_invalid_param"


def test_invalid_status_on_create_is_rest_invalid_param(api, receiver):
    body = api.post("/webhooks", json={"topic": "order.updated", "delivery_url": receiver.url,
                                       "status": "on"}).json()
    assert body["code"] == "rest_invalid_param" and list(body["data"]["params"]) == ["status"]


def test_create_without_topic_is_missing_callback_param(api, receiver):
    body = api.post("/webhooks", json={"delivery_url": receiver.url}).json()
    assert body == {"code": "rest_missing_callback_param", "message": "Missing parameter(s): topic",
                    "data": {"status": 400, "params": ["topic"]}}


def test_get_of_an_unknown_webhook_is_400_id_is_invalid(api):
    response = api.get("/webhooks/999")
    assert response.status_code == 400
    assert response.json() == {"code": "woocommerce_rest_shop_webhook_invalid_id", "message": "ID is invalid.",
                               "data": {"status": 400}}


def test_put_of_an_unknown_webhook_is_400_id_is_invalid(api):
    response = api.put("/webhooks/999", json={"status": "active"})
    assert response.status_code == 400 and response.json()["message"] == "ID is invalid."


def test_delete_of_an_unknown_webhook_is_404_invalid_id_after_the_force_check(api):
    assert api.delete("/webhooks/999").status_code == 501
    response = api.delete("/webhooks/999", params={"force": "true"})
    assert response.status_code == 404
    assert (response.json()["code"], response.json()["message"]) == ("woocommerce_rest_shop_webhook_invalid_id",
                                                                     "Invalid ID.")


def test_delete_without_force_is_501_trash_not_supported(sandbox, api, receiver):
    hook = sandbox.add_webhook("order.created", receiver.url, "s")
    response = api.delete(f"/webhooks/{hook.id}")
    assert response.status_code == 501
    assert response.json()["code"] == "woocommerce_rest_trash_not_supported"
    assert api.get(f"/webhooks/{hook.id}").status_code == 200


def test_delete_with_force_removes_it(sandbox, api, receiver):
    hook = sandbox.add_webhook("order.created", receiver.url, "s")
    assert api.delete(f"/webhooks/{hook.id}", params={"force": "true"}).status_code == 200
    assert api.get(f"/webhooks/{hook.id}").status_code == 400


def test_reenabling_pings_only_while_delivery_is_still_pending(sandbox, api, receiver):
    receiver.script = [500]  # the creation ping fails: pending_delivery stays true
    hook = sandbox.add_webhook("order.created", receiver.url, "s")
    api.put(f"/webhooks/{hook.id}", json={"status": "paused"})
    api.put(f"/webhooks/{hook.id}", json={"status": "active"})
    assert len(receiver.pings) == 2 and hook.pending_delivery is False
    api.put(f"/webhooks/{hook.id}", json={"status": "active"})
    assert len(receiver.pings) == 2
