"""API sessions with Sage's sliding expiry (INTACCT-API.md §2.2).

"If a call occurs before the projected timeout, it is reset to the current time plus the session
duration." An unknown or expired session id is refused; :meth:`SessionTable.expire_all` lets a test make
every session stale at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime


def iso(epoch: float) -> str:
    """ISO-8601 with an offset, the format of ``sessiontimestamp`` / ``sessiontimeout``."""
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


@dataclass
class Session:
    """One session: whose it is, for which entity, and until when (refreshed on every use)."""

    session_id: str
    userid: str
    companyid: str
    locationid: str
    expires_at: float


class SessionTable:
    """The open sessions; ``clock`` returns epoch seconds (injectable so tests need not sleep)."""

    def __init__(self, duration_seconds: float, clock: Callable[[], float]) -> None:
        self.duration = duration_seconds
        self.clock = clock
        self._sessions: dict[str, Session] = {}

    def open(self, userid: str, companyid: str, locationid: str) -> Session:
        """A new session for the signed-in user."""
        session = Session(secrets.token_urlsafe(24) + "..", userid, companyid, locationid, 0.0)
        session.expires_at = self.clock() + self.duration
        self._sessions[session.session_id] = session
        return session

    def touch(self, session_id: str) -> Session | None:
        """The live session for ``session_id`` with its expiry slid forward, or ``None`` (unknown/expired)."""
        session = self._sessions.get(session_id)
        now = self.clock()
        if session is None or session.expires_at <= now:
            self._sessions.pop(session_id, None)
            return None
        session.expires_at = now + self.duration
        return session

    def expire_all(self) -> int:
        """Forget every session (clients must sign in again); returns how many there were."""
        count = len(self._sessions)
        self._sessions.clear()
        return count

    def active(self) -> int:
        """How many sessions have not yet expired."""
        now = self.clock()
        return sum(1 for s in self._sessions.values() if s.expires_at > now)
