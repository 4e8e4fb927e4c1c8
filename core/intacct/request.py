"""The request envelope exactly as the official SDKs write it (INTACCT-API.md §1.1; fixtures F1, F3, F4).

``control`` (senderid, password, controlid, uniqueid, dtdversion 3.0, includewhitespace false), then one
``operation transaction="false"`` with ``authentication`` (login or sessionid) and ``content``. A request
that contains any write carries ``uniqueid=true`` so the gateway refuses a replayed function controlid.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from core.intacct.functions.base import IntacctFunction, validate_control_id
from core.intacct.xml import Element, element, sub, to_bytes

DTD_VERSION = "3.0"
_EMPTY_CONTENT_END = b"<content/></operation></request>"


@runtime_checkable
class Prerendered(Protocol):
    """A function that already holds its serialised ``<function>`` bytes (a written-ahead write): the request
    splices them in as they are instead of parsing and serialising them again."""

    def rendered(self) -> bytes: ...


@dataclass(frozen=True)
class LoginAuth:
    """Login credentials; ``location_id`` (the entity) is written only when non-empty."""

    user_id: str
    company_id: str
    password: str
    location_id: str = ""


@dataclass(frozen=True)
class SessionAuth:
    session_id: str


Auth = LoginAuth | SessionAuth


def control_block(sender_id: str, sender_password: str, control_id: str, unique_id: bool) -> Element:
    el = element("control")
    sub(el, "senderid", sender_id)
    sub(el, "password", sender_password)
    sub(el, "controlid", validate_control_id(control_id))
    sub(el, "uniqueid", "true" if unique_id else "false")
    sub(el, "dtdversion", DTD_VERSION)
    sub(el, "includewhitespace", "false")
    return el


def authentication_block(auth: Auth) -> Element:
    el = element("authentication")
    if isinstance(auth, SessionAuth):
        sub(el, "sessionid", auth.session_id)
        return el
    login = sub(el, "login")
    sub(login, "userid", auth.user_id)
    sub(login, "companyid", auth.company_id)  # must precede password (api.xsd sequence)
    sub(login, "password", auth.password)
    if auth.location_id:
        sub(login, "locationid", auth.location_id)
    return el


def operation_block(auth: Auth, functions: Sequence[IntacctFunction]) -> Element:
    el = element("operation", attrib={"transaction": "false"})
    el.append(authentication_block(auth))
    content = sub(el, "content")
    for function in functions:
        content.append(function.to_xml())
    return el


def new_request_control_id() -> str:
    """Request controlids only match a response to its request; the gateway never checks them."""
    return uuid.uuid4().hex


def build_request(
    sender_id: str,
    sender_password: str,
    auth: Auth,
    functions: Sequence[IntacctFunction],
    control_id: str | None = None,
) -> bytes:
    """The whole request as UTF-8 bytes with an XML declaration. Function controlids must be unique."""
    ids = [f.control_id for f in functions]
    if len(set(ids)) != len(ids):
        raise ValueError("function controlids must be unique within a request")
    root = element("request")
    unique = any(f.is_write for f in functions)
    root.append(control_block(sender_id, sender_password, control_id or new_request_control_id(), unique))
    root.append(operation_block(auth, ()))
    envelope = to_bytes(root, declaration=True)
    if not functions:
        return envelope
    # the same bytes as serialising one tree (tests/intacct/test_request_splice.py), without parsing stored
    # functions back into elements first
    assert envelope.endswith(_EMPTY_CONTENT_END)
    body = b"".join(function_bytes(f) for f in functions)
    return envelope[: -len(_EMPTY_CONTENT_END)] + b"<content>" + body + b"</content></operation></request>"


def function_bytes(function: IntacctFunction) -> bytes:
    """One ``<function>`` serialised as it goes into ``<content>``."""
    if isinstance(function, Prerendered):
        return function.rendered()
    return to_bytes(function.to_xml())
