"""Specification: signatures are WooCommerce's, checked over the raw bytes (vectors: fixtures/README.md)."""

from __future__ import annotations

import json
import re

from core.woo.signature import sign, verify, wc_json_encode
from tests.shared import FIXTURES, WOO_FIXTURES

README = (FIXTURES / "README.md").read_text(encoding="utf-8")


def _vector(marker: str) -> str:
    """The expected signature printed after ``marker`` in the fixtures README (read in place)."""
    line = next(line for line in README.splitlines() if marker in line)
    return re.findall(r"→ `([A-Za-z0-9+/=]+)`", line)[0]


def test_signature_of_short_deletion_body_matches_the_vector():
    assert sign(b'{"id":25}', "wc_test_secret") == _vector('body `{"id":25}`')


def test_order_727_encoded_as_wordpress_does_is_2445_bytes():
    body = wc_json_encode(json.loads((WOO_FIXTURES / "order-727.json").read_text(encoding="utf-8")))
    assert len(body) == 2445


def test_signature_of_order_727_matches_the_vector():
    body = wc_json_encode(json.loads((WOO_FIXTURES / "order-727.json").read_text(encoding="utf-8")))
    assert sign(body, "wc_test_secret") == _vector("2445 bytes")


def test_verify_accepts_the_matching_signature():
    assert verify(b'{"id":25}', _vector('body `{"id":25}`'), "wc_test_secret")


def test_verify_rejects_a_reserialised_body():
    assert not verify(b'{"id": 25}', _vector('body `{"id":25}`'), "wc_test_secret")


def test_verify_rejects_the_wrong_secret_a_missing_header_and_an_empty_secret():
    good = sign(b"{}", "s3cret")
    assert not verify(b"{}", good, "other")
    assert not verify(b"{}", None, "s3cret")
    assert not verify(b"{}", sign(b"{}", ""), "")


def test_verify_tolerates_non_ascii_garbage_in_the_header():
    assert not verify(b"{}", "ünïcode", "s3cret")
