"""Everything the emulated Intacct company remembers between requests, in one object.

:class:`Company` is not thread-safe by itself; :class:`~core.sandbox.intacct.sandbox.IntacctSandbox`
holds one lock around every use, and the gateway never awaits while it holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.sandbox.intacct.reads import Cursor
from core.sandbox.intacct.sessions import SessionTable
from core.sandbox.intacct.store import RecordStore


@dataclass(frozen=True)
class Credentials:
    """What the gateway accepts: the Web Services sender, and one company user."""

    sender_id: str = "sandbox-sender"
    sender_password: str = field(default="sandbox-sender-password", repr=False)
    company_id: str = "sandbox-company"
    user_id: str = "sandbox-user"
    user_password: str = field(default="sandbox-user-password", repr=False)


class ControlIdLedger:
    """Function controlids that completed, and those being processed right now (for ``uniqueid``, §3)."""

    def __init__(self) -> None:
        self.completed: set[str] = set()
        self._in_process: dict[str, int] = {}

    def claim(self, controlids: list[str], token: int) -> None:
        """Mark ``controlids`` as being processed by request ``token`` (the first claimant keeps it)."""
        for cid in controlids:
            self._in_process.setdefault(cid, token)

    def release(self, token: int) -> None:
        """Request ``token`` has finished."""
        for cid in [c for c, t in self._in_process.items() if t == token]:
            del self._in_process[cid]

    def busy_elsewhere(self, controlid: str, token: int) -> bool:
        """Is another request processing a function with this controlid right now?"""
        owner = self._in_process.get(controlid)
        return owner is not None and owner != token


@dataclass
class Company:
    """Records, sessions, read cursors, the controlid ledger and the counters the inspection API shows."""

    credentials: Credentials
    store: RecordStore
    sessions: SessionTable
    clock: Callable[[], float]
    cursors: dict[str, Cursor] = field(default_factory=dict)
    ledger: ControlIdLedger = field(default_factory=ControlIdLedger)
    login_count: int = 0
    request_count: int = 0
    next_token: int = 0
