"""An async client for the WooCommerce REST API v3 (``{url}/wp-json/wc/v3``): the poller's and watchdog's eyes.

Cross-cutting concerns live here once, not in each call: authentication (:mod:`core.woo.auth`), bounded
retries with exponential backoff and full jitter on 429 / 5xx / connect errors (honouring ``Retry-After``),
the error tree (:mod:`core.woo.errors`) and redaction. Collections are read page by page
(``page``/``per_page=100`` following ``X-WP-TotalPages``) as async iterators, so a 20,000-order backfill holds
one page in memory at a time. The official Python client does none of this (WOOCOMMERCE-API.md §7).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from core import __version__
from core.redact import redact, register_secrets
from core.settings import WooCommerceSettings
from core.woo.auth import build_auth
from core.woo.errors import WooHTTPError, WooTransportError, error_for_status

log = logging.getLogger(__name__)

PER_PAGE = 100
"""WooCommerce's maximum page size (§4.2); larger values are answered 400 ``rest_invalid_param``."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Json = dict[str, Any]
Params = Mapping[str, str | int | list[str] | list[int]]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Page:
    """One page of a collection: its items and where it sits (``X-WP-Total``, ``X-WP-TotalPages``)."""

    items: list[Json]
    number: int
    total_pages: int
    total: int


