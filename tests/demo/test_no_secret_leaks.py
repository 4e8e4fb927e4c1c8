"""Issue 2: "a test greps all captured logs of a full run for the secret values".

The run is the whole headless demo at debug level (``headless_demo`` in conftest.py): every request and
response XML is logged, webhooks are signed with the webhook secret, the REST client signs with the consumer
secret, and the client logs in to Intacct with both passwords. None of those values, nor any session id the
sandbox company issued, may appear in stdout, stderr, a log file, or any text column of the outbox.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.demo.config import WEBHOOK_SECRET, WOO_SECRET
from core.sandbox.intacct import Credentials
from tests.demo.conftest import DemoRun

pytestmark = pytest.mark.timeout(150)
CREDS = Credentials()
CONFIGURED_SECRETS = {
    "intacct.sender_password": CREDS.sender_password,
    "intacct.user_password": CREDS.user_password,
    "woocommerce.consumer_secret": WOO_SECRET,
    "woocommerce.webhook_secret": WEBHOOK_SECRET,
}
CONFIG_FILE = "ml-connector.toml"
"""The configuration the demo wrote: it holds the secrets by design (as a user's config file does)."""


def captured_text(run: DemoRun) -> dict[str, str]:
    """stdout, stderr and every other file the run left in its directory (the outbox is read as a database)."""
    texts = {"stdout": run.process.stdout, "stderr": run.process.stderr}
    for path in sorted(run.workdir.rglob("*")):
        if path.is_file() and path.name != CONFIG_FILE and not path.name.startswith("outbox.sqlite3"):
            texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def outbox_text(database: Path) -> dict[str, str]:
    """Every text (and blob, decoded) value of every table, keyed ``table.column``."""
    found: dict[str, list[str]] = {}
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = db.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", errors="replace")
                    if isinstance(value, str):
                        found.setdefault(f"{table}.{column}", []).append(value)
    return {where: "\n".join(values) for where, values in found.items()}


def leaks(texts: dict[str, str], secrets: dict[str, str]) -> list[str]:
    return [f"{name} in {where}" for where, text in texts.items() for name, value in secrets.items() if value in text]


def test_the_run_succeeded_and_logged_every_intacct_request_masked(headless_demo):
    assert headless_demo.process.returncode == 0, headless_demo.process.stderr[-3000:]
    assert "Intacct request to" in headless_demo.process.stderr
    assert "<password>********</password>" in headless_demo.process.stderr


def test_no_configured_secret_appears_in_stdout_stderr_or_any_file_the_run_wrote(headless_demo):
    assert leaks(captured_text(headless_demo), CONFIGURED_SECRETS) == []


def test_no_intacct_session_id_appears_in_stdout_stderr_or_any_file_the_run_wrote(headless_demo):
    assert headless_demo.session_ids, "the run opened no Intacct session: nothing was checked"
    sessions = {f"session id {n}": sid for n, sid in enumerate(headless_demo.session_ids)}
    assert leaks(captured_text(headless_demo), sessions) == []


def test_no_secret_or_session_id_appears_in_any_outbox_table(headless_demo):
    database = headless_demo.workdir / "outbox.sqlite3"
    texts = outbox_text(database)
    assert {"events.payload", "quarantine.headers"} <= set(texts), sorted(texts)  # the scan reads them all
    sessions = {f"session id {n}": sid for n, sid in enumerate(headless_demo.session_ids)}
    assert leaks(texts, {**CONFIGURED_SECRETS, **sessions}) == []
