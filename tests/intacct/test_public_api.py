"""The names other areas call are pinned (as httpx pins its exported members)."""

from __future__ import annotations

import inspect

import core.intacct.client as client
import core.intacct.functions as functions


def test_function_objects_exported():
    assert set(functions.__all__) == {
        "And", "ApAdjustmentCreate", "ApBillCreate", "ApBillUpdate", "Between", "EqualTo", "Filter", "GetApiSession",
        "GreaterThan", "GreaterThanOrEqualTo", "In", "IntacctFunction", "IsNotNull", "IsNull", "LessThan",
        "LessThanOrEqualTo", "Like", "NotEqualTo", "NotIn", "NotLike", "Or", "OrderBy", "Query", "Read", "ReadByName",
        "ReadByQuery", "ReadMore", "VendorCreate", "VendorUpdate", "validate_control_id",
    }


def test_client_constructor_signature():
    params = inspect.signature(client.IntacctClient.__init__).parameters
    assert list(params)[:6] == ["self", "settings", "transport", "clock", "sleep", "backoff_base"]


def test_build_request_xml_and_backoff_delay_signatures():
    assert list(inspect.signature(client.build_request_xml).parameters) == ["settings", "functions", "masked"]
    assert list(inspect.signature(client.backoff_delay).parameters) == ["attempt", "base", "cap", "jitter"]
