"""Specification of ``ml-connector books open|resolve``: the open items a person must see, through the CLI."""

from __future__ import annotations

from core.cli import main
from core.outbox import Outbox
from tests.sync.conftest import event, fixture
from tests.sync.test_cli import write_config


def test_a_cancellation_after_posting_is_listed_until_resolved_with_a_note(sandbox, tmp_path, capsys):
    config = write_config(tmp_path, sandbox.url)
    box = Outbox.open(tmp_path / "cli.sqlite3")
    order = fixture("order-727.json")
    first = box.ingest(event(order, "order.created", "2030-01-01T00:00:01")).event_id
    box.close()
    assert main(["--config", config, "push", str(first)]) == 0
    box = Outbox.open(tmp_path / "cli.sqlite3")
    flagged = box.ingest(event({**order, "status": "cancelled"}, "order.updated", "2030-01-01T00:00:02")).event_id
    box.close()
    main(["--config", config, "push", str(flagged)])
    capsys.readouterr()
    assert main(["--config", config, "books", "open"]) == 4
    out = capsys.readouterr().out
    assert "order 727" in out and "cancelled" in out and "6000 -18.00" in out and "1 open item" in out
    assert main(["--config", config, "books", "resolve", "727", "--note", " "]) == 1
    assert main(["--config", config, "books", "resolve", "727", "--note", "voided by hand", "--actor", "bob"]) == 0
    assert main(["--config", config, "books", "open"]) == 0
    assert "0 open items" in capsys.readouterr().out
