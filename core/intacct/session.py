"""One API session shared by every caller (INTACCT-API.md §2).

``getAPISession`` runs alone in its own request with the login credentials; the returned ``sessionid`` and
``endpoint`` are used for everything after. A session is reused for at most ``session_max_age_seconds`` and
never past the ``sessiontimeout`` of the latest response (Intacct slides it forward on every call). The
lock makes concurrent callers share one login instead of each logging in (no thundering herd).

The returned ``endpoint`` receives the sender password and the session id with every later request, so it
is checked (:func:`check_session_endpoint`): only ``https`` on the configured gateway's domain, or, when the
configured endpoint itself is loopback (the sandbox), a loopback address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from core.intacct.errors import IntacctError, MalformedResponseError
from core.intacct.functions.session import GetApiSession
from core.intacct.request import LoginAuth, build_request
from core.intacct.response import AuthInfo, Response, check_response
from core.redact import register_secrets
from core.settings import IntacctSettings

log = logging.getLogger(__name__)
SESSION_CONTROL_ID = "sessionProvider"
Send = Callable[[str, bytes], Awaitable[Response]]
"""Posts a read-only request body to an endpoint (with the client's retries) and returns the response."""


class UntrustedEndpointError(IntacctError):
    """``getAPISession`` named an endpoint we will not send credentials to (see the module doc)."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _domain(host: str) -> str:
    """The gateway's domain: the last two labels of a host name (``api.intacct.com`` → ``intacct.com``)."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        return ".".join(host.split(".")[-2:])


def check_session_endpoint(endpoint: str, configured: str, allow_loopback: bool = False) -> str:
    """``endpoint`` when credentials may go there, else :class:`UntrustedEndpointError` (nothing is sent)."""
    url, base = httpx.URL(endpoint), httpx.URL(configured)
    host, base_host = (url.host or "").lower().rstrip("."), (base.host or "").lower().rstrip(".")
    if (allow_loopback or _is_loopback(base_host)) and _is_loopback(host) and url.scheme in ("http", "https"):
        return endpoint
    domain = _domain(base_host)
    if url.scheme == "https" and host and (host in (base_host, domain) or host.endswith("." + domain)):
        return endpoint
    raise UntrustedEndpointError(f"getAPISession named the session endpoint {endpoint[:200]!r}; only https on "
                                 f"{domain or base_host!r} is trusted with credentials (intacct.endpoint)")


@dataclass
class Session:
    session_id: str
    endpoint: str
    location_id: str
    created_at: float
    expires_at: float
    """Monotonic time after which the session is not used again."""


def seconds_left(auth: AuthInfo | None) -> float | None:
    """How long the server will keep the session, measured on the server's own clock when possible."""
    if auth is None or auth.session_timeout is None:
        return None
    start = auth.session_timestamp or datetime.now(UTC)
    try:
        return (auth.session_timeout - start).total_seconds()
    except TypeError:  # one naive, one aware timestamp
        return None


class SessionProvider:
    """Hands out a valid :class:`Session`, logging in when there is none or it has expired."""

    def __init__(self, settings: IntacctSettings, send: Send, clock: Callable[[], float]) -> None:
        self._settings = settings
        self._send = send
        self._clock = clock
        self._lock = asyncio.Lock()
        self._session: Session | None = None
        self.logins = 0
        """How many ``getAPISession`` requests succeeded (for tests and the console)."""

    def _usable(self, session: Session | None) -> bool:
        return session is not None and self._clock() < session.expires_at

    async def get(self) -> Session:
        session = self._session
        if session is not None and self._usable(session):
            return session
        async with self._lock:
            if self._session is None or not self._usable(self._session):
                self._session = await self._login()
            return self._session

    def invalidate(self, session: Session) -> None:
        """Forget ``session`` (it was refused); a newer session obtained meanwhile is kept."""
        if self._session is session:
            self._session = None

    def observe(self, session: Session, auth: AuthInfo | None) -> None:
        """Slide the expiry from a response's ``sessiontimeout``, never beyond the maximum age."""
        left = seconds_left(auth)
        if left is not None:
            max_age_end = session.created_at + self._settings.session_max_age_seconds
            session.expires_at = min(max_age_end, self._clock() + left)

    async def _login(self) -> Session:
        s = self._settings
        auth = LoginAuth(s.user_id, s.company_id, s.user_password.reveal(), s.entity_id)
        function = GetApiSession(SESSION_CONTROL_ID, s.entity_id or None)
        body = build_request(s.sender_id, s.sender_password.reveal(), auth, [function])
        response = await self._send(s.endpoint, body)
        check_response(response, used_session=False)
        if not response.results:
            raise MalformedResponseError("getAPISession returned no result")
        result = response.results[0].raise_for_status()
        api = result.data.find("api") if result.data is not None else None
        session_id = (api.findtext("sessionid") or "").strip() if api is not None else ""
        if api is None or not session_id:
            raise MalformedResponseError("getAPISession returned no sessionid")
        register_secrets([session_id])
        now = self._clock()
        session = Session(
            session_id=session_id,
            endpoint=check_session_endpoint((api.findtext("endpoint") or "").strip() or s.endpoint, s.endpoint,
                                            s.allow_loopback_session_endpoint),
            location_id=(api.findtext("locationid") or "").strip(),
            created_at=now,
            expires_at=now + s.session_max_age_seconds,
        )
        self.observe(session, response.auth)
        self.logins += 1
        log.info("Intacct session opened at %s", session.endpoint)
        return session
