"""A scripted stand-in for the gateway behind ``httpx.MockTransport``: logs in, echoes successes, and
lets a test queue faults. No network: the client's requests never leave the process."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from lxml import etree

from core.secret import Secret
from core.settings import IntacctSettings

LOGIN_ENDPOINT = "http://127.0.0.1:9/ia/xml/xmlgw.phtml"
SESSION_ENDPOINT = "http://127.0.0.1:9/session/xmlgw.phtml"
SENDER_PASSWORD = "sender-Secret-41"
USER_PASSWORD = "user-Secret-42"
XML = {"Content-Type": 'text/xml; encoding="UTF-8"'}


def settings(**overrides) -> IntacctSettings:
    values = dict(endpoint=LOGIN_ENDPOINT, sender_id="snd", sender_password=Secret(SENDER_PASSWORD),
                  company_id="co", user_id="usr", user_password=Secret(USER_PASSWORD), max_retries=3)
    values.update(overrides)
    return IntacctSettings(**values)


def envelope(inner: str, auth_status: str = "success", timeout: str = "2024-01-01T01:00:00+00:00") -> bytes:
    return (
        "<response><control><status>success</status><senderid>snd</senderid><controlid>c</controlid>"
        "<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control><operation><authentication>"
        f"<status>{auth_status}</status><userid>usr</userid><companyid>co</companyid>"
        f"<sessiontimestamp>2024-01-01T00:00:00+00:00</sessiontimestamp><sessiontimeout>{timeout}</sessiontimeout>"
        f"</authentication>{inner}</operation></response>"
    ).encode()


def result(control_id: str, function: str = "create", status: str = "success", body: str = "") -> str:
    return (f"<result><status>{status}</status><function>{function}</function>"
            f"<controlid>{control_id}</controlid>{body}</result>")


def error(errorno: str, description2: str = "", correction: str = "") -> str:
    return (f"<errormessage><error><errorno>{errorno}</errorno><description></description>"
            f"<description2>{description2}</description2><correction>{correction}</correction></error></errormessage>")


STALE = (b"<response><control><status>success</status><senderid>snd</senderid><controlid>c</controlid></control>"
         b"<operation><authentication><status>failure</status><userid></userid><companyid></companyid>"
         b"</authentication>" + error("XL03000006", "Invalid session").encode() + b"</operation></response>")

Fault = Callable[[httpx.Request], httpx.Response | None]


@dataclass
class FakeGateway:
    """Answers ``getAPISession`` with a new session each time and every other function with success,
    unless a queued fault (a function of the request) answers first."""

    faults: list[Fault] = field(default_factory=list)
    requests: list[bytes] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    logins: int = 0
    delay: float = 0.0
    in_flight: int = 0
    max_in_flight: int = 0
    session_timeout: str = "2024-01-01T01:00:00+00:00"
    record_body: Callable[[str], str] = lambda function: ""

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            self.requests.append(request.content)
            self.urls.append(str(request.url))
            if self.faults:
                answer = self.faults.pop(0)(request)
                if answer is not None:
                    return answer
            return self.answer(request)
        finally:
            self.in_flight -= 1

    def answer(self, request: httpx.Request) -> httpx.Response:
        root = etree.fromstring(request.content)
        functions = root.findall("operation/content/function")
        if functions and functions[0][0].tag == "getAPISession":
            self.logins += 1
            api = (f"<data><api><sessionid>sess-{self.logins}-SeCrEt</sessionid><endpoint>{SESSION_ENDPOINT}"
                   "</endpoint><locationid></locationid></api></data>")
            return httpx.Response(200, headers=XML, content=envelope(
                result(functions[0].get("controlid"), "getAPISession", body=api), timeout=self.session_timeout))
        inner = "".join(result(f.get("controlid"), f[0].tag, body=self.record_body(f[0].tag)) for f in functions)
        return httpx.Response(200, headers=XML, content=envelope(inner, timeout=self.session_timeout))

    def session_ids(self) -> list[str]:
        return [etree.fromstring(b).findtext("operation/authentication/sessionid") or "" for b in self.requests]


def once(response: httpx.Response) -> Fault:
    return lambda request: response


def raise_(exc: Exception) -> Fault:
    def fault(request: httpx.Request) -> httpx.Response:
        raise exc

    return fault


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sleeps(list):
    """An injected ``sleep`` that records delays instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
