"""The asynchronous Intacct XML gateway client: batching, sessions, retries, concurrency, redaction.

``execute`` splits functions into requests of ``batch_size`` (``transaction="false"``: each function
succeeds or fails on its own), runs them concurrently up to ``max_concurrent_requests`` and returns one
:class:`FunctionResult` per function, in the order given, matched by controlid.

Retries (INTACCT-API.md §4): transient failures (:class:`TransportError`) are retried up to ``max_retries``
times with exponential backoff and jitter (1, 2, 4, 8, 16 s × 1–1.25, as the SDKs' Guzzle schedule). A 524,
a lost connection after sending or a read timeout is an :class:`AmbiguousOutcomeError`: a request that
contains a write is never re-sent after one (the functions' results carry status ``unknown``; the caller
reconciles by reading back), while a read-only request is simply retried. A refused session triggers one
re-login and one replay (:mod:`core.intacct.session`).

Every request is bounded (docs/security.md): ``timeout_seconds`` per step, ``request_deadline_seconds`` for the
whole exchange including every byte of the answer (past it, the outcome is unknown: ambiguous), and an answer
over ``max_response_bytes`` is not read further (ambiguous too: the gateway may have run the writes). A 429 or
503 with ``Retry-After`` waits that long before the next try (at most ``backoff_cap``).

Nothing secret is logged: request and response bodies pass through :func:`core.redact.redact`, and only when
debug logging is on (the redaction of a large body is not free).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from types import TracebackType

import httpx

from core.intacct.errors import (
    AmbiguousOutcomeError,
    AuthenticationError,
    ControlError,
    IntacctError,
    InvalidRequestError,
    StaleSessionError,
    TransportError,
    XmlSecurityError,
)
from core.intacct.functions.base import IntacctFunction
from core.intacct.functions.query import Query
from core.intacct.functions.read import ReadByQuery, ReadMore
from core.intacct.request import Auth, LoginAuth, SessionAuth, build_request
from core.intacct.response import FunctionResult, Response, check_response, parse_response
from core.intacct.schema import schema_path_from, validate_request
from core.intacct.session import Session, SessionProvider, UntrustedEndpointError
from core.intacct.xml import Element
from core.redact import MASK, redact, register_secrets
from core.settings import IntacctSettings

log = logging.getLogger(__name__)
USER_AGENT = "ml-connector"
NO_RETRY_STATUS = 524  # "CDN cut connection but system still processing request" (PHP SDK RequestConfig)


def build_request_xml(settings: IntacctSettings, functions: Sequence[IntacctFunction], masked: bool = True) -> bytes:
    """The request the client would send with login credentials; ``masked`` replaces both passwords by
    ``********`` (still schema-valid), for ``ml-connector preview --request``."""
    sender_password = MASK if masked else settings.sender_password.reveal()
    password = MASK if masked else settings.user_password.reveal()
    auth = LoginAuth(settings.user_id, settings.company_id, password, settings.entity_id)
    return build_request(settings.sender_id, sender_password, auth, functions)


def backoff_delay(attempt: int, base: float, cap: float, jitter: float) -> float:
    """Delay before retry ``attempt`` (0-based): ``base·2^attempt`` capped, stretched by up to 25 % jitter."""
    return min(cap, base * 2**attempt) * (1 + 0.25 * jitter)


class IntacctClient:
    """One keep-alive HTTP client per company; use ``async with IntacctClient(settings) as client``."""

    def __init__(
        self,
        settings: IntacctSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        register_secrets([settings.sender_password.reveal(), settings.user_password.reveal()])
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=settings.timeout_seconds,
            headers={"Content-Type": "application/xml", "User-Agent": USER_AGENT},
        )
        self._deadline = settings.request_deadline_seconds or 20.0
        self._max_bytes = settings.max_response_bytes
        self._sleep = sleep
        self._backoff = (backoff_base, backoff_cap)
        self._jitter = jitter
        self._semaphore = asyncio.Semaphore(settings.max_concurrent_requests)
        self._schema_path = schema_path_from(settings.schema_path)
        self.sessions = SessionProvider(settings, self._send_login, clock)

    async def __aenter__(self) -> IntacctClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- public API -------------------------------------------------------------------------------------------

    async def execute(self, functions: Sequence[IntacctFunction]) -> list[FunctionResult]:
        """Run ``functions``; one result per function in order. Raises only for failures every function
        shares (credentials, control block, invalid request); per-request transient or ambiguous failures
        land in the affected results (``raise_for_status`` raises them)."""
        ids = [f.control_id for f in functions]
        if len(set(ids)) != len(ids):
            raise ValueError("function controlids must be unique within one execute() call")
        size = self.settings.batch_size
        batches = [list(functions[i : i + size]) for i in range(0, len(functions), size)]
        outcomes = await asyncio.gather(*(self._execute_batch(b) for b in batches), return_exceptions=True)
        results: list[FunctionResult] = []
        for batch, outcome in zip(batches, outcomes, strict=True):
            if isinstance(outcome, TransportError | AmbiguousOutcomeError | XmlSecurityError):
                status = "error" if isinstance(outcome, TransportError) else "unknown"
                results.extend(FunctionResult(f.control_id, f.function_name, status, error=outcome) for f in batch)
            elif isinstance(outcome, BaseException):
                raise outcome
            else:
                results.extend(outcome)
        return results

    async def query_all(self, query: Query) -> AsyncIterator[Element]:
        """Every record a ``query`` matches, paging by ``offset`` until ``numremaining`` is 0."""
        offset = query.offset
        while True:
            (result,) = await self.execute([query.at_offset(offset)])
            data = result.raise_for_status().data
            records = list(data) if data is not None else []
            for record in records:
                yield record
            if not records or _remaining(data) <= 0:
                return
            offset += len(records)

    async def query_each(self, queries: Sequence[Query]) -> list[list[Element] | IntacctError]:
        """Every record of each query, in order; a query that fails gives its error in its place.

        The first pages travel together (``batch_size`` queries per request), the rest is paged like
        :meth:`query_all`. Why: a first push reads five reference lists; one request for all of them is one
        round trip instead of three at two slots. Failures every query shares still raise (:meth:`execute`).
        """
        results = await self.execute(list(queries))
        return list(await asyncio.gather(*(self._rest_of(q, r) for q, r in zip(queries, results, strict=True))))

    async def _rest_of(self, query: Query, first: FunctionResult) -> list[Element] | IntacctError:
        try:
            data = first.raise_for_status().data
            records = list(data) if data is not None else []
            if records and _remaining(data) > 0:
                records += [r async for r in self.query_all(query.at_offset(query.offset + len(records)))]
        except IntacctError as exc:
            return exc
        return records

    async def read_by_query_all(self, function: ReadByQuery) -> AsyncIterator[Element]:
        """Every record a ``readByQuery`` matches, continuing with ``readMore`` on its ``resultId``."""
        current: IntacctFunction = function
        page = 0
        while True:
            (result,) = await self.execute([current])
            data = result.raise_for_status().data
            records = list(data) if data is not None else []
            for record in records:
                yield record
            result_id = data.get("resultId", "") if data is not None else ""
            if not records or _remaining(data) <= 0 or not result_id:
                return
            page += 1
            current = ReadMore(f"{function.control_id[:240]}-more{page}", result_id)

    # -- one request ------------------------------------------------------------------------------------------

    async def _execute_batch(self, batch: list[IntacctFunction]) -> list[FunctionResult]:
        writes = any(f.is_write for f in batch)
        replayed = False
        while True:
            session = await self.sessions.get()
            body = await self._build(SessionAuth(session.session_id), batch)
            try:
                response = await self._send(session.endpoint, body, used_session=True, retry_ambiguous=not writes)
            except StaleSessionError as exc:
                if replayed:
                    raise AuthenticationError("user", exc.errors) from None
                log.info("Intacct session refused; logging in again and replaying once")
                self.sessions.invalidate(session)
                replayed = True
                continue
            except AmbiguousOutcomeError as exc:
                exc.control_ids = [f.control_id for f in batch]
                raise
            self.sessions.observe(session, response.auth)
            return _match(batch, response)

    async def _build(self, auth: Auth, batch: Sequence[IntacctFunction]) -> bytes:
        s = self.settings
        body = build_request(s.sender_id, s.sender_password.reveal(), auth, batch)
        if self._schema_path:
            errors = await asyncio.to_thread(validate_request, body, self._schema_path)
            if errors:
                raise InvalidRequestError(f"request does not match api.xsd: {errors[0]}")
        return body

    async def _send_login(self, endpoint: str, body: bytes) -> Response:
        """The session provider's transport: read-only, so ambiguous outcomes are retried too."""
        if self._schema_path:
            errors = await asyncio.to_thread(validate_request, body, self._schema_path)
            if errors:
                raise InvalidRequestError(f"login request does not match api.xsd: {errors[0]}")
        return await self._send(endpoint, body, used_session=False, retry_ambiguous=True)

    async def _send(self, endpoint: str, body: bytes, *, used_session: bool, retry_ambiguous: bool) -> Response:
        """POST with retries for transient failures (and ambiguous ones when ``retry_ambiguous``)."""
        retryable: tuple[type[IntacctError], ...] = (TransportError, AmbiguousOutcomeError) if retry_ambiguous \
            else (TransportError,)
        for attempt in range(self.settings.max_retries + 1):
            try:
                response = await self._post(endpoint, body)
                check_response(response, used_session=used_session)
                return response
            except XmlSecurityError:
                raise
            except retryable as exc:
                if attempt >= self.settings.max_retries:
                    raise
                delay = backoff_delay(attempt, *self._backoff, self._jitter())
                wait = getattr(exc, "retry_after", None)
                if wait is not None:  # the gateway said when: honour it (within the backoff cap)
                    delay = min(max(delay, wait), max(self._backoff[1], delay))
                log.warning("Intacct request failed (%s); retry %d in %.2f s", exc, attempt + 1, delay)
                await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _post(self, endpoint: str, body: bytes) -> Response:
        async with self._semaphore:
            if log.isEnabledFor(logging.DEBUG):
                log.debug("Intacct request to %s: %s", endpoint, redact(body.decode("utf-8")))
            http_response = await _http_post(self._http, endpoint, body, self._deadline, self._max_bytes)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("Intacct response %d: %s", http_response.status_code, redact(http_response.text))
        return _interpret(http_response)


