"""The REST v3 routes (``/wp-json/wc/v3``) of the fake store, as Starlette endpoints.

Each endpoint authenticates first (``auth.py``), answers anonymous requests with the route's
permission error, validates arguments like WordPress core (``params.py``) and renders every body —
success or ``{code, message, data}`` error — with the PHP-compatible encoder, as WordPress does.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.sandbox.woo import params, phpjson
from core.sandbox.woo.auth import Authenticator, AuthFailure, permission_error
from core.sandbox.woo.errors import RestError
from core.sandbox.woo.listing import select_customers, select_orders
from core.sandbox.woo.readcache import selection_key
from core.sandbox.woo.registry import WebhookRegistry
from core.sandbox.woo.sender import WebhookSender
from core.sandbox.woo.store import WooStore
from core.sandbox.woo.webhooks import STATUSES, webhook_json

PREFIX = "/wp-json/wc/v3"
Handler = Callable[[Request], Awaitable[Response]]


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(phpjson.dumps(data), status, headers, media_type="application/json; charset=UTF-8")


def error_response(err: RestError) -> Response:
    headers = err.headers if isinstance(err, AuthFailure) else None
    return json_response(err.to_json(), err.status, headers)


async def body_params(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    if "json" in request.headers.get("content-type", ""):
        try:
            data = json.loads(raw)
        except ValueError:
            raise RestError("rest_invalid_json", "Invalid JSON body passed.", 400) from None
        return data if isinstance(data, dict) else {}
    return dict(parse_qsl(raw.decode("utf-8", "replace")))


FORM_TYPE = "application/x-www-form-urlencoded"


async def form_pairs(request: Request) -> list[tuple[str, str]]:
    """The decoded pairs of a form-encoded body: what PHP puts in ``$_POST`` (other bodies: nothing)."""
    if not request.headers.get("content-type", "").lower().startswith(FORM_TYPE):
        return []
    return parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)


async def request_params(request: Request) -> dict[str, Any]:
    """``WP_REST_Request::get_param`` order for a write: the body (JSON or form) over the query string."""
    query = {k: v for k, v in request.query_params.multi_items()}
    return {**query, **await body_params(request)}


# The webhook routes' args: the item schema's writable fields (WordPress validates them before WooCommerce's
# code runs; ``status`` is an enum of ``wc_get_webhook_statuses()``); POST adds required topic/delivery_url.
EDIT_ARGS = {"name": params.Arg(), "status": params.Arg(enum=STATUSES), "topic": params.Arg(),
             "secret": params.Arg()}
CREATE_ARGS = {**EDIT_ARGS, "topic": params.Arg(required=True), "delivery_url": params.Arg(required=True)}


class RestApi:
    """Binds the store, webhook registry, sender and authenticator to the v3 routes."""

    def __init__(self, store: WooStore, registry: WebhookRegistry, sender: WebhookSender, auth: Authenticator,
                 latency: Callable[[], float] = lambda: 0.0) -> None:
        self.store, self.registry, self.sender, self.auth = store, registry, sender, auth
        self.latency = latency

    def guarded(self, action: str, handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            started = time.monotonic()
            try:
                query = list(request.query_params.multi_items())
                ok = self.auth.authenticate(request.method, str(request.url), query, request.headers,
                                            await form_pairs(request))
                if not ok:
                    raise permission_error(action)
                response = await handler(request)
            except RestError as err:
                response = error_response(err)
            await self._pad(started)
            return response
        return endpoint

    async def _pad(self, started: float) -> None:
        """Hold the answer until ``latency`` has passed since the request arrived.

        ``latency`` stands for the store's whole response time (PHP, MySQL, network), so the sandbox's own work
        counts toward it instead of adding to it: a page that took 20 ms to build is answered at ``latency``,
        not at ``latency`` + 20 ms. Only work longer than ``latency`` makes an answer later.
        """
        remaining = self.latency() - (time.monotonic() - started)
        if remaining > 0:
            await asyncio.sleep(remaining)

    def routes(self) -> list[Route]:
        g = self.guarded
        return [
            Route(f"{PREFIX}/orders", g("list", self.list_orders), methods=["GET"]),
            Route(f"{PREFIX}/orders/{{id:int}}", g("view", self.get_order), methods=["GET"]),
            Route(f"{PREFIX}/orders/{{id:int}}/refunds", g("list", self.list_refunds), methods=["GET"]),
            Route(f"{PREFIX}/orders/{{id:int}}/refunds/{{rid:int}}", g("view", self.get_refund), methods=["GET"]),
            Route(f"{PREFIX}/customers", g("list", self.list_customers), methods=["GET"]),
            Route(f"{PREFIX}/customers/{{id:int}}", g("view", self.get_customer), methods=["GET"]),
            Route(f"{PREFIX}/products/categories", g("list", self.list_categories), methods=["GET"]),
            Route(f"{PREFIX}/products/categories/{{id:int}}", g("view", self.get_category), methods=["GET"]),
            Route(f"{PREFIX}/products", g("list", self.list_products), methods=["GET"]),
            Route(f"{PREFIX}/products/{{id:int}}", g("view", self.get_product), methods=["GET"]),
            Route(f"{PREFIX}/webhooks", g("list", self.list_webhooks), methods=["GET"]),
            Route(f"{PREFIX}/webhooks", g("create", self.create_webhook), methods=["POST"]),
            Route(f"{PREFIX}/webhooks/{{id:int}}", g("view", self.get_webhook), methods=["GET"]),
            Route(f"{PREFIX}/webhooks/{{id:int}}", g("edit", self.update_webhook), methods=["PUT", "POST", "PATCH"]),
            Route(f"{PREFIX}/webhooks/{{id:int}}", g("delete", self.delete_webhook), methods=["DELETE"]),
        ]

    def _page(self, request: Request, items: list[Any], render: Callable[[Any], Any]) -> Response:
        query = list(request.query_params.multi_items())
        url = f"{request.url.scheme}://{request.url.netloc}{request.url.path}"
        page, headers = params.paginate(items, params.page_args(query), url, query)
        with self.store.lock:
            return json_response([render(x) for x in page], headers=headers)

    # --- orders, refunds ----------------------------------------------------------------------------
    async def list_orders(self, request: Request) -> Response:
        query = list(request.query_params.multi_items())
        params.page_args(query)  # validate before the (bigger) query
        with self.store.lock:
            picked = self.store.selections.get(selection_key("orders", query), lambda: select_orders(
                self.store.orders.values(), query, self.store.site))
        return self._page(request, picked, lambda o: self.store.order_json(o.id))

    async def get_order(self, request: Request) -> Response:
        return json_response(self.store.order_json(request.path_params["id"]))

    async def list_refunds(self, request: Request) -> Response:
        return self._page(request, self.store.refunds_json(request.path_params["id"]), lambda r: r)

    async def get_refund(self, request: Request) -> Response:
        for refund in self.store.refunds_json(request.path_params["id"]):
            if refund["id"] == request.path_params["rid"]:
                return json_response(refund)
        raise RestError("woocommerce_rest_invalid_id", "Invalid ID.", 404)

    # --- customers, products ------------------------------------------------------------------------
    async def list_customers(self, request: Request) -> Response:
        query = list(request.query_params.multi_items())
        with self.store.lock:
            picked = select_customers(self.store.customers.values(), query)
        return self._page(request, picked, lambda c: self.store.customer_json(c.id))

    async def get_customer(self, request: Request) -> Response:
        return json_response(self.store.customer_json(request.path_params["id"]))

    async def list_products(self, request: Request) -> Response:
        query = list(request.query_params.multi_items())
        include, category = params.ids(query, "include"), params.ids(query, "category")
        with self.store.lock:
            picked = sorted((p for p in self.store.products.values()
                             if (not include or p.id in include)
                             and (not category or set(category) & set(p.category_ids))),
                            key=lambda p: p.id, reverse=True)
        return self._page(request, picked, lambda p: self.store.product_json(p.id))

    async def get_product(self, request: Request) -> Response:
        return json_response(self.store.product_json(request.path_params["id"]))

    async def list_categories(self, request: Request) -> Response:
        with self.store.lock:
            cats = sorted(self.store.categories.values(), key=lambda c: c.name)
        return self._page(request, cats, lambda c: self.store.category_json(c.id))

    async def get_category(self, request: Request) -> Response:
        return json_response(self.store.category_json(request.path_params["id"]))

    # --- webhooks -----------------------------------------------------------------------------------
    async def list_webhooks(self, request: Request) -> Response:
        query = list(request.query_params.multi_items())
        status = params.choice(query, "status", ("all", *STATUSES), "all")
        return self._page(request, self.registry.listing(status), lambda h: webhook_json(h, self.store.payloads))

    async def get_webhook(self, request: Request) -> Response:
        return json_response(webhook_json(self.registry.get(request.path_params["id"]), self.store.payloads))

    async def create_webhook(self, request: Request) -> Response:
        """201 with Location; a valid ``status`` in the body is ignored (always active); then a synchronous ping."""
        data = await request_params(request)
        params.validate_args(data, CREATE_ARGS)
        hook = self.registry.create(data.get("topic"), data.get("delivery_url"), data.get("secret"), data.get("name"))
        response = json_response(webhook_json(hook, self.store.payloads), 201,
                                 {"Location": f"{PREFIX}/webhooks/{hook.id}"})
        await run_in_threadpool(self.sender.ping, hook.id)
        return response

    async def update_webhook(self, request: Request) -> Response:
        hook_id = request.path_params["id"]
        data = await request_params(request)
        params.validate_args(data, EDIT_ARGS)
        if self.registry.update(hook_id, data):
            await run_in_threadpool(self.sender.ping, hook_id)
        return json_response(webhook_json(self.registry.get(hook_id), self.store.payloads))

    async def delete_webhook(self, request: Request) -> Response:
        if not params.boolean(list(request.query_params.multi_items()), "force"):
            raise RestError("woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.", 501)
        return json_response(webhook_json(self.registry.delete(request.path_params["id"]), self.store.payloads))
