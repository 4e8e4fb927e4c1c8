"""``ml-connector sandbox`` runs both emulators in the foreground until it is stopped."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from core.settings import load_settings
from tests.oauth1 import OAuth1
from tests.shared import REPO

CLI = str(Path(sys.executable).with_name("ml-connector"))
pytestmark = pytest.mark.timeout(60)


def start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], list[str]]:
    """Start the command and read its output up to the "Press Ctrl-C" line."""
    proc = subprocess.Popen([CLI, "sandbox", "--seed", "5", "--write-config",
                             str(tmp_path / "sandbox.toml"), *extra], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUTF8": "1"})
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            return proc, lines
    proc.kill()
    raise AssertionError("sandbox did not start:\n" + "".join(lines))


@pytest.fixture
def sandbox(tmp_path):
    proc, lines = start(tmp_path)
    yield proc, "".join(lines)
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)


def urls(output: str) -> tuple[str, str]:
    woo = re.search(r"WooCommerce sandbox: +(http://127\.0\.0\.1:\d+)", output)
    intacct = re.search(r"Intacct sandbox: +(http://127\.0\.0\.1:\d+)\S*", output)
    assert woo and intacct, output
    return woo.group(1), intacct.group(0).split()[-1]


def test_the_store_answers_oauth_signed_rest_calls_with_the_printed_credentials(sandbox):
    _, output = sandbox
    woo_url, _ = urls(output)
    reply = httpx.get(f"{woo_url}/wp-json/wc/v3/orders", auth=OAuth1("ck_sandbox_demo", "cs_sandbox_demo"),
                      timeout=5)
    assert reply.status_code == 200
    assert reply.json(), "the seeded store has orders"


def test_the_store_refuses_basic_auth_over_plain_http_like_woocommerce(sandbox):
    _, output = sandbox
    woo_url, _ = urls(output)
    reply = httpx.get(f"{woo_url}/wp-json/wc/v3/orders", auth=("ck_sandbox_demo", "cs_sandbox_demo"), timeout=5)
    assert reply.status_code == 401
    assert reply.json()["code"] == "woocommerce_rest_cannot_view"
    assert "OAuth 1.0a only, HTTP Basic is refused" in output


def test_behind_tls_the_store_also_accepts_basic_auth(tmp_path):
    proc, lines = start(tmp_path, "--behind-tls")
    try:
        woo_url, _ = urls("".join(lines))
        reply = httpx.get(f"{woo_url}/wp-json/wc/v3/orders", auth=("ck_sandbox_demo", "cs_sandbox_demo"),
                          timeout=5)
        assert reply.status_code == 200
    finally:
        proc.kill()
        proc.wait(5)


def test_the_intacct_gateway_answers_with_xml(sandbox):
    _, output = sandbox
    _, gateway = urls(output)
    reply = httpx.post(gateway, content=b"<request/>", headers={"Content-Type": "application/xml"}, timeout=5)
    assert reply.status_code == 200
    assert b"<response>" in reply.content


def test_the_written_config_points_at_both_sandboxes(sandbox, tmp_path):
    _, output = sandbox
    woo_url, gateway = urls(output)
    settings = load_settings(tmp_path / "sandbox.toml", env={})
    assert settings.woocommerce.url == woo_url
    assert settings.intacct.endpoint == gateway


def test_sigterm_stops_it_cleanly(sandbox):
    proc, _ = sandbox
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
