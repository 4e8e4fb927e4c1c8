"""Guests who leave no email get one vendor per order, named after themselves (or the configured catch-all).

Before: every such guest mapped to ``prefix + G + hash("")``, one shared vendor created from (and named after)
the first of them, so every later guest's bill went to a stranger's vendor.
"""

from hypothesis import given
from hypothesis import strategies as st

from core.mapping import PlanContext, order_vendor_id, plan_event
from core.mapping.vendorids import MAX_VENDOR_ID, guest_vendor_id
from tests.mapping.fixtures import settings, woo


def emailless_guest(order_id: int, first: str, last: str, company: str = "") -> dict:
    order = woo("order-727.json")
    order["id"], order["number"] = order_id, str(order_id)
    order["billing"].update(email="", first_name=first, last_name=last, company=company)
    return order


def created_vendor(order):
    plan = plan_event("order.created", order, PlanContext(settings()))
    (vendor_step,) = [s for s in plan.steps if s.operation == "create-vendor"]
    return vendor_step.record


def test_two_guests_without_email_get_two_vendors_each_named_after_themselves():
    ana, bo = emailless_guest(801, "Ana", "Lima"), emailless_guest(802, "Bo", "Berg", company="Berg AB")
    first, second = created_vendor(ana), created_vendor(bo)
    assert first.vendor_id != second.vendor_id
    assert (first.name, second.name) == ("Ana Lima", "Berg AB")
    assert plan_event("order.created", bo, PlanContext(settings())).steps[-1].record.vendor_id == second.vendor_id


def test_the_vendor_of_an_emailless_guest_is_stable_across_versions_of_the_order():
    order = emailless_guest(801, "Ana", "Lima")
    later = {**order, "status": "completed", "date_modified_gmt": "2017-03-25T10:00:00", "number": "WC-801"}
    later["billing"] = {**order["billing"], "first_name": "Anna"}
    assert order_vendor_id(order, settings().mapping) == order_vendor_id(later, settings().mapping)


def test_the_catch_all_vendor_still_takes_every_guest_when_configured():
    order = emailless_guest(801, "Ana", "Lima")
    assert order_vendor_id(order, settings(guest_vendor="WEBGUEST").mapping) == "WEBGUEST"


@given(st.integers(min_value=1, max_value=10**12), st.emails())
def test_an_order_based_guest_id_never_equals_an_email_based_one_and_fits(order_id, email):
    m = settings().mapping
    by_order = order_vendor_id(emailless_guest(order_id, "A", "B"), m)
    assert by_order != guest_vendor_id(email, m)
    assert by_order.startswith("WC-G") and len(by_order) <= MAX_VENDOR_ID
