"""``approve_all`` approves every waiting event however many there are, a page at a time (issue 16)."""

from __future__ import annotations

from core.outbox import Outbox
from core.outbox.model import APPROVED
from core.sync import engine as engine_module
from tests.sync.conftest import event, fixture


def test_approve_all_goes_past_one_page_and_approves_every_waiting_event(tmp_path, make_engine, monkeypatch):
    box = Outbox.open(tmp_path / "review.sqlite3", auto_approve=False)
    customer = fixture("customer-25.json")
    ids = [box.ingest(event({**customer, "id": 100 + n}, "customer.created")).event_id for n in range(7)]
    monkeypatch.setattr(engine_module, "APPROVE_PAGE", 3)
    assert make_engine(box).approve_all(None, actor="operator") == 7
    assert {box.get_event(i).state for i in ids} == {APPROVED}
    box.close()
