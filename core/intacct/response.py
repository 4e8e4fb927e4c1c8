"""Read a gateway response into its three status levels (INTACCT-API.md §1.2, §10.1).

:func:`parse_response` only reads; :func:`check_response` turns a control- or authentication-level failure
into the matching exception from :mod:`core.intacct.errors`. Function-level failures stay in each
:class:`FunctionResult` so that one failed function does not hide its neighbours' outcomes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.intacct.errors import (
    AmbiguousOutcomeError,
    AuthenticationError,
    ControlError,
    DuplicateError,
    ErrorDetail,
    FunctionFailed,
    IntacctError,
    MalformedResponseError,
    StaleSessionError,
    TransportError,
    describe,
)
from core.intacct.xml import Element, parse

DUPLICATE_ERRORNOS = frozenset({"BL34000061"})
"""Errornos that mean "this record or this function controlid exists already"."""
DUPLICATE_TEXTS = ("A request's function with the control ID", "already exists", "Another record with the value")
TRANSIENT_ERRORNOS = frozenset({"GW-0010", "GW-0011", "200024"})
TRANSIENT_TEXTS = ("too many operations", "temporarily off-line", "api rate limit exceeded")
SENDER_TEXTS = ("partner id", "sender id", "web services authorization")


@dataclass
class FunctionResult:
    """One function's outcome. ``status``: ``success``, ``failure``, ``aborted``, or ``unknown`` when the
    request's outcome is ambiguous (``error`` then holds the :class:`AmbiguousOutcomeError`)."""

    control_id: str
    function: str
    status: str
    data: Element | None = None
    key: str | None = None
    errors: list[ErrorDetail] = field(default_factory=list)
    record_no: str | None = None
    error: IntacctError | None = None

    @property
    def ok(self) -> bool:
        return self.status == "success"

    def raise_for_status(self) -> FunctionResult:
        """Return self on success; raise :class:`DuplicateError`, :class:`FunctionFailed` or the request error."""
        if self.ok:
            return self
        if self.error is not None:
            raise self.error
        if is_duplicate(self.errors):
            raise DuplicateError(self.control_id, self.function, self.errors)
        raise FunctionFailed(self.control_id, self.function, self.errors)


@dataclass(frozen=True)
class AuthInfo:
    status: str
    session_timestamp: datetime | None = None
    session_timeout: datetime | None = None


@dataclass
class Response:
    control_status: str
    control_errors: list[ErrorDetail]
    auth: AuthInfo | None
    auth_errors: list[ErrorDetail]
    results: list[FunctionResult]


def is_duplicate(errors: Sequence[ErrorDetail]) -> bool:
    if any(e.errorno in DUPLICATE_ERRORNOS for e in errors):
        return True
    return any(marker.lower() in e.text().lower() for e in errors for marker in DUPLICATE_TEXTS)


def is_transient(errors: Sequence[ErrorDetail]) -> bool:
    if any(e.errorno in TRANSIENT_ERRORNOS for e in errors):
        return True
    text = " ".join(e.text() for e in errors).lower()
    return any(marker in text for marker in TRANSIENT_TEXTS) or "(200024)" in text


def _text(el: Element | None, path: str) -> str:
    found = el.find(path) if el is not None else None
    return (found.text or "").strip() if found is not None else ""


def _errors(parent: Element | None) -> list[ErrorDetail]:
    if parent is None:
        return []
    return [
        ErrorDetail(_text(e, "errorno"), _text(e, "description"), _text(e, "description2"), _text(e, "correction"))
        for e in parent.iterfind("errormessage/error")
    ]


def _timestamp(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _record_no(data: Element | None, key: str | None) -> str | None:
    """RECORDNO of a create/update (``data/<object>/RECORDNO``) or the legacy ``<key>``."""
    if data is not None:
        found = data.find("*/RECORDNO")
        if found is not None and found.text:
            return found.text.strip()
    return key


def _result(el: Element) -> FunctionResult:
    data = el.find("data")
    key = _text(el, "key") or None
    return FunctionResult(
        control_id=_text(el, "controlid"),
        function=_text(el, "function"),
        status=_text(el, "status") or "failure",
        data=data,
        key=key,
        errors=_errors(el),
        record_no=_record_no(data, key),
    )


def parse_response(body: bytes) -> Response:
    """The response's three levels. Raises :class:`MalformedResponseError` / :class:`XmlSecurityError`."""
    root = parse(body)
    if root.tag != "response" or root.find("control/status") is None:
        raise MalformedResponseError("not a gateway response (no <response><control><status>)")
    operation = root.find("operation")
    auth_el = operation.find("authentication") if operation is not None else None
    auth = None
    if auth_el is not None:
        auth = AuthInfo(
            _text(auth_el, "status"),
            _timestamp(_text(auth_el, "sessiontimestamp")),
            _timestamp(_text(auth_el, "sessiontimeout")),
        )
    return Response(
        control_status=_text(root, "control/status"),
        control_errors=_errors(root),
        auth=auth,
        auth_errors=_errors(operation),
        results=[_result(r) for r in operation.iterfind("result")] if operation is not None else [],
    )


def check_response(response: Response, *, used_session: bool) -> None:
    """Raise for a control- or authentication-level failure (function failures stay in the results)."""
    if response.control_status != "success":
        errors = response.control_errors
        if is_transient(errors):
            raise TransportError(f"gateway busy or off-line: {describe(errors)}", errors)
        if _is_sign_in(errors):
            raise AuthenticationError("sender", errors)
        raise ControlError(f"control block failed: {describe(errors)}", errors)
    if response.auth is None:
        raise MalformedResponseError("response is missing the operation block")
    if response.auth.status != "success":
        errors = response.auth_errors
        if is_transient(errors):
            raise TransportError(f"gateway busy or off-line: {describe(errors)}", errors)
        if used_session:
            raise StaleSessionError(f"session refused: {describe(errors)}", errors)
        sender = any(m in e.text().lower() for e in errors for m in SENDER_TEXTS)
        raise AuthenticationError("sender" if sender else "user", errors)


def _is_sign_in(errors: Sequence[ErrorDetail]) -> bool:
    text = " ".join(e.text() for e in errors).lower()
    return "sign-in" in text or "xmlgw_jpp0002" in text or any(m in text for m in SENDER_TEXTS)


def unknown_results(control_ids: Sequence[str], names: Sequence[str], error: AmbiguousOutcomeError) -> list[
    FunctionResult
]:
    """Results for functions whose outcome is unknown: ``raise_for_status`` raises ``error``."""
    return [FunctionResult(c, n, "unknown", error=error) for c, n in zip(control_ids, names, strict=True)]
