"""Issue 16 item 10: ``outbox list`` reads no payloads and never prints a terminal escape from the store;
ids page in bounded memory however many events wait."""

from __future__ import annotations

import argparse
import io
import tracemalloc

from core.cli.outbox import list_events
from core.outbox import IncomingEvent, Outbox


def _args(db, **kw) -> argparse.Namespace:
    config = db.with_name("config.toml")
    config.write_text(f'[database]\npath = "{db}"\n', encoding="utf-8")
    return argparse.Namespace(config=str(config), state=None, json=False, limit=100, **kw)


def test_outbox_list_does_not_load_the_payloads(tmp_path):
    db = tmp_path / "outbox.sqlite3"
    box = Outbox.open(db)
    big = b'{"id": 1, "x": "' + b"p" * (2 * 1024 * 1024) + b'"}'
    for n in range(1, 6):  # 10 MB of payloads
        box.ingest(IncomingEvent("webhook", "order.updated", "order", n, f"2024-01-0{n}T00:00:00", big))
    box.close()
    out = io.StringIO()
    tracemalloc.start()
    try:
        assert list_events(_args(db), out) == 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(out.getvalue().splitlines()) == 6
    assert peak < 2 * 1024 * 1024  # not even one payload was read


def test_outbox_list_prints_no_raw_terminal_escapes_from_stored_fields(tmp_path):
    db = tmp_path / "outbox.sqlite3"
    box = Outbox.open(db)
    box.ingest(IncomingEvent("webhook", "order.updated", "order", 1, "2024\x1b]0;pwned\x07\x1b[2J\r\nfake", b"{}",
                             delivery_id="d\x1b[31m"))
    box.close()
    out = io.StringIO()
    list_events(_args(db), out)
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "\\x1b" in text and len(text.splitlines()) == 2


def test_event_ids_page_through_any_number_of_events(tmp_path):
    box = Outbox.open(tmp_path / "outbox.sqlite3")
    box.ingest_many([IncomingEvent("webhook", "order.updated", "order", n, "2024-01-01T00:00:00", b"{}")
                     for n in range(1, 2501)])
    seen, before = [], None
    while page := box.event_ids("awaiting_review", before=before, limit=1000):
        seen += page
        before = page[-1]
    assert len(seen) == 2500 and seen == sorted(seen, reverse=True)
    box.close()