def woo_datetime(value: datetime) -> str:
    """``value`` as WooCommerce's GMT filter format ``YYYY-MM-DDTHH:MM:SS`` (naive values are taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat()


def _batches(ids: Iterable[int], size: int = PER_PAGE) -> Iterable[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


class WooClient:
    """The store's REST API. Use as ``async with WooClient(settings) as woo: ...``.

    ``transport`` lets tests hand in an :class:`httpx.MockTransport`; ``sleep`` lets them skip real waits.
    """

    def __init__(
        self, settings: WooCommerceSettings, *, transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep, max_attempts: int = 5, backoff_base: float = 0.5, backoff_cap: float = 30.0,
    ) -> None:
        register_secrets([settings.consumer_key.reveal(), settings.consumer_secret.reveal()])
        self.settings = settings
        self.base_url = f"{settings.url.rstrip('/')}/wp-json/wc/v3"
        self._sleep, self._max_attempts = sleep, max(1, max_attempts)
        self._backoff_base, self._backoff_cap = backoff_base, backoff_cap
        self.requests_sent = 0
        """Requests sent, retries included (the backfill bench reports it)."""
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=build_auth(settings.auth, settings.url, settings.consumer_key, settings.consumer_secret,
                            settings.allow_insecure),
            timeout=httpx.Timeout(settings.timeout_seconds),
            verify=settings.verify_tls,
            transport=transport,
            headers={"User-Agent": f"ml-connector/{__version__}", "Accept": "application/json"},
            follow_redirects=False,
        )

    async def __aenter__(self) -> WooClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- one call, with retries ------------------------------------------------------------------------------

    async def request(
        self, method: str, path: str, *, params: Params | None = None, json_body: Json | None = None
    ) -> httpx.Response:
        """Send one call; retry transient failures; raise a :class:`~core.woo.errors.WooError` on failure."""
        for attempt in range(1, self._max_attempts + 1):
            last = attempt == self._max_attempts
            try:
                self.requests_sent += 1
                response = await self._http.request(method, path, params=params, json=json_body)
            except httpx.TransportError as exc:
                if last:
                    raise WooTransportError(f"{method} {path}: the store did not answer ({exc!r})") from None
                await self._pause(attempt, None, f"{type(exc).__name__}", method, path)
                continue
            if response.is_success:
                return response
            if response.status_code in RETRY_STATUSES and not last:
                await self._pause(attempt, response.headers.get("Retry-After"), response.status_code, method, path)
                continue
            raise error_for_status(response.status_code, method, path, _error_body(response))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _pause(self, attempt: int, retry_after: str | None, why: object, method: str, path: str) -> None:
        delay = min(self._backoff_cap, self._backoff_base * 2 ** (attempt - 1)) * random.random()
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, min(float(retry_after.strip()), self._backoff_cap))
        log.warning("WooCommerce %s %s: %s; retry %d in %.2fs", method, path, redact(str(why)), attempt, delay)
        await self._sleep(delay)

    async def get_json(self, path: str, params: Params | None = None) -> Any:
        return (await self.request("GET", path, params=params)).json()

    # -- collections, page by page ---------------------------------------------------------------------------

    async def pages(self, path: str, params: Params | None = None) -> AsyncIterator[Page]:
        """Every page of a collection, fetched only when the previous one has been consumed."""
        number, total_pages = 1, 1
        while number <= total_pages:
            response = await self.request("GET", path, params={**(params or {}), "page": number,
                                                               "per_page": PER_PAGE})
            items = response.json()
            if not isinstance(items, list):
                raise WooHTTPError("expected a JSON array", status=response.status_code, method="GET", path=path)
            total_pages = _int_header(response, "X-WP-TotalPages", default=number + (len(items) == PER_PAGE))
            yield Page(items, number, total_pages, _int_header(response, "X-WP-Total", default=len(items)))
            if not items:
                return
            number += 1

    async def items(self, path: str, params: Params | None = None) -> AsyncIterator[Json]:
        """Every item of a collection, page by page."""
        async for page in self.pages(path, params):
            for item in page.items:
                yield item

    async def collect(self, path: str, params: Params | None = None) -> list[Json]:
        """A small collection (webhooks, refunds of one order) as a list."""
        return [item async for item in self.items(path, params)]

    # -- orders, refunds, customers, products ---------------------------------------------------------------

    def order_pages(self, modified_after: datetime, modified_before: datetime | None = None,
                    status: str | None = None) -> AsyncIterator[Page]:
        """Orders modified after ``modified_after`` (GMT), oldest change first (WOOCOMMERCE-API.md §4.3);
        ``status`` None is WooCommerce's default ``any``, which leaves out trashed orders (§4.3)."""
        params: dict[str, Any] = {"modified_after": woo_datetime(modified_after), "dates_are_gmt": "true",
                                  "orderby": "modified", "order": "asc"}
        if status is not None:
            params["status"] = status
        if modified_before is not None:
            params["modified_before"] = woo_datetime(modified_before)
        return self.pages("/orders", params)

    async def iter_orders(
        self, modified_after: datetime, modified_before: datetime | None = None
    ) -> AsyncIterator[Json]:
        """Orders modified after ``modified_after``, item by item (pages fetched lazily)."""
        async for page in self.order_pages(modified_after, modified_before):
            for item in page.items:
                yield item

    async def get_order(self, order_id: int) -> Json:
        result: Json = await self.get_json(f"/orders/{int(order_id)}")
        return result

    async def list_refunds(self, order_id: int) -> list[Json]:
        """Full refund objects of one order (the order only carries a summary, §3.2)."""
        return await self.collect(f"/orders/{int(order_id)}/refunds")

    def customer_pages(self, *, order: str = "asc", orderby: str = "id") -> AsyncIterator[Page]:
        """All customers (``role=all``) by id; the API has no date filter (§4.3), see docs/polling.md."""
        return self.pages("/customers", {"orderby": orderby, "order": order, "role": "all"})

    async def get_customer(self, customer_id: int) -> Json:
        result: Json = await self.get_json(f"/customers/{int(customer_id)}")
        return result

    async def get_customers(self, ids: Iterable[int]) -> AsyncIterator[Json]:
        """Customers by id, ≤100 per request (``include=``); missing ids are simply absent."""
        for batch in _batches(i for i in ids if i):
            async for item in self.items("/customers", {"include": ",".join(map(str, batch)), "role": "all",
                                                        "orderby": "id", "order": "asc"}):
                yield item

    async def get_products(self, ids: Iterable[int]) -> list[Json]:
        """Products by id, ≤100 per request; deleted products are absent (§5.7)."""
        out: list[Json] = []
        for batch in _batches(i for i in ids if i):
            out.extend(await self.collect("/products", {"include": ",".join(map(str, batch))}))
        return out

    async def get_categories(self, ids: Iterable[int]) -> list[Json]:
        """Product categories by id (``/products/categories``), ≤100 per request; each has ``parent``."""
        out: list[Json] = []
        for batch in _batches(i for i in ids if i):
            out.extend(await self.collect("/products/categories", {"include": ",".join(map(str, batch))}))
        return out

    # -- webhooks (the watchdog's tools) ---------------------------------------------------------------------

    async def list_webhooks(self, status: str = "all") -> list[Json]:
        """Every webhook of the store with ``status`` (``all``/``active``/``paused``/``disabled``)."""
        return await self.collect("/webhooks", {"status": status})

    async def update_webhook(self, webhook_id: int, **fields: Any) -> Json:
        """Change a webhook, e.g. ``update_webhook(7, status="active")``; ``failure_count`` is not reset (§2.5)."""
        result: Json = (await self.request("PUT", f"/webhooks/{int(webhook_id)}", json_body=fields)).json()
        return result

    async def create_webhook(
        self, *, name: str, topic: str, delivery_url: str, secret: str, **fields: Any
    ) -> Json:
        """Create a webhook (always created ``active``, and pinged at once by the store, §4.5)."""
        body = {"name": name, "topic": topic, "delivery_url": delivery_url, "secret": secret, **fields}
        result: Json = (await self.request("POST", "/webhooks", json_body=body)).json()
        return result


async def prefetch(pages: AsyncIterator[Page]) -> AsyncIterator[Page]:
    """``pages``, with the next page's request in flight while the caller works on the current one.

    At most two pages are held; the caller's work (e.g. committing a page to the outbox in a thread) overlaps
    the store's latency instead of adding to it. An error fetching page N+1 surfaces after page N was handed out.
    """
    upcoming: asyncio.Future[Page | None] = asyncio.ensure_future(anext(pages, None))
    try:
        while (page := await upcoming) is not None:
            upcoming = asyncio.ensure_future(anext(pages, None))
            yield page
    finally:
        if not upcoming.done():
            upcoming.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await upcoming


def _int_header(response: httpx.Response, name: str, default: int) -> int:
    try:
        return int(response.headers[name])
    except (KeyError, ValueError):
        return default


def _error_body(response: httpx.Response) -> Mapping[str, Any] | None:
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return None
    return body if isinstance(body, Mapping) else None
