"""The pure comparison (core.reconcile.compare): agreeing books give no row; each perturbation gives exactly
the row of its kind, with the per-account diff that would fix it."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from core.mapping.net import Account, combine, negated, net_of, total
from core.reconcile.compare import IntacctDoc, Pending, StoreOrder, compare_order, document_role

ACCOUNTS = [Account.of("6000"), Account.of("6100"), Account.of("2200"), Account.of("5010", {"LOCATIONID": "110"})]
CENTS = st.integers(1, 100_000).map(lambda c: Decimal(c) / 100)
NETS = st.dictionaries(st.sampled_from(ACCOUNTS), CENTS, min_size=1, max_size=4).map(lambda d: net_of(d.items()))


def books(bill, refunds):
    """A store order and the Intacct documents that agree with it (each refund split over the bill's first
    account)."""
    account = min(bill)
    store = StoreOrder(7, "1007", "processing", "USD", bill, True, False, {rid: amount for rid, amount in refunds})
    docs = [IntacctDoc("APBILL", "1", "1007", "WC-1", "Posted", "USD", bill)]
    docs += [IntacctDoc("APADJUSTMENT", str(10 + n), f"1007-R{rid}", "WC-1", "Posted", "USD", {account: -amount})
             for n, (rid, amount) in enumerate(refunds)]
    return store, docs


REFUNDS = st.lists(st.tuples(st.integers(1, 500), CENTS), max_size=3, unique_by=lambda t: t[0])


@given(NETS, REFUNDS)
def test_books_that_agree_give_no_row(bill, refunds):
    store, docs = books(bill, refunds)
    assert compare_order(store, docs) == []


@given(NETS, REFUNDS, st.sampled_from(ACCOUNTS), CENTS)
def test_a_changed_amount_is_one_amount_row_with_the_diff_that_fixes_it(bill, refunds, account, change):
    store, docs = books(bill, refunds)
    edited = combine(docs[0].net, {account: change})
    docs[0] = IntacctDoc("APBILL", "1", "1007", "WC-1", "Posted", "USD", edited)
    (row,) = compare_order(store, docs)
    assert row.kind == "amount" and row.delta == {account: -change}


@given(NETS, REFUNDS)
def test_a_second_copy_of_a_document_is_one_duplicate_row(bill, refunds):
    store, docs = books(bill, refunds)
    twin = IntacctDoc("APBILL", "99", "1007", "WC-1", "Posted", "USD", bill)
    (row,) = compare_order(store, [*docs, twin])
    assert (row.kind, row.record_nos, row.delta) == ("duplicate", ("99",), negated(bill))


@given(NETS, REFUNDS)
def test_a_missing_bill_or_refund_is_one_missing_row(bill, refunds):
    store, docs = books(bill, refunds)
    (row,) = compare_order(store, docs[1:])
    assert row.kind == "missing" and row.document == "bill 1007" and row.delta == combine(bill, *(
        negated(d.net) for d in docs[1:]))
    if refunds:
        (row,) = compare_order(store, docs[:-1])
        assert row.kind == "missing" and row.document == f"refund 1007-R{refunds[-1][0]}"


@given(NETS, REFUNDS, st.sampled_from(["cancelled", "failed", "trash"]))
def test_a_dead_order_with_money_in_intacct_is_one_status_row(bill, refunds, status):
    store, docs = books(bill, refunds)
    dead = StoreOrder(7, "1007", status, "USD", bill, False, True, store.refunds)
    held = combine(*(d.net for d in docs))
    rows = compare_order(dead, docs, open_item_event=5)
    if held:
        (row,) = rows
        assert (row.kind, row.state, row.open_item, row.event_id) == ("status", status, True, 5)
        assert total(row.delta) == -total(held)
    else:
        assert rows == []


@given(NETS)
def test_documents_no_order_explains_are_orphans_and_pending_hides_the_rest(bill):
    _, docs = books(bill, [])
    assert [r.kind for r in compare_order(None, docs, number="1007")] == ["orphan"]
    store, _ = books(bill, [])
    (row,) = compare_order(store, [], Pending(3, "retry", "timeout"))
    assert (row.kind, row.state, row.event_id) == ("pending", "retry", 3)


def test_document_numbers_name_their_order_and_role():
    assert document_role("1001") == ("1001", "bill", None)
    assert document_role("1001-R7") == ("1001", "refund", 7)
    assert document_role("1001-C2") == ("1001", "correction", None)
    assert document_role("A-1001-R12") == ("A-1001", "refund", 12)


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_progress_is_one_rewritten_line_on_a_terminal_and_nothing_in_a_pipe():
    from core.cli.reconcile import _Progress

    for tty in (True, False):
        stream = _Terminal(tty)
        progress = _Progress(stream)  # type: ignore[arg-type]
        progress(100, 250)
        progress(200, 250)
        progress.done()
        expected = "\rreconcile: 100/250 orders compared\rreconcile: 200/250 orders compared\r\033[K"
        assert stream.text == (expected if tty else "") and "\n" not in stream.text


def test_a_read_bill_counts_dimensions_only_not_the_other_line_fields():
    from core.intacct.xml import parse
    from core.reconcile.reader import document_of
    from core.settings import settings_from_dict

    record = parse(b"<apbill><RECORDNO>4</RECORDNO><RECORDID>1007</RECORDID><VENDORID>WC-1</VENDORID>"
                   b"<APBILLITEMS><APBILLITEM><RECORDKEY>4</RECORDKEY><ACCOUNTKEY>77</ACCOUNTKEY>"
                   b"<ACCOUNTNO>5010</ACCOUNTNO><TRX_AMOUNT>12.50</TRX_AMOUNT><LOCATIONID>110</LOCATIONID>"
                   b"<DEPARTMENTID></DEPARTMENTID><GLDIMFUNDID>F1</GLDIMFUNDID></APBILLITEM></APBILLITEMS></apbill>")
    plain = document_of("APBILL", record, settings_from_dict({}, env={}))
    assert plain.net == {Account.of("5010", {"LOCATIONID": "110"}): Decimal("12.50")}
    configured = document_of("APBILL", record, settings_from_dict({"mapping": {"dimensions": {"GLDIMFUNDID": "F1"}}},
                                                                  env={}))
    assert configured.net == {Account.of("5010", {"LOCATIONID": "110", "GLDIMFUNDID": "F1"}): Decimal("12.50")}
