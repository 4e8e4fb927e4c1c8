"""Specification: ``IntacctClient.query_each`` reads several lists with their first pages in one request."""

from __future__ import annotations

import pytest

from core.intacct.errors import FunctionFailed
from core.intacct.functions import Query
from tests.intacct.test_against_sandbox import client_for
from tests.intacct_sandbox import running_intacct


@pytest.fixture
def sandbox():
    with running_intacct(concurrency_hold_seconds=0.0) as sb:
        yield sb


def _query(obj: str, field: str, pagesize: int = 2000) -> Query:
    return Query(f"q-{obj.lower()}", obj, (field,), pagesize=pagesize)


async def test_the_first_pages_of_several_queries_travel_in_one_request(sandbox):
    async with client_for(sandbox) as client:
        await client.sessions.get()
        before = len(sandbox.state.requests)
        lists = await client.query_each([_query("GLACCOUNT", "ACCOUNTNO"), _query("LOCATION", "LOCATIONID"),
                                         _query("CLASS", "CLASSID")])
    assert len(sandbox.state.requests) - before == 1
    assert [len(records) for records in lists] == [len(sandbox.state.records(o)) for o in ("GLACCOUNT", "LOCATION",
                                                                                           "CLASS")]


async def test_a_failing_query_gives_its_error_in_its_place(sandbox):
    async with client_for(sandbox) as client:
        accounts, missing, classes = await client.query_each([
            _query("GLACCOUNT", "ACCOUNTNO"), _query("NOSUCHOBJECT", "RECORDNO"), _query("CLASS", "CLASSID")])
    assert isinstance(missing, FunctionFailed)
    assert isinstance(accounts, list) and isinstance(classes, list) and accounts and classes


async def test_lists_longer_than_a_page_are_read_to_the_end(sandbox):
    async with client_for(sandbox) as client:
        (paged,) = await client.query_each([_query("GLACCOUNT", "ACCOUNTNO", pagesize=2)])
        whole = [r async for r in client.query_all(_query("GLACCOUNT", "ACCOUNTNO"))]
    assert isinstance(paged, list) and len(whole) > 2
    assert [r.findtext("ACCOUNTNO") for r in paged] == [r.findtext("ACCOUNTNO") for r in whole]
