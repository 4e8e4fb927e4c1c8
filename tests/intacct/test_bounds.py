"""Issue 16 items 4, 8, 9, 10 on the Intacct side: every request has a total time bound, an answer a size
bound, ``Retry-After`` is honoured, the session endpoint is checked, and debug bodies are built lazily."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

import httpx
import pytest

import core.intacct.client as client_module
from core.intacct.client import IntacctClient
from core.intacct.errors import AmbiguousOutcomeError
from core.intacct.functions import Query
from core.intacct.session import UntrustedEndpointError, check_session_endpoint
from tests.intacct.fakegateway import XML, FakeGateway, Sleeps, envelope, once, result, settings
from tests.intacct.test_client import bill, make


@asynccontextmanager
async def dripping_gateway():
    """A gateway on 127.0.0.1 that answers one byte every 50 ms for ever (each read is quick)."""
    writers: list[asyncio.StreamWriter] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000000\r\n\r\n")
        try:
            for _ in range(10_000):  # bounded: 500 s at most, the test ends long before
                writer.write(b" ")
                await writer.drain()
                await asyncio.sleep(0.05)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/ia/xml/xmlgw.phtml"
    finally:
        for writer in writers:
            writer.close()
        server.close()


async def test_a_gateway_dripping_bytes_cannot_hold_a_request_past_its_total_deadline():
    async with dripping_gateway() as url:
        s = settings(endpoint=url, timeout_seconds=30, request_deadline_seconds=0.5, max_retries=0)
        async with IntacctClient(s, sleep=Sleeps()) as client:
            (outcome,) = await asyncio.wait_for(client.execute([bill(1)]), timeout=20)
    assert outcome.status == "unknown"
    assert "request_deadline_seconds" in str(outcome.error)


async def test_an_oversized_answer_is_refused_without_reading_it_whole():
    chunks_read = 0

    async def endless():
        nonlocal chunks_read
        for _ in range(10_000):  # 640 MB if read whole
            chunks_read += 1
            yield b"<" * 65536

    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(200, headers=XML, content=endless()))])
    async with make(gateway, max_response_bytes=1024 * 1024, max_retries=0) as client:
        (outcome,) = await client.execute([bill(1)])
    assert outcome.status == "unknown" and "max_response_bytes" in str(outcome.error)
    assert chunks_read < 100


async def test_an_answer_declaring_an_oversized_length_is_not_read():
    big = httpx.Response(200, headers={**XML, "Content-Length": str(10**12)}, content=b"")
    gateway = FakeGateway(faults=[lambda r: None, once(big)])
    async with make(gateway, max_response_bytes=1024, max_retries=0) as client:
        (outcome,) = await client.execute([bill(1)])
    assert isinstance(outcome.error, AmbiguousOutcomeError) and "max_response_bytes" in str(outcome.error)


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_from_the_gateway_is_honoured(status):
    gateway = FakeGateway(faults=[lambda r: None, once(httpx.Response(status, headers={"Retry-After": "7"}))])
    sleeps = Sleeps()
    async with make(gateway, sleeps=sleeps) as client:
        (outcome,) = await client.execute([Query("q1", "VENDOR", ["VENDORID"])])
    assert outcome.status == "success"
    assert sleeps == [7.0]


@pytest.mark.parametrize("endpoint", [
    "http://api.intacct.com/ia/xml/xmlgw.phtml",        # plain http
    "https://evil.example/ia/xml/xmlgw.phtml",          # another domain
    "https://api.intacct.com.evil.example/x",           # a look-alike
    "https://127.0.0.1/x",                              # loopback while the configured gateway is not
    "ftp://api.intacct.com/x",
])
def test_session_endpoints_off_the_gateway_domain_or_not_https_are_refused(endpoint):
    with pytest.raises(UntrustedEndpointError):
        check_session_endpoint(endpoint, "https://api.intacct.com/ia/xml/xmlgw.phtml")


@pytest.mark.parametrize(("endpoint", "configured"), [
    ("https://api.intacct.com/ia/xml/xmlgw.phtml", "https://api.intacct.com/ia/xml/xmlgw.phtml"),
    ("https://api-eu.intacct.com/ia/xml/xmlgw.phtml", "https://api.intacct.com/ia/xml/xmlgw.phtml"),
    ("http://127.0.0.1:8123/ia/xml/xmlgw.phtml", "http://127.0.0.1:8000/ia/xml/xmlgw.phtml"),
])
def test_session_endpoints_on_the_gateway_domain_or_the_sandbox_loopback_are_accepted(endpoint, configured):
    assert check_session_endpoint(endpoint, configured) == endpoint


async def test_a_rogue_session_endpoint_never_receives_the_session_or_password():
    rogue = "https://attacker.example/steal"
    gateway = FakeGateway()
    login = envelope(result("sessionProvider", "getAPISession", body=(
        f"<data><api><sessionid>sess-rogue-1</sessionid><endpoint>{rogue}</endpoint><locationid/></api></data>")))
    gateway.faults = [once(httpx.Response(200, headers=XML, content=login))]
    async with make(gateway, endpoint="https://api.intacct.com/ia/xml/xmlgw.phtml") as client:
        with pytest.raises(UntrustedEndpointError):
            await client.execute([bill(1)])
    assert all(not url.startswith(rogue) for url in gateway.urls) and len(gateway.urls) == 1


async def test_at_info_level_request_and_response_bodies_are_not_redacted_at_all(monkeypatch, caplog):
    calls = []
    real = client_module.redact
    monkeypatch.setattr(client_module, "redact", lambda text: calls.append(len(text)) or real(text))
    caplog.set_level(logging.INFO, logger="core.intacct.client")
    logging.getLogger("core.intacct.client").setLevel(logging.INFO)
    try:
        async with make(FakeGateway()) as client:
            await client.execute([bill(n) for n in range(3)])
    finally:
        logging.getLogger("core.intacct.client").setLevel(logging.NOTSET)
    assert calls == []
