"""Issue 16 must-show: the receiver under hypothesis, signed and unsigned, headers and bodies.

Whatever arrives that is not a server fault is answered below 500; every refusal is in the quarantine within
its byte caps (a prefix for the unauthenticated); and afterwards a genuine delivery is still accepted.
In-process through the ASGI app (httpx.ASGITransport): a few hundred examples, no network.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import string
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.outbox import INGESTED_TOPICS, Outbox
from core.settings import settings_from_dict
from core.woo.receiver import create_receiver_app
from core.woo.signature import sign, wc_json_encode
from tests.receiver.conftest import PATH, SECRET, order_body, signed_headers

PREFIX, MAX_ROWS, MAX_BYTES = 512, 40, 64 * 1024

ids = st.one_of(st.integers(), st.integers(min_value=2**62, max_value=2**70), st.text(max_size=25),
                st.sampled_from(["²", "١٢", "0", "-1", "12", " 7", "1e3"]), st.floats(allow_nan=True),
                st.booleans(), st.none(), st.lists(st.integers(), max_size=3))
versions = st.one_of(st.none(), st.text(max_size=30), st.integers(),
                     st.sampled_from(["9999-12-31T23:59:59", "2024-02-30T10:00:00", "2024-05-01T10:00:00",
                                      "0001-01-01T00:00:00", "2024-05-01T10:00:00\x1b[31m", "2024-05-01 10:00:00"]))
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4), max_leaves=20)
payloads = st.fixed_dictionaries({"id": ids, "date_modified_gmt": versions},
                                 optional={"billing": json_values, "status": st.text(max_size=10)})
deep = st.integers(min_value=1, max_value=200_000).map(lambda n: b'{"id": 1, "x": ' + b"[" * n + b"]" * n + b"}")
bodies = st.one_of(payloads.map(lambda p: json.dumps(p).encode()), payloads.map(lambda p: _wc(p)),
                   st.binary(max_size=4096), deep, st.sampled_from([b"", b"webhook_id=1", b"webhook_id=99999999999",
                                                                    b"[]", b"null", b"{\"id\": 1e999}"]),
                   st.integers(min_value=0, max_value=300_000).map(lambda n: b"x" * n))
header_text = st.text(alphabet=string.ascii_letters + string.digits + " -_.,;:/=+", max_size=40)
extra_headers = st.dictionaries(st.sampled_from(["x-wc-webhook-id", "x-wc-webhook-delivery-id", "x-wc-webhook-source",
                                                 "content-type", "user-agent", "x-random", "authorization", "cookie"]),
                                header_text, max_size=5)
signatures = st.sampled_from(["none", "valid", "wrong", "wrong-secret"])
topics = st.one_of(st.none(), st.sampled_from(sorted(INGESTED_TOPICS)), st.sampled_from(["product.created", ""]),
                   header_text)
paths = st.sampled_from([PATH, "/webhooks/companion-alert"])


def _wc(payload: dict[str, Any]) -> bytes:
    try:
        return wc_json_encode(payload)
    except (ValueError, TypeError):
        return b"{}"


class Receiver:
    def __init__(self, root: Path) -> None:
        config = settings_from_dict({
            "woocommerce": {"webhook_secret": SECRET},
            "receiver": {"max_body_bytes": 256 * 1024, "quarantine_prefix_bytes": PREFIX,
                         "quarantine_max_rows": MAX_ROWS, "quarantine_max_bytes": MAX_BYTES},
            "database": {"path": str(root / "outbox.sqlite3")},
        }, env={})
        self.outbox = Outbox.open(config.database_path())
        self.app = create_receiver_app(config, self.outbox)

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
        transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post(path, content=body, headers=headers)

    def last_quarantine(self) -> dict[str, Any] | None:
        rows = self.outbox.table_rows("quarantine", limit=1)
        return rows[0] if rows else None


def test_the_receiver_never_answers_5xx_quarantines_every_refusal_within_its_caps_and_stays_healthy(tmp_path):
    receiver = Receiver(tmp_path)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)
    @given(body=bodies, path=paths, signature=signatures, topic=topics, extra=extra_headers)
    def one(body: bytes, path: str, signature: str, topic: str | None, extra: dict[str, str]) -> None:
        headers = dict(extra)
        if topic is not None:
            headers["X-WC-Webhook-Topic"] = topic
        if signature != "none":
            secret = "not-the-secret" if signature == "wrong-secret" else SECRET
            headers["X-WC-Webhook-Signature"] = "AAAA" if signature == "wrong" else sign(body, secret)
        before = receiver.last_quarantine()
        response = asyncio.run(receiver.post(path, body, headers))
        assert response.status_code < 500, (response.status_code, response.text[:200])
        if response.status_code >= 400:
            row = receiver.last_quarantine()
            fresh = before is None or (row is not None and (row["id"], row["received_at"]) != (before["id"],
                                                                                               before["received_at"]))
            assert row is not None and fresh, "refusal not quarantined"
            assert row["http_status"] == response.status_code
            limit = PREFIX if response.status_code in (401, 408, 413) else MAX_BYTES
            assert len(row["body"]) <= limit and len(row["body"]) + len(row["headers"]) <= MAX_BYTES
            assert row["body_size"] >= len(row["body"])

    one()
    with sqlite3.connect(receiver.outbox.path) as conn:
        rows, stored = conn.execute("SELECT count(*), coalesce(sum(length(body) + length(headers)), 0) "
                                    "FROM quarantine").fetchone()
    assert rows <= MAX_ROWS and stored <= MAX_BYTES
    genuine = order_body(424242, modified="2024-06-01T00:00:00")
    response = asyncio.run(receiver.post(PATH, genuine, signed_headers(genuine)))
    assert response.status_code == 200 and response.json()["outcome"] == "new"
    receiver.outbox.close()
