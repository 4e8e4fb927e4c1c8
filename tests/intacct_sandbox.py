"""The Intacct sandbox as the client tests (tests/intacct) and the sync tests (tests/sync) run it.

One place for the set-up both need: the emulated gateway on 127.0.0.1 validating every request against
Sage's api.xsd (read in place), sessions long enough that no test sees one expire unless it asks, and the
credentials it accepts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from core.sandbox.intacct import Credentials, IntacctSandbox
from tests.shared import API_XSD

CREDS = Credentials()


@contextlib.contextmanager
def running_intacct(concurrency_hold_seconds: float) -> Iterator[IntacctSandbox]:
    """A started sandbox; ``concurrency_hold_seconds`` is how long each request holds a concurrency slot."""
    sandbox = IntacctSandbox(schema_path=API_XSD, session_seconds=3600)
    sandbox.faults.concurrency_hold_seconds = concurrency_hold_seconds
    with sandbox.run_in_thread():
        yield sandbox


def vendor_ids(sandbox: IntacctSandbox) -> list[str]:
    """The VENDORIDs the sandbox company holds, sorted."""
    return sorted(str(r["VENDORID"]) for r in sandbox.state.records("VENDOR"))
