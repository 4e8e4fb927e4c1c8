"""What Intacct holds for an order, read from the ledger's done writes (the edge around core.mapping.net).

Every write the engine made is stored with the exact ``<function>`` XML it sent (:mod:`.stored`), so the
books of an order are read back from those bytes: the bill's APBILLITEMs, each refund's and correction's
adjustment lines (or negative bill lines). A document counts once however many events found it ``done``
(the duplicate guard marks a replayed create done with the first one's RECORDNO). The control id's first
segment says what a document is for: ``order-`` the bill, ``refund-`` a refund, ``correction-`` a correction.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from core.intacct.xml import Element, parse
from core.mapping.net import Account, Net, PostedOrder, adjustment_effect, from_json, net_of
from core.settings import MappingSettings
from core.sync.ledger import Ledger, WriteRow

_BILL_SKIP = {"ACCOUNTNO", "TRX_AMOUNT", "ENTRYDESCRIPTION"}
_ADJ_SKIP = {"glaccountno", "amount", "memo", "accountlabel"}


def function_net(xml: bytes, mapping: MappingSettings) -> Net:
    """The effect on the books of one stored create function (APBILL or legacy create_apadjustment)."""
    function = parse(xml)
    body = function[0]
    if body.tag == "create_apadjustment":
        effect = adjustment_effect(mapping)
        return net_of((_account(item, "glaccountno", _ADJ_SKIP, lower=True),
                       Decimal(item.findtext("amount") or "0") * effect) for item in body.iter("lineitem"))
    return net_of((_account(item, "ACCOUNTNO", _BILL_SKIP, lower=False),
                   Decimal(item.findtext("TRX_AMOUNT") or "0")) for item in body.iter("APBILLITEM"))


def _account(item: Element, account_tag: str, skip: set[str], lower: bool) -> Account:
    dims = {child.tag.upper() if lower else child.tag: (child.text or "") for child in item
            if isinstance(child.tag, str) and child.tag not in skip}
    return Account.of(item.findtext(account_tag) or "", dims)


def posted_order(writes: Iterable[WriteRow], handled: Iterable[Net], mapping: MappingSettings) -> PostedOrder:
    """The :class:`PostedOrder` of one order's done writes and its handled open items."""
    seen: set[tuple[str, str]] = set()
    bill: Net | None = None
    refunds: dict[int, Net] = {}
    corrections: list[Net] = []
    for w in writes:
        if w.status != "done" or not w.operation.startswith("create-") or w.object == "VENDOR":
            continue
        if (w.object, w.doc_key) in seen:
            continue
        seen.add((w.object, w.doc_key))
        role = w.control_id.split("-", 1)[0]
        net = function_net(w.function_xml, mapping)
        if role == "order":
            bill = net
        elif role == "refund":
            refunds[int(w.doc_key.rsplit("-R", 1)[1])] = net
        else:
            corrections.append(net)
    return PostedOrder(bill, refunds, tuple(corrections), tuple(handled))


def posted_orders(ledger: Ledger, order_ids: Iterable[int], mapping: MappingSettings) -> dict[int, PostedOrder]:
    """Order id → :class:`PostedOrder` for every given order (empty for orders with nothing in Intacct)."""
    ids = set(order_ids)
    writes = ledger.order_writes(ids)
    handled: dict[int, list[Net]] = {}
    for item in ledger.open_items(ids, resolution="handled"):
        handled.setdefault(item.order_id, []).append(from_json(item.delta))
    return {i: posted_order(writes.get(i, []), handled.get(i, []), mapping) for i in ids}
