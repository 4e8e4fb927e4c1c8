"""Errors a person can act on, and bounded retries for transient ones (WOOCOMMERCE-API.md §4.6–4.7)."""

from __future__ import annotations

import httpx
import pytest

from core.woo.errors import (
    WooAuthError,
    WooBadRequestError,
    WooNotFoundError,
    WooPermissionError,
    WooRetryExhausted,
    WooTransportError,
)
from tests.woo_rest.fakestore import SECRET
from tests.woo_rest.support import Sleeps, mock_client


def _answers(*responses: httpx.Response | Exception):
    queue = list(responses)
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    handler.calls = calls  # type: ignore[attr-defined]
    return handler


def _error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": message, "data": {"status": status}})


async def test_401_names_the_consumer_key_and_secret_settings_and_passes_the_woo_code_through():
    handler = _answers(_error(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid."))
    async with mock_client(handler) as woo:
        with pytest.raises(WooAuthError) as caught:
            await woo.get_order(5)
    message = str(caught.value)
    assert "check [woocommerce] consumer_key and consumer_secret" in message
    assert "Consumer secret is invalid." in message and caught.value.code == "woocommerce_rest_authentication_error"
    assert SECRET not in message and len(handler.calls) == 1


async def test_403_says_the_key_needs_read_or_read_write_permission():
    async with mock_client(_answers(_error(403, "woocommerce_rest_cannot_view", "no"))) as woo:
        with pytest.raises(WooPermissionError, match="Read/Write"):
            await woo.list_webhooks()


async def test_404_without_a_route_points_at_the_store_url_and_permalinks():
    async with mock_client(_answers(_error(404, "rest_no_route", "No route was found"))) as woo:
        with pytest.raises(WooNotFoundError, match=r"\[woocommerce\] url.*permalinks"):
            await woo.get_order(1)


async def test_404_for_a_missing_record_says_the_record_does_not_exist():
    async with mock_client(_answers(_error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID."))) as woo:
        with pytest.raises(WooNotFoundError, match="record does not exist") as caught:
            await woo.get_order(1)
    assert caught.value.data == {"status": 404}


async def test_429_is_retried_after_the_retry_after_delay_then_succeeds():
    sleeps = Sleeps()
    handler = _answers(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={"id": 1}))
    async with mock_client(handler, sleeps=sleeps) as woo:
        assert (await woo.get_order(1))["id"] == 1
    assert len(handler.calls) == 2 and sleeps.delays[0] >= 7


async def test_503_is_retried_with_growing_backoff_and_gives_up_after_max_attempts():
    sleeps = Sleeps()
    handler = _answers(_error(503, "unavailable", "Service Unavailable"))
    async with mock_client(handler, sleeps=sleeps, max_attempts=4) as woo:
        with pytest.raises(WooRetryExhausted) as caught:
            await woo.get_order(1)
    assert len(handler.calls) == 4 and len(sleeps.delays) == 3
    assert caught.value.transient and caught.value.status == 503
    assert all(0 <= d <= 0.5 * 2**i for i, d in enumerate(sleeps.delays))


async def test_connect_errors_are_retried_then_reported_as_transport_errors():
    handler = _answers(httpx.ConnectError("refused"))
    async with mock_client(handler, max_attempts=3) as woo:
        with pytest.raises(WooTransportError, match="did not answer"):
            await woo.get_order(1)
    assert len(handler.calls) == 3


async def test_a_400_is_not_retried():
    handler = _answers(_error(400, "rest_invalid_param", "Invalid parameter(s): per_page"))
    async with mock_client(handler) as woo:
        with pytest.raises(WooBadRequestError, match="rest_invalid_param"):
            await woo.get_order(1)
    assert len(handler.calls) == 1
