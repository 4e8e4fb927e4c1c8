"""``getAPISession``: exchange login credentials for a session id and the endpoint it is tied to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from core.intacct.functions.base import IntacctFunction
from core.intacct.xml import Element, element, sub


@dataclass(frozen=True)
class GetApiSession(IntacctFunction):
    """``location_id`` None: company level; ``""``: explicitly top level; otherwise that entity."""

    control_id: str
    location_id: str | None = None
    function_name: ClassVar[str] = "getAPISession"

    def body(self) -> Element:
        el = element(self.function_name)
        if self.location_id is not None:
            sub(el, "locationid", self.location_id or None)
        return el
