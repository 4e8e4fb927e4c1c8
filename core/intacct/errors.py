"""The Intacct gateway's exceptions.

Our exception hierarchy (modelled on httpx's ``_exceptions.py``)::

    IntacctError                    anything that went wrong talking to the gateway
    ├── TransportError              transient: 5xx except 524, timeouts, connect errors, HTTP 429 / GW-0010,
    │                               "too many operations" (200024), "Temporarily Off-line". The client retries
    │                               these with backoff; it raises one only when ``max_retries`` is spent.
    ├── AmbiguousOutcomeError       the request was (or may have been) delivered but no usable answer came
    │   │                           back: HTTP 524, connection lost after sending, read timeout. Writes are
    │   │                           never re-sent blindly; the caller reconciles by reading back.
    │   └── MalformedResponseError  the answer was not well-formed XML or not a gateway response.
    ├── XmlSecurityError            the answer carried a DTD or entities; refused unread (outcome unknown).
    ├── AuthenticationError         sender or user credentials are wrong: the operator must fix the settings.
    ├── StaleSessionError           internal: a session-authenticated request failed authentication; the
    │                               client logs in again and replays once, then raises AuthenticationError.
    ├── ControlError                the control block failed (expired company, bad policy, parse error, …).
    ├── InvalidRequestError         our own request failed schema validation; nothing was sent.
    └── FunctionFailed              one function failed; ``errors`` holds Intacct's details verbatim.
        └── DuplicateError          the record exists already (BL34000061) or the function's controlid was
                                    already used (uniqueid replay): reconcile, do not retry.

No message ever contains a secret: texts that may echo a request go through :func:`core.redact.redact`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.redact import redact


@dataclass(frozen=True)
class ErrorDetail:
    """One ``<error>`` exactly as Intacct sent it."""

    errorno: str
    description: str = ""
    description2: str = ""
    correction: str = ""

    def text(self) -> str:
        """The non-empty parts joined by spaces, as the SDKs flatten them."""
        return " ".join(p for p in (self.errorno, self.description, self.description2, self.correction) if p)


def describe(errors: Sequence[ErrorDetail]) -> str:
    return redact("; ".join(e.text() for e in errors)) or "no error detail"


class IntacctError(Exception):
    """Base of every gateway error."""

    def __init__(self, message: str, errors: Sequence[ErrorDetail] = ()) -> None:
        super().__init__(redact(message))
        self.errors: list[ErrorDetail] = list(errors)


class TransportError(IntacctError):
    """A transient failure worth retrying with backoff (see module docstring)."""


class AmbiguousOutcomeError(IntacctError):
    """The request may have been processed; ``control_ids`` are the functions whose outcome is unknown."""

    def __init__(self, message: str, errors: Sequence[ErrorDetail] = (), control_ids: Sequence[str] = ()) -> None:
        super().__init__(message, errors)
        self.control_ids: list[str] = list(control_ids)


class MalformedResponseError(AmbiguousOutcomeError):
    """The response could not be parsed as a gateway response."""


class XmlSecurityError(IntacctError):
    """The response declared a DTD or entities (XXE, billion laughs); it was refused without expansion."""


class AuthenticationError(IntacctError):
    """Credentials were refused. ``which`` names the pair at fault: ``sender`` or ``user`` (never the value)."""

    def __init__(self, which: Literal["sender", "user"], errors: Sequence[ErrorDetail] = ()) -> None:
        fix = "sender_id / sender_password" if which == "sender" else "company_id / user_id / user_password"
        super().__init__(f"Intacct refused the {which} credentials (check [intacct] {fix}): {describe(errors)}",
                         errors)
        self.which = which


class StaleSessionError(IntacctError):
    """A session-authenticated request failed authentication (expired or unknown session)."""


class ControlError(IntacctError):
    """The control block failed; no function was executed."""


class InvalidRequestError(IntacctError):
    """Our request does not validate against ``api.xsd``; it was not sent."""


class FunctionFailed(IntacctError):
    """One function failed; the other functions of the request are unaffected (``transaction="false"``)."""

    def __init__(self, control_id: str, function: str, errors: Sequence[ErrorDetail]) -> None:
        super().__init__(f"{function} {control_id!r} failed: {describe(errors)}", errors)
        self.control_id = control_id
        self.function = function


class DuplicateError(FunctionFailed):
    """The record already exists, or the controlid was already executed with ``uniqueid`` true."""
