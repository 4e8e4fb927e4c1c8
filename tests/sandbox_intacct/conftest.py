"""Fixtures for the Intacct sandbox tests: a running sandbox, a fake clock and hand-written request XML."""

from __future__ import annotations

import httpx
import pytest
from lxml import etree

from core.sandbox.intacct import IntacctSandbox
from tests.shared import API_XSD

SENDER, SENDER_PW = "acme-sender", "sender-pw!"
COMPANY, USER, USER_PW = "acme-co", "api-user", "user-pw!"


class FakeClock:
    """Epoch seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def login(user: str = USER, company: str = COMPANY, password: str = USER_PW, location: str = "") -> str:
    loc = f"<locationid>{location}</locationid>" if location else ""
    return (f"<login><userid>{user}</userid><companyid>{company}</companyid>"
            f"<password>{password}</password>{loc}</login>")


def session(session_id: str) -> str:
    return f"<sessionid>{session_id}</sessionid>"


def envelope(functions: str, auth: str | None = None, *, uniqueid: bool = False, transaction: bool = False,
             sender: str = SENDER, sender_password: str = SENDER_PW, controlid: str = "req-1") -> bytes:
    """A request the way the official SDKs write it (INTACCT-API.md §1.1)."""
    auth = auth if auth is not None else login()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<request><control><senderid>{sender}</senderid><password>{sender_password}</password>"
        f"<controlid>{controlid}</controlid><uniqueid>{'true' if uniqueid else 'false'}</uniqueid>"
        "<dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace></control>"
        f'<operation transaction="{"true" if transaction else "false"}"><authentication>{auth}</authentication>'
        f"<content>{functions}</content></operation></request>"
    ).encode()


def vendor_xml(vendorid: str, name: str = "Acme Parts", extra: str = "") -> str:
    return (f"<VENDOR><VENDORID>{vendorid}</VENDORID><NAME>{name}</NAME>"
            f"<DISPLAYCONTACT><PRINTAS>{name}</PRINTAS>{extra}</DISPLAYCONTACT></VENDOR>")


def create_vendor(vendorid: str, controlid: str = "cv", **kw: str) -> str:
    return f'<function controlid="{controlid}"><create>{vendor_xml(vendorid, **kw)}</create></function>'


def bill_xml(vendorid: str = "V1", lines: str = "", header: str = "") -> str:
    lines = lines or "<APBILLITEM><ACCOUNTNO>6000</ACCOUNTNO><TRX_AMOUNT>100.00</TRX_AMOUNT></APBILLITEM>"
    return (f"<APBILL><VENDORID>{vendorid}</VENDORID><WHENCREATED>07/04/2026</WHENCREATED>"
            f"<WHENDUE>08/03/2026</WHENDUE>{header}<APBILLITEMS>{lines}</APBILLITEMS></APBILL>")


def line(account: str = "6000", amount: str = "100.00", dims: str = "") -> str:
    return f"<APBILLITEM><ACCOUNTNO>{account}</ACCOUNTNO><TRX_AMOUNT>{amount}</TRX_AMOUNT>{dims}</APBILLITEM>"


def make_sandbox(**kw) -> IntacctSandbox:
    options = dict(sender_id=SENDER, sender_password=SENDER_PW, company_id=COMPANY, user_id=USER,
                   user_password=USER_PW, schema_path=API_XSD, inspection=True)
    options.update(kw)
    return IntacctSandbox(**options)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox(clock: FakeClock) -> IntacctSandbox:
    return make_sandbox(clock=clock, session_seconds=600)


@pytest.fixture
def url(sandbox: IntacctSandbox):
    with sandbox.run_in_thread() as gateway_url:
        yield gateway_url


class Gateway:
    """Posts hand-written XML to the sandbox and parses the answer."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = httpx.Client(timeout=5.0)

    def post(self, body: bytes) -> etree._Element:
        response = self.raw(body)
        assert response.status_code == 200, response.text
        return etree.fromstring(response.content)

    def raw(self, body: bytes) -> httpx.Response:
        return self.client.post(self.url, content=body, headers={"Content-Type": "application/xml"})

    def call(self, functions: str, auth: str | None = None, **kw) -> etree._Element:
        """The operation element of a successful control+auth response."""
        root = self.post(envelope(functions, auth, **kw))
        assert root.findtext("control/status") == "success", etree.tostring(root)
        assert root.findtext("operation/authentication/status") == "success", etree.tostring(root)
        return root.find("operation")

    def session_id(self) -> str:
        op = self.call('<function controlid="s"><getAPISession/></function>')
        return op.findtext("result/data/api/sessionid")

    def inspect(self, path: str) -> httpx.Response:
        return self.client.get(self.url.replace("/ia/xml/xmlgw.phtml", path))


@pytest.fixture
def gw(url: str):
    gateway = Gateway(url)
    yield gateway
    gateway.client.close()


def errors(node: etree._Element) -> list[tuple[str, str]]:
    """(errorno, description2) of every error below ``node``."""
    return [(e.findtext("errorno"), e.findtext("description2")) for e in node.iter("error")]