async def _http_post(http: httpx.AsyncClient, endpoint: str, body: bytes, deadline: float,
                     max_bytes: int) -> httpx.Response:
    """POST and read the whole answer within ``deadline`` seconds and ``max_bytes`` bytes.

    Map failures: before sending → transient; after sending (incl. the deadline, an oversized answer) →
    ambiguous."""
    try:
        async with asyncio.timeout(deadline):
            async with http.stream("POST", endpoint, content=body) as response:
                declared = response.headers.get("content-length", "")
                if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                    raise AmbiguousOutcomeError(f"the gateway's answer of {declared} bytes is over "
                                                f"intacct.max_response_bytes ({max_bytes}); not read")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise AmbiguousOutcomeError(f"the gateway's answer is over intacct.max_response_bytes "
                                                    f"({max_bytes}); stopped reading")
                    chunks.append(chunk)
                response._content = b"".join(chunks)  # noqa: SLF001 - httpx's own slot for a read body
                return response
    except TimeoutError:
        raise AmbiguousOutcomeError(f"no complete answer from the Intacct gateway within "
                                    f"intacct.request_deadline_seconds ({deadline:g} s)") from None
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise TransportError(f"cannot reach the Intacct gateway: {type(exc).__name__}") from None
    except httpx.TimeoutException as exc:
        raise AmbiguousOutcomeError(f"no answer from the Intacct gateway in time: {type(exc).__name__}") from None
    except httpx.TransportError as exc:
        raise AmbiguousOutcomeError(f"connection lost after sending: {type(exc).__name__}") from None


