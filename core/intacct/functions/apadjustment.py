"""AP adjustment with the legacy ``create_apadjustment`` (no generic create exists, INTACCT-API.md §5.6; F18).

Legacy elements are lower case and strictly ordered by api.xsd, so the order below is the schema's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.intacct.functions.base import IntacctFunction
from core.intacct.records import ApAdjustment, ApAdjustmentLine
from core.intacct.xml import Element, element, money, sub, sub_if, sub_legacy_date
from core.mapping.currency import minor_unit

DEFAULT_EXCHANGE_RATE_TYPE = "Intacct Daily Rate"
# api.xsd ``lineitem`` sequence after memo, restricted to the dimensions a line may carry.
LINE_DIMENSIONS = (
    "locationid", "departmentid", "projectid", "taskid", "costtypeid", "customerid", "vendorid",
    "employeeid", "itemid", "classid", "contractid", "warehouseid",
)


def _line(parent: Element, line: ApAdjustmentLine, places: int) -> None:
    el = sub(parent, "lineitem")
    sub(el, "glaccountno", line.account_no or None)
    sub(el, "amount", money(line.amount, places))
    sub_if(el, "memo", line.memo)
    dims = {name.lower(): value for name, value in line.dimensions.items()}
    for name in LINE_DIMENSIONS:
        sub_if(el, name, dims.get(name))


def _foreign(adj: ApAdjustment) -> bool:
    """Whether the currency group is sent: only for a foreign-currency adjustment.

    In api.xsd the group ``(basecurr?, currency, (exchratedate?, exchratetype) | exchrate)`` is optional but
    ``exchratetype`` is required inside it, so an adjustment in the base currency leaves the whole group out
    (Intacct then uses the base currency) rather than carry an exchange-rate type for USD→USD.
    """
    return adj.currency is not None and adj.currency != (adj.base_currency or adj.currency)


@dataclass(frozen=True)
class ApAdjustmentCreate(IntacctFunction):
    """``<create_apadjustment>``; returns ``<key>RECORDNO</key>``. Line amounts must share one sign."""

    control_id: str
    adj: ApAdjustment
    function_name: ClassVar[str] = "create_apadjustment"
    is_write: ClassVar[bool] = True

    def validate(self) -> None:
        if not self.adj.lines:
            raise ValueError("AP Adjustment must have at least 1 line")
        for line in self.adj.lines:
            names = {n.lower() for n in line.dimensions}
            if names - set(LINE_DIMENSIONS):
                raise ValueError(f"AP adjustment lines cannot carry {sorted(names - set(LINE_DIMENSIONS))}")
            if ("taskid" in names and "projectid" not in names) or ("costtypeid" in names and "taskid" not in names):
                raise ValueError("api.xsd: taskid needs projectid, costtypeid needs taskid")
        signs = {line.amount < 0 for line in self.adj.lines if line.amount}
        if len(signs) > 1:
            raise ValueError("AP adjustment line amounts must be all positive or all negative")

    def body(self) -> Element:
        adj = self.adj
        el = element(self.function_name)
        sub(el, "vendorid", adj.vendor_id)
        sub_legacy_date(el, "datecreated", adj.when_created)
        if adj.when_posted is not None:
            sub_legacy_date(el, "dateposted", adj.when_posted)
        sub_if(el, "adjustmentno", adj.adjustment_no)
        sub_if(el, "action", adj.action)
        sub_if(el, "billno", adj.bill_no)
        sub_if(el, "description", adj.description)
        if _foreign(adj):  # api.xsd: (basecurr?, currency, exchratetype) travel together, and only then
            sub_if(el, "basecurr", adj.base_currency)
            sub(el, "currency", adj.currency)
            sub(el, "exchratetype", adj.exchange_rate_type or DEFAULT_EXCHANGE_RATE_TYPE)
        items = sub(el, "apadjustmentitems")
        for line in adj.lines:
            _line(items, line, minor_unit(adj.currency))
        return el
