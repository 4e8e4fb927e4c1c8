"""Specification of ``ml-connector push`` and ``ml-connector reference`` against the Intacct sandbox."""

from __future__ import annotations

from core.cli import main
from core.outbox import Outbox
from tests.sync.conftest import CREDS, bills, event, fixture


def write_config(tmp_path, url: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(f"""
[intacct]
endpoint = "{url}"
sender_id = "{CREDS.sender_id}"
sender_password = "{CREDS.sender_password}"
company_id = "{CREDS.company_id}"
user_id = "{CREDS.user_id}"
user_password = "{CREDS.user_password}"
timeout_seconds = 5
[sync]
mode = "review"
[database]
path = "{tmp_path / 'cli.sqlite3'}"
[mapping]
base_currency = "USD"
""")
    return str(path)


def test_push_named_event_approves_and_posts_it(sandbox, tmp_path, capsys):
    config = write_config(tmp_path, sandbox.url)
    box = Outbox.open(tmp_path / "cli.sqlite3")
    event_id = box.ingest(event(fixture("order-727.json"), "order.created")).event_id
    box.close()
    assert main(["--config", config, "push", str(event_id)]) == 0
    assert "posted 1" in capsys.readouterr().out
    assert [b["RECORDID"] for b in bills(sandbox)] == ["727"]


def test_push_exits_non_zero_when_an_event_fails(sandbox, tmp_path, capsys):
    config = write_config(tmp_path, sandbox.url)
    with open(config, "a") as f:
        f.write('default_account = "9999"\n')  # the [mapping] table is the file's last
    box = Outbox.open(tmp_path / "cli.sqlite3")
    event_id = box.ingest(event(fixture("order-727.json"), "order.created")).event_id
    box.close()
    assert main(["--config", config, "push", str(event_id)]) == 1
    assert "9999" in capsys.readouterr().out


def test_push_refuses_while_another_process_holds_the_worker_lease(sandbox, tmp_path, capsys):
    config = write_config(tmp_path, sandbox.url)
    box = Outbox.open(tmp_path / "cli.sqlite3")
    box.acquire_lease("sync-worker", "serve-elsewhere", 60)
    box.close()
    assert main(["--config", config, "push", "--all"]) == 3
    assert "lease" in capsys.readouterr().err


def test_reference_refresh_then_list_shows_the_companys_accounts(sandbox, tmp_path, capsys):
    config = write_config(tmp_path, sandbox.url)
    assert main(["--config", config, "reference", "refresh"]) == 0
    assert main(["--config", config, "reference", "list", "--object", "GLACCOUNT"]) == 0
    out = capsys.readouterr().out
    assert "GLACCOUNT\t6000" in out and "LOCATION:" in out


def test_reference_list_on_an_empty_cache_says_to_refresh(tmp_path, capsys):
    config = write_config(tmp_path, "http://127.0.0.1:9/ia/xml/xmlgw.phtml")
    assert main(["--config", config, "reference", "list"]) == 1
    assert "reference refresh" in capsys.readouterr().err