def retry_after(http_response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (a number of seconds or an HTTP date), None when absent or unreadable."""
    value = http_response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(min(int(value), 3600))
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    from datetime import UTC, datetime

    return max(0.0, min(3600.0, (when - datetime.now(UTC)).total_seconds()))


def _transient(message: str, http_response: httpx.Response) -> TransportError:
    error = TransportError(message)
    error.retry_after = retry_after(http_response)  # type: ignore[attr-defined]
    return error


def _interpret(http_response: httpx.Response) -> Response:
    status = http_response.status_code
    if status == NO_RETRY_STATUS:
        raise AmbiguousOutcomeError("HTTP 524: Intacct may still be processing the request")
    if status == 429:
        raise _transient("HTTP 429: rate limited (GW-0010)", http_response)
    if status >= 500:
        raise _transient(f"HTTP {status} from the Intacct gateway", http_response)
    content_type = http_response.headers.get("content-type", "")
    if status >= 400 and "xml" not in content_type:
        raise ControlError(f"HTTP {status} from the Intacct gateway without an XML body")
    return parse_response(http_response.content)


def _remaining(data: Element | None) -> int:
    try:
        return int(data.get("numremaining", "0") or 0) if data is not None else 0
    except ValueError:
        return 0


def _match(batch: Sequence[IntacctFunction], response: Response) -> list[FunctionResult]:
    """Results in the order of ``batch``, matched by controlid; a missing one has an unknown outcome."""
    by_id = {r.control_id: r for r in response.results}
    results = []
    for f in batch:
        result = by_id.get(f.control_id)
        if result is None:
            error = AmbiguousOutcomeError(f"no result for controlid {f.control_id!r}", control_ids=[f.control_id])
            result = FunctionResult(f.control_id, f.function_name, "unknown", error=error)
        results.append(result)
    return results


__all__ = ["IntacctClient", "Session", "UntrustedEndpointError", "backoff_delay", "build_request_xml"]
