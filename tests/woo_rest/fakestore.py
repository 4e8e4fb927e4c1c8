"""A tiny WooCommerce REST stand-in (Starlette) for the client and poller tests until/besides the sandbox.

It implements only what the poller reads, with WooCommerce's rules (WOOCOMMERCE-API.md §4.2–4.3): Basic
auth, ``per_page`` ≤ 100, ``X-WP-Total``/``X-WP-TotalPages``, ``modified_after`` exclusive, orders by
``modified`` then id, customers by id, ``include=`` for customers/products/categories.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

KEY, SECRET = "ck_test_key_1234", "cs_test_secret_5678"
T0 = datetime(2024, 5, 1, 12, 0, 0)


def gmt(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S")


@dataclass
class FakeStore:
    orders: dict[int, dict] = field(default_factory=dict)
    customers: dict[int, dict] = field(default_factory=dict)
    products: dict[int, dict] = field(default_factory=dict)
    categories: dict[int, dict] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    fail_page: int | None = None
    after_page: dict[int, Callable[[], None]] = field(default_factory=dict)
    """Order-list page number → a change made in the store right after that page was served."""

    def add_order(self, oid: int, modified: datetime, customer_id: int = 0, created: datetime | None = None):
        self.orders[oid] = {"id": oid, "status": "processing", "customer_id": customer_id,
                            "date_created_gmt": gmt(created or modified), "date_modified_gmt": gmt(modified)}

    def touch_order(self, oid: int, modified: datetime):
        self.orders[oid]["date_modified_gmt"] = gmt(modified)

    def add_customer(self, cid: int, modified: datetime):
        self.customers[cid] = {"id": cid, "email": f"c{cid}@example.com", "date_created_gmt": gmt(modified),
                               "date_modified_gmt": gmt(modified)}

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/wp-json/wc/v3/orders", self._orders),
            Route("/wp-json/wc/v3/customers", self._customers),
            Route("/wp-json/wc/v3/products", self._products),
            Route("/wp-json/wc/v3/products/categories", self._categories),
        ])

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        return header == "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()

    def _page(self, request: Request, rows: list[dict]) -> JSONResponse:
        self.requests.append(str(request.url))
        if not self._authorised(request):
            return JSONResponse({"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list "
                                 "resources.", "data": {"status": 401}}, status_code=401)
        page, per_page = int(request.query_params.get("page", 1)), int(request.query_params.get("per_page", 10))
        if self.fail_page == page:
            return JSONResponse({"code": "internal", "message": "boom", "data": {"status": 500}}, status_code=500)
        total_pages = max(1, math.ceil(len(rows) / per_page)) if rows else 0
        body = rows[(page - 1) * per_page : page * per_page]
        if "/orders" in request.url.path and page in self.after_page:
            self.after_page.pop(page)()
        return JSONResponse(body, headers={"X-WP-Total": str(len(rows)), "X-WP-TotalPages": str(total_pages)})

    async def _orders(self, request: Request) -> JSONResponse:
        q = request.query_params
        rows = sorted(self.orders.values(), key=lambda o: (o["date_modified_gmt"], o["id"]))
        if "modified_after" in q:
            rows = [o for o in rows if o["date_modified_gmt"] > q["modified_after"]]
        if "modified_before" in q:
            rows = [o for o in rows if o["date_modified_gmt"] < q["modified_before"]]
        statuses = q.get("status", "any").split(",")  # "any" leaves out trash, as WooCommerce does (§4.3)
        rows = [o for o in rows if (o["status"] != "trash" if "any" in statuses else o["status"] in statuses)]
        return self._page(request, rows)

    def _included(self, request: Request, table: dict[int, dict]) -> list[dict]:
        rows = [table[k] for k in sorted(table)]
        if "include" in request.query_params:
            wanted = {int(i) for i in request.query_params["include"].split(",")}
            rows = [r for r in rows if r["id"] in wanted]
        return rows

    async def _customers(self, request: Request) -> JSONResponse:
        rows = self._included(request, self.customers)
        if request.query_params.get("order") == "desc":
            rows.reverse()
        return self._page(request, rows)

    async def _products(self, request: Request) -> JSONResponse:
        return self._page(request, self._included(request, self.products))

    async def _categories(self, request: Request) -> JSONResponse:
        return self._page(request, self._included(request, self.categories))


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)
