"""Specification: threads and processes write the same outbox at once without "database is locked"."""

from __future__ import annotations

import subprocess
import sys
import threading

from core.outbox import Outbox
from tests.outbox.conftest import order_event
from tests.shared import REPO

WRITER = """
import sys
from pathlib import Path
from core.outbox import IncomingEvent, Outbox
box = Outbox.open(Path(sys.argv[1]))
base = int(sys.argv[2])
for i in range(base, base + 150):
    box.ingest(IncomingEvent("poll", "order.updated", "order", i, "2024-01-01T00:00:00", b"{}"))
    box.ingest(IncomingEvent("poll", "order.updated", "order", i, "2024-01-01T00:00:00", b"{}"))
print("ok")
"""


def test_threads_sharing_one_outbox_lose_no_event(outbox):
    errors: list[BaseException] = []

    def write(base: int) -> None:
        try:
            for i in range(base, base + 100):
                outbox.ingest(order_event(order_id=i))
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n * 1000,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == [] and sum(outbox.count_by_state().values()) == 400


def test_two_processes_writing_at_once_both_finish(db_path):
    Outbox.open(db_path).close()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), str(base)], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for base in (0, 10_000)]
    results = [p.communicate(timeout=45) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    box = Outbox.open(db_path)
    assert box.count_by_state() == {"awaiting_review": 300}


def test_two_processes_opening_a_fresh_database_both_migrate_cleanly(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    code = "import sys; from pathlib import Path; from core.outbox import Outbox; Outbox.open(Path(sys.argv[1]))"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=REPO, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    assert [p.wait(timeout=30) for p in procs] == [0, 0, 0], [p.stderr.read() for p in procs if p.stderr]
