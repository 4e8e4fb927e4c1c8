"""One handler per supported ``<function>`` child, and the outcome of running one function.

Handlers take the :class:`Call` (company, clock, who is signed in) and the function's body element and
return the elements to put in ``<result>`` after ``<controlid>`` (a ``<data>`` or a ``<key>``), or raise
:class:`~core.sandbox.intacct.errors.FunctionFailure`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from core.sandbox.intacct.adjustments import create_adjustment
from core.sandbox.intacct.bills import create_legacy_bill
from core.sandbox.intacct.company import Company
from core.sandbox.intacct.errors import (
    SESSION_FAILED_ERRORNO,
    UNSUPPORTED_FUNCTION_ERRORNO,
    ErrorDetail,
    FunctionFailure,
)
from core.sandbox.intacct.reads import read_by_name, read_by_query, read_more, read_records, run_query
from core.sandbox.intacct.sessions import Session
from core.sandbox.intacct.writes import generic_create, generic_update
from core.sandbox.intacct.xmlio import sub


@dataclass
class Signer:
    """Who an operation is signed in as, and the session it used or opened."""

    userid: str
    companyid: str
    locationid: str
    session: Session | None
    via_login: bool


@dataclass
class Call:
    """What a handler may use: the company, the time, the signer, the gateway's URL, the function count."""

    company: Company
    signer: Signer
    endpoint: str
    functions_in_request: int

    @property
    def now(self) -> datetime:
        return datetime.fromtimestamp(self.company.clock(), UTC)


@dataclass
class Outcome:
    """How one function ended, before it is written as a ``<result>``."""

    name: str
    controlid: str
    status: str
    payload: list[etree._Element] = field(default_factory=list)
    errors: list[ErrorDetail] = field(default_factory=list)


Handler = Callable[[Call, etree._Element], list[etree._Element]]


def get_api_session(call: Call, body: etree._Element) -> list[etree._Element]:
    """``getAPISession``: must be alone in its request (§2.1); answers sessionid, endpoint, locationid."""
    if call.functions_in_request != 1:
        raise FunctionFailure(ErrorDetail(
            SESSION_FAILED_ERRORNO, "", "getAPISession must be the only function in its request.",
            "Send getAPISession in a request of its own."))
    wanted = body.find("locationid")
    signer = call.signer
    location = signer.locationid if wanted is None else (wanted.text or "").strip()
    if signer.session is None or signer.via_login or location != signer.session.locationid:
        signer.session = call.company.sessions.open(signer.userid, signer.companyid, location)
    data = etree.Element("data")
    api = sub(data, "api")
    sub(api, "sessionid", signer.session.session_id)
    sub(api, "endpoint", call.endpoint)
    sub(api, "locationid", signer.session.locationid)
    return [data]


HANDLERS: dict[str, Handler] = {
    "getAPISession": get_api_session,
    "create": lambda call, body: generic_create(call.company.store, body, call.now),
    "update": lambda call, body: generic_update(call.company.store, body, call.now),
    "create_apadjustment": lambda call, body: [_key(create_adjustment(call.company.store, body, call.now))],
    "create_bill": lambda call, body: [_key(create_legacy_bill(call.company.store, body, call.now))],
    "read": lambda call, body: read_records(call.company.store, body),
    "query": lambda call, body: run_query(call.company.store, body),
    "readByQuery": lambda call, body: read_by_query(call.company.store, call.company.cursors, body,
                                                    call.company.clock()),
    "readMore": lambda call, body: read_more(call.company.cursors, body, call.company.clock()),
    "readByName": lambda call, body: read_by_name(call.company.store, body),
}

# Functions whose failed result still carries an empty <data listtype="objects" count="0"/> (F21).
OBJECT_WRITES = {"create", "update"}


def _key(record: Mapping[str, object]) -> etree._Element:
    key = etree.Element("key")
    key.text = str(record["RECORDNO"])
    return key


def run_function(call: Call, function: etree._Element) -> Outcome:
    """Run one ``<function>`` element; a failure leaves the store as it was before the function."""
    body = next((c for c in function if isinstance(c.tag, str)), None)
    name = str(body.tag) if body is not None else ""
    outcome = Outcome(name, function.get("controlid", ""), "success")
    handler = HANDLERS.get(name)
    savepoint = call.company.store.savepoint()
    try:
        if handler is None or body is None:
            raise FunctionFailure(ErrorDetail(
                UNSUPPORTED_FUNCTION_ERRORNO, "", f"Function {name or '(none)'} is not supported by this gateway.", ""))
        outcome.payload = handler(call, body)
    except FunctionFailure as failure:
        call.company.store.rollback(savepoint)
        outcome.status, outcome.errors = "failure", list(failure.errors)
        if name in OBJECT_WRITES:
            outcome.payload = [etree.Element("data", listtype="objects", count="0")]
    return outcome
