"""The XML gateway's request pipeline, without HTTP: bytes in, Sage-shaped response bytes out.

Three status levels, checked in order (INTACCT-API.md §1.2, §10.1): control (parse, schema, sender
credentials; failure → ``<errormessage>`` under ``<response>``), then authentication per operation
(failure → ``<errormessage>`` inside ``<operation>``, no results), then one ``<result>`` per function.

The work is split in two so the HTTP layer can simulate processing time between them:
:meth:`Gateway.prepare` checks control and authentication and claims the function controlids as
"in process"; :meth:`Gateway.execute` runs the functions and commits. Both are synchronous and fast;
the caller holds the company lock around each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from core.sandbox.intacct import errors as e
from core.sandbox.intacct.company import Company
from core.sandbox.intacct.functions import Call, Outcome, Signer, run_function
from core.sandbox.intacct.schema import RequestValidator
from core.sandbox.intacct.sessions import iso
from core.sandbox.intacct.xmlio import control_block, errormessage, parse, serialize, sub, text_of


@dataclass
class Operation:
    """One ``<operation>``: its element, and who signed in or why authentication failed."""

    element: etree._Element
    signer: Signer | None
    auth_errors: list[e.ErrorDetail]
    echo_user: tuple[str, str, str | None]  # userid, companyid, locationid (None: not written)


@dataclass
class Prepared:
    """A request that passed the control level, ready to execute."""

    echo: tuple[str, str, str, str]  # senderid, controlid, uniqueid, dtdversion as received
    unique: bool
    token: int
    operations: list[Operation] = field(default_factory=list)
    busy: set[str] = field(default_factory=set)  # controlids another request was processing on arrival


class Gateway:
    """Turns request bytes into response bytes against one :class:`Company`."""

    def __init__(self, company: Company, validator: RequestValidator) -> None:
        self.company = company
        self.validator = validator

    def prepare(self, body: bytes) -> Prepared | bytes:
        """Control and authentication checks; returns the finished response bytes on a control failure."""
        try:
            root = parse(body)
        except etree.XMLSyntaxError as exc:
            return control_failure(("", "", "", ""), _parse_error(str(exc)))
        control = root.find("control")
        echo = tuple(text_of(control, tag) for tag in ("senderid", "controlid", "uniqueid", "dtdversion"))
        echo4: tuple[str, str, str, str] = (echo[0], echo[1], echo[2] or "false", echo[3] or "3.0")
        problem = self.validator.first_error(root)
        if problem is not None:
            return control_failure(echo4, _parse_error(problem))
        creds = self.company.credentials
        if echo4[0] != creds.sender_id or text_of(control, "password") != creds.sender_password:
            return control_failure(echo4, e.ErrorDetail(e.AUTH_ERRORNO, "", e.BAD_SENDER))
        self.company.next_token += 1
        prepared = Prepared(echo4, echo4[2].lower() == "true", self.company.next_token)
        prepared.operations = [self._authenticate(op) for op in root.findall("operation")]
        if prepared.unique:
            ids = [f.get("controlid", "") for op in prepared.operations if op.signer
                   for f in op.element.iterfind("content/function")]
            prepared.busy = {cid for cid in ids if self.company.ledger.busy_elsewhere(cid, prepared.token)}
            self.company.ledger.claim(ids, prepared.token)
        return prepared

    def _authenticate(self, element: etree._Element) -> Operation:
        auth = element.find("authentication")
        login = auth.find("login") if auth is not None else None
        if login is not None:
            return self._login(element, login)
        session_id = text_of(auth, "sessionid")
        session = self.company.sessions.touch(session_id) if session_id else None
        if session is None:
            invalid = e.ErrorDetail(e.AUTH_ERRORNO, "", f"Invalid session {session_id[:1]}....")
            return Operation(element, None, [invalid], ("", "", None))
        signer = Signer(session.userid, session.companyid, session.locationid, session, via_login=False)
        return Operation(element, signer, [], (session.userid, session.companyid, session.locationid))

    def _login(self, element: etree._Element, login: etree._Element) -> Operation:
        creds = self.company.credentials
        userid, companyid = text_of(login, "userid"), text_of(login, "companyid")
        locationid = text_of(login, "locationid")
        if (userid, companyid, text_of(login, "password")) != (creds.user_id, creds.company_id, creds.user_password):
            return Operation(element, None, [e.ErrorDetail(e.AUTH_ERRORNO, "", e.BAD_LOGIN)], (userid, companyid, ""))
        self.company.login_count += 1
        signer = Signer(userid, companyid, locationid, None, via_login=True)
        return Operation(element, signer, [], (userid, companyid, locationid))

    def execute(self, prepared: Prepared, endpoint: str) -> bytes:
        """Run every authenticated operation, commit, and write the response."""
        root = etree.Element("response")
        control_block(root, "success", *prepared.echo)
        try:
            for operation in prepared.operations:
                self._operation(root, prepared, operation, endpoint)
        finally:
            self.company.ledger.release(prepared.token)
            self.company.store.release()
        return serialize(root)

    def _operation(self, root: etree._Element, prepared: Prepared, op: Operation, endpoint: str) -> None:
        node = sub(root, "operation")
        if op.signer is None:
            _auth_block(node, "failure", op.echo_user, None)
            errormessage(node, op.auth_errors)
            return
        functions = op.element.findall("content/function")
        call = Call(self.company, op.signer, endpoint, len(functions))
        outcomes = self._run_all(call, prepared, functions, op.element.get("transaction") == "true")
        session = op.signer.session
        timeout = session.expires_at if session else self.company.clock() + self.company.sessions.duration
        _auth_block(node, "success", op.echo_user, (self.company.clock(), timeout))
        for outcome in outcomes:
            _result(node, outcome)

    def _run_all(self, call: Call, prepared: Prepared, functions: list[etree._Element], atomic: bool) -> list[Outcome]:
        savepoint = self.company.store.savepoint()
        outcomes: list[Outcome] = []
        for function in functions:
            if atomic and any(o.status == "failure" for o in outcomes):
                outcomes.append(Outcome(_name(function), function.get("controlid", ""), "aborted"))
                continue
            refusal = self._replay_refusal(function, prepared, outcomes) if prepared.unique else None
            outcomes.append(refusal or run_function(call, function))
        if atomic and any(o.status == "failure" for o in outcomes):
            self.company.store.rollback(savepoint)
            return [_rolled_back(o) for o in outcomes]
        self.company.ledger.completed.update(o.controlid for o in outcomes if o.status == "success")
        return outcomes

    def _replay_refusal(self, function: etree._Element, prepared: Prepared, earlier: list[Outcome]) -> Outcome | None:
        cid = function.get("controlid", "")
        done_here = any(o.controlid == cid and o.status == "success" for o in earlier)
        if cid in prepared.busy:
            text = f"A request's function with the control ID {cid} is in process."
        elif cid in self.company.ledger.completed or done_here:
            text = f"A request's function with the control ID {cid} has already been executed."
        else:
            return None
        error = e.ErrorDetail(e.REPLAY_ERRORNO, "", text, "Use a new control ID for a new function.")
        return Outcome(_name(function), cid, "failure", errors=[error])


def _parse_error(reason: str) -> e.ErrorDetail:
    """§6: ill-formed or schema-invalid input is a control failure XL03000003."""
    return e.ErrorDetail(e.PARSE_ERRORNO, "", f"XML Parse schema error: {reason}", "Fix the request XML.")


def _name(function: etree._Element) -> str:
    return next((str(c.tag) for c in function if isinstance(c.tag, str)), "")


def _rolled_back(outcome: Outcome) -> Outcome:
    """§10.3: the failing function keeps its errors plus XL03000009; every other one is aborted."""
    rollback = e.ErrorDetail(e.ROLLBACK_ERRORNO, "", e.ROLLED_BACK)
    if outcome.status == "failure":
        return Outcome(outcome.name, outcome.controlid, "failure", outcome.payload, [*outcome.errors, rollback])
    return Outcome(outcome.name, outcome.controlid, "aborted", errors=[rollback])


def _auth_block(node: etree._Element, status: str, user: tuple[str, str, str | None],
                times: tuple[float, float] | None) -> None:
    auth = sub(node, "authentication")
    sub(auth, "status", status)
    sub(auth, "userid", user[0])
    sub(auth, "companyid", user[1])
    if user[2] is not None:
        sub(auth, "locationid", user[2])
    if times is not None:
        sub(auth, "sessiontimestamp", iso(times[0]))
        sub(auth, "sessiontimeout", iso(times[1]))


def _result(node: etree._Element, outcome: Outcome) -> None:
    result = sub(node, "result")
    sub(result, "status", outcome.status)
    sub(result, "function", outcome.name)
    sub(result, "controlid", outcome.controlid)
    for element in outcome.payload:
        result.append(element)
    if outcome.errors:
        errormessage(result, outcome.errors)


def control_failure(echo: tuple[str, str, str, str], *errors: e.ErrorDetail) -> bytes:
    """A control-level failure response: no operation block (F8)."""
    root = etree.Element("response")
    control_block(root, "failure", *echo)
    errormessage(root, errors)
    return serialize(root)
