"""Issue 16 item 10: names are data, never layout. Bidi overrides, CR/LF and lone surrogates in a customer's
name neither reach Intacct's single-line fields nor fail the event (docs/security.md, "Text from the store")."""

from __future__ import annotations

import json

from core.outbox import IncomingEvent
from core.outbox.model import POSTED
from tests.sync.conftest import fixture, vendor_ids

HOSTILE = "Jo\ud800hn\u202e\u2066 Doe\r\nINFO forged log line\x1b[31m"


def _raw_event(payload: dict, topic: str) -> IncomingEvent:
    # json.dumps keeps a lone surrogate as the escape \ud800, exactly as PHP's json_encode would send it
    return IncomingEvent("webhook", topic, topic.split(".")[0], int(payload["id"]),
                         str(payload["date_modified_gmt"]), json.dumps(payload).encode())


async def test_a_guest_order_with_a_hostile_name_is_posted_with_a_clean_single_line_vendor_name(
        sandbox, outbox, make_engine):
    order = fixture("order-727.json")
    order["billing"] = {**order["billing"], "first_name": HOSTILE, "company": "ACME\u202e\nCorp",
                        "address_1": "1 Main\r\nSt\u2067"}
    ingested = outbox.ingest(_raw_event(order, "order.created")).event_id
    report = await make_engine().push()
    assert report.posted == [ingested], outbox.get_event(ingested).last_error
    assert outbox.get_event(ingested).state == POSTED
    (vendor,) = sandbox.state.records("VENDOR")
    for text in _texts(vendor):
        assert not any(ch in text for ch in "\r\n\x1b\u202e\u2066\u2067"), repr(text)
        assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text), repr(text)
    assert vendor["NAME"] == "ACME Corp" and vendor_ids(sandbox) == [vendor["VENDORID"]]


async def test_a_customer_with_a_hostile_name_becomes_a_clean_vendor(sandbox, outbox, make_engine):
    customer = fixture("customer-25.json")
    hostile = {"first_name": "\u202eMal\r\nlory", "last_name": "O\ud83d'Neil\u2028"}
    customer.update(hostile, billing={**customer["billing"], **hostile})
    ingested = outbox.ingest(_raw_event(customer, "customer.created")).event_id
    report = await make_engine().push()
    assert report.posted == [ingested], outbox.get_event(ingested).last_error
    (vendor,) = sandbox.state.records("VENDOR")
    assert vendor["NAME"] == "Mal lory O'Neil"
    for text in _texts(vendor):
        assert not any(ch in text for ch in "\r\n\u202e\u2028"), repr(text)


def _texts(record: object) -> list[str]:
    if isinstance(record, dict):
        return [t for v in record.values() for t in _texts(v)]
    if isinstance(record, list):
        return [t for v in record for t in _texts(v)]
    return [record] if isinstance(record, str) else []


def test_a_name_with_newlines_cannot_forge_a_log_line(caplog):
    import logging

    from core.redact import RedactingFilter

    record = logging.LogRecord("core.test", logging.DEBUG, __file__, 1, "vendor %s", ("Eve\nINFO forged\x1b[2J",),
                               None)
    RedactingFilter().filter(record)
    assert record.getMessage() == "vendor Eve\\nINFO forged\\x1b[2J"
