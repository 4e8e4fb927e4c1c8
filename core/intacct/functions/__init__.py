"""One object per Intacct function; each renders its own ``<function controlid="…">`` element."""

from core.intacct.functions.apadjustment import ApAdjustmentCreate
from core.intacct.functions.apbill import ApBillCreate, ApBillUpdate
from core.intacct.functions.base import IntacctFunction, validate_control_id
from core.intacct.functions.filters import (
    And,
    Between,
    EqualTo,
    Filter,
    GreaterThan,
    GreaterThanOrEqualTo,
    In,
    IsNotNull,
    IsNull,
    LessThan,
    LessThanOrEqualTo,
    Like,
    NotEqualTo,
    NotIn,
    NotLike,
    Or,
)
from core.intacct.functions.query import OrderBy, Query
from core.intacct.functions.read import Read, ReadByName, ReadByQuery, ReadMore
from core.intacct.functions.session import GetApiSession
from core.intacct.functions.vendor import VendorCreate, VendorUpdate

__all__ = [
    "And", "ApAdjustmentCreate", "ApBillCreate", "ApBillUpdate", "Between", "EqualTo", "Filter", "GetApiSession",
    "GreaterThan", "GreaterThanOrEqualTo", "In", "IntacctFunction", "IsNotNull", "IsNull", "LessThan",
    "LessThanOrEqualTo", "Like", "NotEqualTo", "NotIn", "NotLike", "Or", "OrderBy", "Query", "Read", "ReadByName",
    "ReadByQuery", "ReadMore", "VendorCreate", "VendorUpdate", "validate_control_id",
]
