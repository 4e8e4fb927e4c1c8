"""Issue 16, receiver side: strangers cannot fill the disk, and signed but malformed payloads are refused
(400, quarantined), never answered 500. Driven in-process through the ASGI app (httpx.ASGITransport)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from core.outbox import Outbox
from core.settings import settings_from_dict
from core.woo.receiver import create_receiver_app
from tests.receiver.conftest import PATH, SECRET, order_body, signed_headers


def _app(tmp_path: Path, **receiver):
    settings = settings_from_dict({
        "woocommerce": {"webhook_secret": SECRET},
        "receiver": {"max_body_bytes": 1024 * 1024, **receiver},
        "database": {"path": str(tmp_path / "outbox.sqlite3")},
    }, env={})
    outbox = Outbox.open(settings.database_path())
    return create_receiver_app(settings, outbox), outbox


async def _post(app, body: bytes, headers: dict) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        return await client.post(PATH, content=body, headers=headers)


async def test_an_unsigned_refusal_keeps_only_a_prefix_and_the_hash_of_the_whole_body(tmp_path):
    app, outbox = _app(tmp_path, quarantine_prefix_bytes=100)
    body = b"A" * 500_000
    response = await _post(app, body, {"Content-Type": "application/json", "X-WC-Webhook-Topic": "order.updated"})
    assert response.status_code == 401
    (row,) = outbox.table_rows("quarantine")
    assert row["body"] == b"A" * 100 and row["body_size"] == 500_000 and row["truncated"] == 1
    assert row["body_sha256"] == hashlib.sha256(body).hexdigest()


async def test_the_quarantine_keeps_its_row_and_byte_caps_dropping_the_oldest_and_counting_them(tmp_path):
    app, outbox = _app(tmp_path, quarantine_prefix_bytes=1000, quarantine_max_rows=5, quarantine_max_bytes=20_000)
    for n in range(12):
        await _post(app, bytes([65 + n]) * 5000, {"X-WC-Webhook-Topic": "order.updated"})
    rows = outbox.table_rows("quarantine")
    assert len(rows) == 5 and [r["body"][:1] for r in rows] == [bytes([65 + n]) for n in range(11, 6, -1)]
    assert outbox.counters()["quarantine_dropped"] == 7
    with sqlite3.connect(outbox.path) as conn:
        stored = conn.execute("SELECT sum(length(body) + length(headers)) FROM quarantine").fetchone()[0]
    assert stored <= 20_000


async def test_a_huge_signed_refusal_is_cut_to_the_quarantine_byte_cap(tmp_path):
    app, outbox = _app(tmp_path, quarantine_max_bytes=50_000)
    body = json.dumps({"id": "x" * 200_000}).encode()
    response = await _post(app, body, signed_headers(body))
    assert response.status_code == 400
    (row,) = outbox.table_rows("quarantine")
    assert len(row["body"]) + len(row["headers"]) <= 50_000 and row["body_size"] == len(body)


async def test_unsigned_pings_keep_a_bounded_number_of_rows(tmp_path):
    app, outbox = _app(tmp_path, quarantine_max_rows=10)
    for n in range(1, 400):
        assert (await _post(app, f"webhook_id={n}".encode(), {})).status_code == 200
    assert len(outbox.table_rows("pings", limit=1000)) == 10
    assert outbox.counters()["pings_dropped"] == 389
    assert len(outbox.table_rows("webhook_health", limit=1000)) <= 100


async def test_a_refusal_that_cannot_be_stored_is_still_answered_with_its_status_not_500(tmp_path):
    app, outbox = _app(tmp_path)
    with sqlite3.connect(outbox.path) as conn:  # the quarantine cannot take the row (as on a full disk)
        conn.execute("CREATE TRIGGER full BEFORE INSERT ON quarantine BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    response = await _post(app, b"{}", {"X-WC-Webhook-Topic": "order.updated"})
    assert response.status_code == 401
    good = order_body(5)
    assert (await _post(app, good, signed_headers(good))).status_code == 200


@pytest.mark.parametrize(("payload", "why"), [
    ({"id": 2**63, "date_modified_gmt": "2024-05-01T10:00:00"}, "id"),
    ({"id": 10**30, "date_modified_gmt": "2024-05-01T10:00:00"}, "id"),
    ({"id": "²", "date_modified_gmt": "2024-05-01T10:00:00"}, "id"),
    ({"id": "١٢", "date_modified_gmt": "2024-05-01T10:00:00"}, "id"),
    ({"id": 7, "date_modified_gmt": "garbage\x1b[31m"}, "date_modified_gmt"),
    ({"id": 7, "date_modified_gmt": "9999-12-31T23:59:59"}, "date_modified_gmt"),
    ({"id": 7, "date_modified_gmt": "2024-02-30T10:00:00"}, "date_modified_gmt"),
    ({"id": 7, "date_modified_gmt": 20240501}, "date_modified_gmt"),
])
async def test_signed_malformed_payloads_are_400_and_quarantined_never_500(tmp_path, payload, why):
    app, outbox = _app(tmp_path)
    body = json.dumps(payload).encode()
    response = await _post(app, body, signed_headers(body))
    assert response.status_code == 400 and why in response.json()["error"]
    (row,) = outbox.table_rows("quarantine")
    assert row["body"] == body and outbox.list_events() == []


async def test_signed_json_nested_100k_deep_is_400_and_quarantined(tmp_path):
    app, outbox = _app(tmp_path, max_body_bytes=1024 * 1024)
    body = b'{"id": 7, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = await _post(app, body, signed_headers(body))
    assert response.status_code == 400
    assert len(outbox.table_rows("quarantine")) == 1


async def test_a_huge_webhook_id_header_is_not_a_500(tmp_path):
    app, outbox = _app(tmp_path)
    body = order_body(8)
    headers = {**signed_headers(body), "X-WC-Webhook-ID": "9" * 40}
    assert (await _post(app, body, headers)).status_code == 200


async def test_a_garbage_version_cannot_make_later_real_versions_stale(tmp_path):
    app, outbox = _app(tmp_path)
    for version in ("zzzz", "9999-12-31T23:59:59"):
        body = order_body(9, modified=version)
        assert (await _post(app, body, signed_headers(body))).status_code == 400
    real = order_body(9, modified="2024-05-02T10:00:00")
    response = await _post(app, real, signed_headers(real))
    assert response.json()["outcome"] == "new"

