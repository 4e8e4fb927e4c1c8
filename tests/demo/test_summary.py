"""The end-of-day reconciliation, on hand-made snapshots (no day is played)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from core.demo.summary import IntacctDoc, Snapshot, StoreOrder, exit_code, reconcile, render


def day() -> Snapshot:
    """Two customers; order 100 billed and partly refunded; order 101 pending (no bill); a guest order."""
    return Snapshot(
        orders=[StoreOrder("100", "completed", Decimal("54.10"), "USD", {"120": Decimal("10.00")}),
                StoreOrder("101", "pending", Decimal("12.00"), "USD"),
                StoreOrder("102", "refunded", Decimal("8.50"), "EUR", {"121": Decimal("8.50")})],
        customer_ids=[1, 2],
        vendors=["WC-1", "WC-2", "WC-Gabc"],
        docs=[IntacctDoc("APBILL", "100", "WC-1", Decimal("54.10")),
              IntacctDoc("APADJUSTMENT", "100-R120", "WC-1", Decimal("-10.00")),
              IntacctDoc("APBILL", "102", "WC-Gabc", Decimal("8.50")),
              IntacctDoc("APADJUSTMENT", "102-R121", "WC-Gabc", Decimal("-8.50"))],
        events_by_state={"posted": 7},
    )


def without(snapshot: Snapshot, record_id: str) -> Snapshot:
    return replace(snapshot, docs=[d for d in snapshot.docs if d.record_id != record_id])


def test_a_consistent_day_reconciles_and_exits_0():
    mismatches = reconcile(day())
    assert mismatches == []
    assert exit_code(mismatches) == 0
    assert "Reconciled" in render(day(), mismatches)


def test_a_bill_deleted_from_intacct_is_named_and_exits_1():
    broken = without(day(), "100")
    mismatches = reconcile(broken)
    assert any("order 100" in m and "no bill" in m for m in mismatches)
    assert exit_code(mismatches) == 1
    assert "NOT RECONCILED" in render(broken, mismatches)


def test_a_bill_whose_total_differs_from_the_order_is_a_mismatch():
    snapshot = day()
    snapshot.docs[0] = replace(snapshot.docs[0], total=Decimal("54.11"))
    assert reconcile(snapshot) == ["order 100: bills total 54.11 in Intacct, 54.10 USD in the store"]


def test_a_second_bill_for_one_order_is_a_mismatch():
    snapshot = day()
    snapshot.docs.append(IntacctDoc("APBILL", "100", "WC-1", Decimal("54.10")))
    assert any("order 100" in m and "2 bills" in m for m in reconcile(snapshot))


def test_an_order_outside_the_billable_statuses_must_have_no_bill():
    snapshot = day()
    snapshot.docs.append(IntacctDoc("APBILL", "101", "WC-2", Decimal("12.00")))
    assert reconcile(snapshot) == ["order 101 is pending but has 1 bill(s) in Intacct"]


def test_a_missing_refund_document_is_a_mismatch():
    assert reconcile(without(day(), "100-R120")) == ["refund 120 of order 100 (10.00) is in Intacct 0 times"]


def test_a_refund_posted_twice_is_a_mismatch():
    snapshot = day()
    snapshot.docs.append(IntacctDoc("APADJUSTMENT", "100-R120", "WC-1", Decimal("-10.00")))
    assert reconcile(snapshot) == ["refund 120 of order 100 (10.00) is in Intacct 2 times"]


def test_refunds_as_negative_bills_reconcile_like_adjustments():
    snapshot = day()
    snapshot.docs = [replace(d, object="APBILL") for d in snapshot.docs]
    assert reconcile(snapshot) == []


def test_a_bill_for_no_store_order_is_a_mismatch():
    snapshot = day()
    snapshot.docs.append(IntacctDoc("APBILL", "999", "WC-1", Decimal("1.00")))
    assert reconcile(snapshot) == ["bill 999 in Intacct matches no store order"]


def test_a_customer_without_a_vendor_is_a_mismatch():
    snapshot = replace(day(), vendors=["WC-1", "WC-Gabc"])
    assert reconcile(snapshot) == ["customer 2 has no vendor WC-2 in Intacct"]


def test_a_failed_event_keeps_the_day_from_reconciling():
    snapshot = replace(day(), events_by_state={"posted": 6, "failed": 1})
    assert reconcile(snapshot) == ["1 outbox event(s) failed"]


def test_an_undrained_outbox_keeps_the_day_from_reconciling():
    snapshot = replace(day(), events_by_state={"posted": 6, "retry": 1})
    assert reconcile(snapshot) == ["the outbox was not drained (1 event(s) still waiting)"]
