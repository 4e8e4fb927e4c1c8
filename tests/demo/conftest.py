"""One full ``ml-connector -v demo --headless`` run per test session, shared by every test that reads it.

The day takes several seconds; the reconciliation tests and the secrets test read the same run. It runs
with ``-v`` (debug logs on stderr, request and response XML included) and ``--keep`` (the config and outbox
stay for inspection), under :mod:`tests.demo.record_sessions` so the Intacct sessions it used are known.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.shared import API_XSD, REPO


@dataclass(frozen=True)
class DemoRun:
    process: subprocess.CompletedProcess[str]
    workdir: Path
    """What ``--keep`` kept: ``ml-connector.toml`` and ``outbox.sqlite3``."""
    session_ids: list[str]
    """Every session id the sandbox Intacct company issued during the run."""


@pytest.fixture(scope="session")
def headless_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    base = tmp_path_factory.mktemp("headless-demo")
    workdir, ids_file = base / "keep", base / "session-ids.json"
    env = {**os.environ, "ML_CONNECTOR_INTACCT_SCHEMA_PATH": str(API_XSD), "PYTHONUTF8": "1"}
    env.pop("ML_CONNECTOR_CONFIG", None)
    process = subprocess.run(
        [sys.executable, "-m", "tests.demo.record_sessions", str(ids_file),
         "-v", "demo", "--headless", "--seed", "3", "--keep", str(workdir)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    session_ids = json.loads(ids_file.read_text(encoding="utf-8")) if ids_file.is_file() else []
    return DemoRun(process, workdir, session_ids)
