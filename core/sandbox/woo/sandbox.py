"""``WooSandbox``: the fake store, its REST API, webhook sender and test controls behind one object."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.sandbox.woo.auth import Authenticator
from core.sandbox.woo.clock import Clock, SiteTime, utc_now
from core.sandbox.woo.errors import RestError
from core.sandbox.woo.generator import Generator
from core.sandbox.woo.inspection import Inspection
from core.sandbox.woo.orders import OrderSpec
from core.sandbox.woo.payloads import Json, Payloads
from core.sandbox.woo.registry import WebhookRegistry
from core.sandbox.woo.rest import RestApi, error_response
from core.sandbox.woo.sender import WebhookSender
from core.sandbox.woo.server import bind, serve_blocking, serve_in_thread
from core.sandbox.woo.store import WooStore
from core.sandbox.woo.webhooks import Webhook


class WooSandbox:
    """A WooCommerce store in memory, served over HTTP on 127.0.0.1 (see the package docstring).

    ``behind_tls``: the store believes it is reached over HTTPS (``is_ssl()``), as WordPress does behind a
    TLS-terminating proxy that sets ``HTTPS=on``; only then are HTTP Basic and ``consumer_key`` query
    credentials tried. Off by default: over plain http only OAuth 1.0a authenticates, as in WooCommerce.
    """

    def __init__(self, seed: int = 0, consumer_key: str = "ck_sandbox", consumer_secret: str = "cs_sandbox",
                 timezone: str = "America/New_York", latency: float = 0.0, inspection: bool = True,
                 clock: Clock = utc_now, delivery_delay: float = 0.05, delivery_timeout: float = 60.0,
                 max_failures: int = 5, behind_tls: bool = False) -> None:
        self.seed, self.latency, self.inspection = seed, latency, inspection
        self.base_url = "http://127.0.0.1"
        self.payloads = Payloads(SiteTime(timezone), self.base_url)
        self.store = WooStore(self.payloads.site, clock, self.payloads)
        self.registry = WebhookRegistry(self.store, max_failures)
        self.sender = WebhookSender(self.store, self.registry, lambda: self.base_url, delivery_delay, delivery_timeout)
        self.auth = Authenticator(consumer_key, consumer_secret, https_on=behind_tls)
        self.generator = Generator(self.store, seed)

    # --- data ---------------------------------------------------------------------------------------
    def generate(self, customers: int = 50, orders: int = 150, refunds: int = 20) -> dict[str, list[int]]:
        """Deterministic customers, catalog, orders (with status changes) and refunds from the seed."""
        return self.generator.run(customers, orders, refunds)

    def create_customer(self, first_name: str, last_name: str, email: str | None = None,
                        billing: Mapping[str, str] | None = None, **kw: Any) -> Json:
        return self.store.create_customer(first_name, last_name, email, billing, **kw)

    def update_customer(self, customer_id: int, **changes: Any) -> Json:
        return self.store.update_customer(customer_id, **changes)

    def delete_customer(self, customer_id: int) -> Json:
        return self.store.delete_customer(customer_id)

    def add_category(self, name: str, parent: int = 0) -> int:
        return self.store.add_category(name, parent).id

    def add_product(self, name: str, price: Decimal | str, category_ids: tuple[int, ...] = (), sku: str = "",
                    meta: Mapping[str, Any] | None = None) -> Json:
        return self.store.add_product(name, price, category_ids, sku, meta)

    def create_order(self, lines: list[Any], created: datetime | None = None, **spec: Any) -> Json:
        """``lines``: ``[(product_id, qty[, {meta}]), …]``; other keywords are ``OrderSpec`` fields."""
        return self.store.create_order(OrderSpec(lines=lines, **spec), created)

    def update_order(self, order_id: int, **changes: Any) -> Json:
        return self.store.update_order(order_id, **changes)

    def refund_order(self, order_id: int, amount: Decimal | str | None = None,
                     lines: Mapping[int, int] | None = None, reason: str = "") -> Json:
        return self.store.refund_order(order_id, amount, lines, reason)

    def trash_order(self, order_id: int) -> Json:
        return self.store.trash_order(order_id)

    def restore_order(self, order_id: int) -> Json:
        return self.store.restore_order(order_id)

    # --- webhooks -----------------------------------------------------------------------------------
    def add_webhook(self, topic: str, delivery_url: str, secret: str, name: str | None = None,
                    ping: bool = True) -> Webhook:
        """Create an active webhook as ``POST /webhooks`` does, pinging it synchronously unless ``ping=False``."""
        hook = self.registry.create(topic, delivery_url, secret, name)
        if ping:
            self.sender.ping(hook.id)
        return hook

    def webhook(self, webhook_id: int) -> Webhook:
        return self.registry.get(webhook_id)

    def set_webhook_status(self, webhook_id: int, status: str) -> Webhook:
        """Like ``PUT /webhooks/<id> {"status": …}``: never resets ``failure_count``; pings if still pending."""
        if self.registry.update(webhook_id, {"status": status}):
            self.sender.ping(webhook_id)
        return self.registry.get(webhook_id)

    # --- HTTP ---------------------------------------------------------------------------------------
    def app(self) -> Starlette:
        api = RestApi(self.store, self.registry, self.sender, self.auth, lambda: self.latency)
        routes: list[Route] = api.routes()
        if self.inspection:
            routes += Inspection(self.store, self.sender, self.seed).routes()
        routes.append(Route("/{path:path}", self._no_route, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]))
        return Starlette(routes=routes)

    async def _no_route(self, request: Request) -> Response:
        return error_response(RestError("rest_no_route", "No route was found matching the URL and request method",
                                        404))

    def _set_base_url(self, url: str) -> None:
        self.base_url = url
        self.payloads.base_url = url

    @contextlib.contextmanager
    def run_in_thread(self, port: int = 0, host: str = "127.0.0.1") -> Iterator[str]:
        """Serve the store and run the sender until the block ends; yields the store URL."""
        with serve_in_thread(self.app(), host, port) as url:
            self._set_base_url(url)
            self.sender.start()
            try:
                yield url
            finally:
                self.sender.stop()

    def serve(self, port: int = 0, host: str = "127.0.0.1") -> None:
        """Serve in this thread until interrupted (for ``ml-connector sandbox``)."""
        sock = bind(host, port)
        self._set_base_url(f"http://{host}:{sock.getsockname()[1]}")
        self.sender.start()
        try:
            serve_blocking(self.app(), sock)
        finally:
            self.sender.stop()
