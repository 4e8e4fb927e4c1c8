"""Issue 7's first contact, through the installed command: ``ml-connector init`` writes the template, the
installer fills in the sandboxes' URLs and credentials, and ``ml-connector ping`` passes; with one wrong
password, ping fails and names that exact key (and never prints the wrong value)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.sandbox.intacct import Credentials
from core.sandbox.woo import WooSandbox
from tests.ping.conftest import CS, DELIVERY, KEY

CLI = str(Path(sys.executable).with_name("ml-connector"))
CREDS = Credentials()
pytestmark = pytest.mark.timeout(60)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ML_CONNECTOR_")}
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=40,
                          stdin=subprocess.DEVNULL)


def fill(template: str, values: dict[str, dict[str, str]]) -> str:
    """The template with ``key = …`` replaced in each named section, as an installer edits it by hand."""
    section, lines, todo = "", [], {s: dict(v) for s, v in values.items()}
    for line in template.splitlines():
        header = re.fullmatch(r"\[([\w.]+)\]", line.strip())
        section = header.group(1) if header else section
        key = re.match(r"(\w+) = ", line)
        if key and key.group(1) in todo.get(section, {}):
            line = f'{key.group(1)} = "{todo[section].pop(key.group(1))}"'
        lines.append(line)
    assert all(not keys for keys in todo.values()), f"keys missing from the template: {todo}"
    return "\n".join(lines) + "\n"


@pytest.fixture
def configured(store: WooSandbox, intacct: str, tmp_path: Path):
    """``init`` into a fresh path, then a writer that fills the template (with optional wrong values)."""
    config = tmp_path / "ml-connector.toml"
    written = cli("--config", str(config), "init")
    assert written.returncode == 0, written.stderr
    template = config.read_text(encoding="utf-8")

    def write(**intacct_changes: str) -> Path:
        config.write_text(fill(template, {
            "woocommerce": {"url": store.url, "consumer_key": KEY, "consumer_secret": CS},
            "receiver": {"public_url": DELIVERY},
            "intacct": {"endpoint": intacct, "sender_id": CREDS.sender_id, "sender_password": CREDS.sender_password,
                        "company_id": CREDS.company_id, "user_id": CREDS.user_id,
                        "user_password": CREDS.user_password, **intacct_changes},
            "database": {"path": str(tmp_path / "outbox.sqlite3")},
        }), encoding="utf-8")
        return config

    return write


def test_ping_exits_0_on_the_filled_in_init_template(configured):
    result = cli("--config", str(configured()), "ping")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout


@pytest.mark.parametrize(("key", "failing_check"), [("user_password", "Intacct user login"),
                                                      ("sender_password", "Intacct sender authorised")])
def test_a_wrong_password_fails_ping_and_names_its_intacct_key(configured, key, failing_check):
    wrong = f"wrong-{key}-value"
    result = cli("--config", str(configured(**{key: wrong})), "ping")
    assert result.returncode != 0
    assert f"FAIL  {failing_check}" in result.stdout
    assert re.search(rf"fix: .*\[intacct\].*\b{key}\b", result.stdout), result.stdout
    assert wrong not in result.stdout + result.stderr
