"""Issue 16 item 1: one order the mapping cannot handle fails alone; the rest of its round is posted."""

from __future__ import annotations

from datetime import date

import pytest

from core.mapping.dates import due_date
from core.mapping.errors import InvalidPayload
from core.outbox.model import FAILED, POSTED
from core.settings import with_overrides
from core.sync import planning
from tests.sync.conftest import bills, event, fixture


def _order(order_id: int, **changes: object) -> dict[str, object]:
    order = fixture("order-727.json")
    billing = {**order["billing"], "email": f"buyer{order_id}@example.com"}
    return {**order, "id": order_id, "number": str(order_id), "billing": billing, **changes}


def test_a_due_date_past_year_9999_is_a_mapping_error_not_an_overflow():
    with pytest.raises(InvalidPayload, match="9999"):
        due_date(date(9999, 12, 31), 30)


@pytest.mark.parametrize("created", ["9999-12-31T23:59:59", "0001-01-01T00:00:00"])
async def test_an_order_dated_at_the_edge_of_time_fails_alone_and_the_other_orders_are_posted(
        sandbox, outbox, make_engine, created):
    innocent = [outbox.ingest(event(_order(800 + n), "order.created")).event_id for n in range(4)]
    poison = outbox.ingest(event(_order(900, date_created=created, date_created_gmt=created), "order.created"))
    more = [outbox.ingest(event(_order(810 + n), "order.created")).event_id for n in range(4)]
    engine = make_engine()
    if created.startswith("0001"):  # west of UTC, the first moment of year 1 is in year 0
        engine.settings = with_overrides(engine.settings, woocommerce={"timezone": "America/New_York"})
    report = await engine.push()
    assert sorted(report.posted) == sorted(innocent + more)
    assert sorted(b["RECORDID"] for b in bills(sandbox)) == sorted(str(n) for n in [*range(800, 804), *range(810, 814)])
    failed = outbox.get_event(poison.event_id)
    assert failed.state == FAILED
    assert "date" in (failed.last_error or "") and report.rounds == 1


async def test_any_unexpected_error_while_planning_fails_that_event_with_its_type_and_message(
        sandbox, outbox, make_engine, monkeypatch):
    real = planning.plan_for

    def plan_for(e, *args, **kwargs):  # one poison event: the planner itself blows up
        if e.resource_id == 901:
            raise ZeroDivisionError("the planner tripped over order 901")
        return real(e, *args, **kwargs)

    monkeypatch.setattr(planning, "plan_for", plan_for)
    others = [outbox.ingest(event(_order(820 + n), "order.created")).event_id for n in range(3)]
    poison = outbox.ingest(event(_order(901), "order.created")).event_id
    report = await make_engine().push()
    assert sorted(report.posted) == sorted(others)
    failed = outbox.get_event(poison)
    assert failed.state == FAILED
    assert "ZeroDivisionError" in (failed.last_error or "") and "order 901" in (failed.last_error or "")
    assert all(outbox.get_event(i).state == POSTED for i in others)


async def test_with_both_sandboxes_a_poison_order_fails_alone_and_the_rest_of_the_round_is_posted(tmp_path):
    from core.demo.config import connector_config, fixed_mapping
    from core.demo.sandboxes import running_sandboxes
    from core.outbox import Outbox
    from core.settings import settings_from_dict
    from core.sync.runtime import open_engine
    from core.woo.rest import WooClient

    with running_sandboxes(seed=3) as boxes:
        boxes.woo.generate(customers=5, orders=12, refunds=0)
        config = fixed_mapping(connector_config(boxes.woo_url, boxes.intacct_url, mode="auto",
                                                database=str(tmp_path / "outbox.sqlite3")))
        settings = settings_from_dict(config, env={})
        async with WooClient(settings.woocommerce) as woo:
            orders = [o for o in await woo.collect("orders", {"per_page": 100})
                      if o["status"] in settings.sync.order_statuses][:8]
        assert len(orders) >= 4
        poison = {**orders[len(orders) // 2], "date_created": "9999-12-31T23:59:59",
                  "date_created_gmt": "9999-12-31T23:59:59"}
        outbox = Outbox.open(settings.database_path(), auto_approve=True)
        try:
            ids = {o["id"]: outbox.ingest(event(poison if o["id"] == poison["id"] else o, "order.created")).event_id
                   for o in orders}
            async with open_engine(settings, outbox) as engine:
                report = await engine.push()
            bad = ids[poison["id"]]
            assert sorted(report.posted) == sorted(i for i in ids.values() if i != bad)
            assert outbox.get_event(bad).state == FAILED and "9999" in (outbox.get_event(bad).last_error or "")
            posted_numbers = {b["RECORDID"] for b in boxes.intacct.state.records("APBILL")}
            assert posted_numbers == {str(o["number"]) for o in orders if o["id"] != poison["id"]}
        finally:
            outbox.close()
