"""The bytes WooCommerce sends: PHP json_encode defaults and the base64 HMAC-SHA256 signature."""

from __future__ import annotations

import json

from core.sandbox.woo import php_json_dumps, signature
from tests.shared import WOO_FIXTURES

SECRET = "wc_test_secret"


def test_signature_of_deleted_payload_matches_documented_vector():
    assert signature(php_json_dumps({"id": 25}), SECRET) == "EH6m7cNVTmBY6bQJfRb/HTzBnZTXfOte/y4oDDuMld4="


def test_order_727_encodes_to_the_documented_2445_bytes_and_signature():
    order = json.loads((WOO_FIXTURES / "order-727.json").read_text())
    body = php_json_dumps(order)
    assert len(body) == 2445
    assert signature(body, SECRET) == "3PyE8fJTsjur6pUHJxTvv/qu1Mp/fM39//YXo8YjumM="


def test_customer_25_signs_to_the_documented_vector():
    customer = json.loads((WOO_FIXTURES / "customer-25.json").read_text())
    assert signature(php_json_dumps(customer), SECRET) == "A/6h4dMIYOtcp/K5ohh+KS3AZpWKYyeWo7p72NSmkGk="


def test_encoder_escapes_slashes_and_non_ascii_like_php():
    assert php_json_dumps({"u": "https://x/y", "n": "João"}) == b'{"u":"https:\\/\\/x\\/y","n":"Jo\\u00e3o"}'


def test_integral_floats_print_as_ints_and_empty_objects_as_lists():
    assert php_json_dumps({"price": 3.0, "p": 12.5, "meta": {}}) == b'{"price":3,"p":12.5,"meta":[]}'


def test_secret_is_html_entity_decoded_before_signing():
    assert signature(b"{}", "a&amp;b") == signature(b"{}", "a&b")
