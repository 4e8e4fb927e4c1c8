"""``python -m tests.demo.record_sessions IDS_FILE ARGS…`` runs ``ml-connector ARGS…`` (the same
:func:`core.cli.main` the installed command calls) and, at exit, writes every session id the in-process
Intacct sandbox issued to IDS_FILE as a JSON list.

Why: the secrets test must look for the run's real session ids in what the run left behind, but the
sandbox lives inside the demo process and is gone when it ends. Recording where sessions are opened is
the one observation this adds; everything else is the command as a user runs it.
"""

from __future__ import annotations

import atexit
import json
import sys
from pathlib import Path

from core.sandbox.intacct.sessions import Session, SessionTable


def record_sessions(ids_file: Path) -> None:
    issued: list[str] = []
    open_session = SessionTable.open

    def recording_open(self: SessionTable, userid: str, companyid: str, locationid: str) -> Session:
        session = open_session(self, userid, companyid, locationid)
        issued.append(session.session_id)
        return session

    SessionTable.open = recording_open  # type: ignore[method-assign]
    atexit.register(lambda: ids_file.write_text(json.dumps(issued), encoding="utf-8"))


if __name__ == "__main__":
    record_sessions(Path(sys.argv[1]))
    from core.cli import main

    sys.exit(main(sys.argv[2:]))
