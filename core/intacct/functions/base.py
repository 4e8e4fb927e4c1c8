"""What every Intacct function object is: a controlid, whether it writes, and its ``<function>`` element.

Function objects only render XML. Retries, sessions, uniqueid and redaction live in the client
(:mod:`core.intacct.client`), as in the PHP SDK where ``Functions/*`` never know about ``RequestConfig``.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import ClassVar

from core.intacct.xml import Element, element

MAX_CONTROL_ID = 256
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def validate_control_id(control_id: str) -> str:
    """Control ids are 1–256 characters (api.xsd; every SDK enforces the lower bound too)."""
    if not isinstance(control_id, str) or not 1 <= len(control_id) <= MAX_CONTROL_ID:
        raise ValueError(f"Function control ID must be between 1 and {MAX_CONTROL_ID} characters in length")
    return control_id


def validate_field_name(name: str) -> str:
    """Field names become element names; refuse anything that is not a plain XML name."""
    if not _FIELD_NAME.match(name):
        raise ValueError(f"{name!r} is not a valid Intacct field name")
    return name


class IntacctFunction(ABC):
    """One ``<function controlid="…">``. Subclasses set ``function_name``/``is_write`` and build the body."""

    function_name: ClassVar[str]
    """The element inside ``<function>`` (``create``, ``query``, ``create_apadjustment``, …)."""
    is_write: ClassVar[bool] = False
    """Writes make the request carry ``uniqueid=true`` and are never re-sent after an ambiguous outcome."""
    control_id: str

    def __post_init__(self) -> None:
        """Dataclass subclasses validate on construction, so a bad function never reaches a request."""
        validate_control_id(self.control_id)
        self.validate()

    def validate(self) -> None:
        """Subclasses raise ValueError for a record the gateway would refuse anyway."""
        return None

    @abstractmethod
    def body(self) -> Element:
        """The element inside ``<function>``."""

    def to_xml(self) -> Element:
        """The whole ``<function controlid="…">`` element."""
        validate_control_id(self.control_id)
        wrapper = element("function", attrib={"controlid": self.control_id})
        wrapper.append(self.body())
        return wrapper
