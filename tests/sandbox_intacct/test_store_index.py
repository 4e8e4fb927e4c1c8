"""RecordStore.find_by_id answers from an index exactly what a scan of the records in RECORDNO order does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.sandbox.intacct.store import ID_FIELDS, RecordStore

KEYS = st.sampled_from(["V1", "V2", "V3"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), KEYS),
        st.tuples(st.just("rename"), KEYS),
        st.tuples(st.just("savepoint"), st.none()),
        st.tuples(st.just("rollback"), st.none()),
        st.tuples(st.just("release"), st.none()),
    ),
    max_size=30,
)


def _scan(store: RecordStore, obj: str, value: str) -> object:
    return store.find(obj, ID_FIELDS[obj], value)


def _apply(store: RecordStore, marks: list[int], step: str, key: str | None) -> None:
    if step == "insert" and key is not None:
        store.insert("VENDOR", {"VENDORID": key, "NAME": key})
    elif step == "rename" and key is not None and store.all("VENDOR"):
        first = store.all("VENDOR")[0]
        store.replace("VENDOR", {**first, "VENDORID": key})
    elif step == "savepoint":
        marks.append(store.savepoint())
    elif step == "rollback" and marks:
        store.rollback(marks.pop())
    elif step == "release":
        store.release()
        marks.clear()


@settings(max_examples=150, deadline=None)
@given(STEPS)
def test_find_by_id_agrees_with_a_scan_after_inserts_replaces_and_rollbacks(
    steps: list[tuple[str, str | None]],
) -> None:
    store = RecordStore()
    marks: list[int] = []
    for step, key in steps:
        _apply(store, marks, step, key)
        for value in ("V1", "V2", "V3"):
            assert store.find_by_id("VENDOR", value) is _scan(store, "VENDOR", value)


def test_find_by_id_with_a_duplicated_seed_id_answers_the_lowest_recordno() -> None:
    store = RecordStore()
    store.load_seed({"GLACCOUNT": [{"ACCOUNTNO": "6000", "TITLE": "first"},
                                   {"ACCOUNTNO": "6000", "TITLE": "second"}]})
    found = store.find_by_id("GLACCOUNT", "6000")
    assert found is not None and found["TITLE"] == "first"


def test_find_by_id_of_a_bill_is_by_recordno() -> None:
    store = RecordStore()
    store.insert("APBILL", {"RECORDID": "A"})
    bill = store.insert("APBILL", {"RECORDID": "B"})
    assert store.find_by_id("APBILL", "2") is bill


def test_a_rolled_back_vendor_is_no_longer_found() -> None:
    store = RecordStore()
    mark = store.savepoint()
    store.insert("VENDOR", {"VENDORID": "WC-1"})
    store.rollback(mark)
    assert store.find_by_id("VENDOR", "WC-1") is None


def test_a_record_deleted_from_the_live_table_is_no_longer_found() -> None:
    store = RecordStore()
    store.load_seed({"GLACCOUNT": [{"ACCOUNTNO": "6000"}, {"ACCOUNTNO": "6100"}]})
    assert store.find_by_id("GLACCOUNT", "6000") is not None
    table = store.table("GLACCOUNT")
    del table[next(k for k, r in table.items() if r["ACCOUNTNO"] == "6000")]
    assert store.find_by_id("GLACCOUNT", "6000") is None
    assert store.find_by_id("GLACCOUNT", "6100") is not None
