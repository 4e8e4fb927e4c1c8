"""``/_sandbox/...``: drive the fake store from another process (demo, CLI, benchmark).

Off unless the sandbox is built with ``inspection=True``; never authenticated (127.0.0.1 only).

- ``POST /_sandbox/generate`` ``{"customers":N,"orders":N,"refunds":N}``
- ``POST /_sandbox/customers`` ``{"first_name","last_name","email"?,"billing"?}``;
  ``POST /_sandbox/customers/<id>`` changes; ``DELETE /_sandbox/customers/<id>``
- ``POST /_sandbox/orders`` ``{"lines":[[product_id, qty], …], "customer_id"?, "billing"?, "status"?,
  "shipping"?, "fees"?:[[name, amount]], "coupon"?:[code, percent]}``
- ``POST /_sandbox/orders/<id>`` changes; ``…/<id>/refund`` ``{"amount"?, "lines"?:{item_id: qty}, "reason"?}``;
  ``…/<id>/trash``; ``…/<id>/restore``
- ``POST /_sandbox/sender`` ``{"hold":true}``, ``{"release":"reverse"|"in_order"}``, ``{"duplicate_next":n}``,
  ``{"fail_next":n}``, ``{"flush":seconds}``; ``GET /_sandbox/deliveries`` (the attempt log)
- ``GET /_sandbox/webhooks``: webhooks *with* their bookkeeping (failure_count, pending_delivery)
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core.sandbox.woo.errors import RestError
from core.sandbox.woo.generator import Generator
from core.sandbox.woo.orders import OrderSpec
from core.sandbox.woo.rest import error_response, json_response
from core.sandbox.woo.sender import WebhookSender
from core.sandbox.woo.store import WooStore


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    data = json.loads(raw) if raw else {}
    return data if isinstance(data, dict) else {}


def order_spec(data: dict[str, Any]) -> OrderSpec:
    """An ``OrderSpec`` from inspection JSON (amounts as strings or numbers)."""
    spec = OrderSpec(lines=[tuple(line) for line in data.get("lines", [])],  # type: ignore[misc]
                     customer_id=int(data.get("customer_id", 0)), billing=data.get("billing", {}),
                     status=data.get("status", "processing"), currency=data.get("currency", "USD"))
    if "shipping" in data:
        spec.shipping = None if data["shipping"] is None else Decimal(str(data["shipping"]))
    spec.fees = [(name, Decimal(str(amount))) for name, amount in data.get("fees", [])]
    if data.get("coupon"):
        spec.coupon = (str(data["coupon"][0]), int(data["coupon"][1]))
    return spec


class Inspection:
    """Routes that mutate the store and steer the sender on behalf of another process."""

    def __init__(self, store: WooStore, sender: WebhookSender, seed: int) -> None:
        self.store, self.sender, self.seed = store, sender, seed

    def routes(self) -> list[Route]:
        def r(path: str, fn: Any, method: str = "POST") -> Route:
            return Route(f"/_sandbox{path}", self._wrap(fn), methods=[method])
        return [
            r("/generate", self.generate), r("/customers", self.create_customer),
            r("/customers/{id:int}", self.update_customer), r("/customers/{id:int}", self.delete_customer, "DELETE"),
            r("/orders", self.create_order), r("/orders/{id:int}", self.update_order),
            r("/orders/{id:int}/refund", self.refund), r("/orders/{id:int}/trash", self.trash),
            r("/orders/{id:int}/restore", self.restore), r("/sender", self.steer),
            r("/deliveries", self.deliveries, "GET"), r("/webhooks", self.webhooks, "GET"),
        ]

    def _wrap(self, fn: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                result = await run_in_threadpool(fn, request.path_params.get("id", 0), await _body(request))
                return json_response(result)
            except RestError as err:
                return error_response(err)
            except (ValueError, TypeError, KeyError) as exc:
                return JSONResponse({"code": "sandbox_bad_request", "message": str(exc)}, 400)
        return endpoint

    def generate(self, _: int, data: dict[str, Any]) -> Any:
        gen = Generator(self.store, int(data.get("seed", self.seed)))
        return gen.run(int(data.get("customers", 0)), int(data.get("orders", 0)), int(data.get("refunds", 0)))

    def create_customer(self, _: int, data: dict[str, Any]) -> Any:
        return self.store.create_customer(data["first_name"], data["last_name"], data.get("email"),
                                          data.get("billing"))

    def update_customer(self, cid: int, data: dict[str, Any]) -> Any:
        return self.store.update_customer(cid, **data)

    def delete_customer(self, cid: int, _: dict[str, Any]) -> Any:
        return self.store.delete_customer(cid)

    def create_order(self, _: int, data: dict[str, Any]) -> Any:
        return self.store.create_order(order_spec(data))

    def update_order(self, oid: int, data: dict[str, Any]) -> Any:
        return self.store.update_order(oid, **data)

    def refund(self, oid: int, data: dict[str, Any]) -> Any:
        lines = {int(k): int(v) for k, v in (data.get("lines") or {}).items()}
        amount = data.get("amount")
        return self.store.refund_order(oid, None if amount is None else Decimal(str(amount)), lines or None,
                                       data.get("reason", ""))

    def trash(self, oid: int, _: dict[str, Any]) -> Any:
        return self.store.trash_order(oid)

    def restore(self, oid: int, _: dict[str, Any]) -> Any:
        return self.store.restore_order(oid)

    def steer(self, _: int, data: dict[str, Any]) -> Any:
        if data.get("hold"):
            self.sender.hold()
        if data.get("release"):
            self.sender.release(reverse=data["release"] == "reverse")
        self.sender.duplicate_next(int(data.get("duplicate_next", 0)))
        self.sender.fail_next(int(data.get("fail_next", 0)))
        idle = self.sender.flush(float(data["flush"])) if "flush" in data else None
        return {"pending": self.sender.pending(), "idle": idle}

    def deliveries(self, _: int, __: dict[str, Any]) -> Any:
        return [{"kind": a.kind, "webhook_id": a.webhook_id, "topic": a.topic, "resource_id": a.resource_id,
                 "status_code": a.status_code, "error": a.error, "success": a.success, "disabled": a.disabled,
                 "started": a.started, "duration": a.duration,
                 "delivery_id": a.request.headers.get("X-WC-Webhook-Delivery-ID", "")} for a in list(self.sender.log)]

    def webhooks(self, _: int, __: dict[str, Any]) -> Any:
        with self.store.lock:
            return [{"id": h.id, "topic": h.topic, "status": h.status, "delivery_url": h.delivery_url,
                     "failure_count": h.failure_count, "pending_delivery": h.pending_delivery}
                    for h in self.store.webhooks.values()]
