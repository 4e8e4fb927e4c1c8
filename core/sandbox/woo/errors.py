"""The sandbox's small exception tree.

``SandboxError`` is the root: anything the fake store refuses raises one of these, never a bare
``ValueError``, so the demo and tests can catch one type.

- ``RestError``: a refusal that has a WooCommerce REST shape (``code``, ``message``, HTTP ``status``,
  optional ``params``). The REST layer renders it as ``{code, message, data:{status[, params]}}``;
  the Python API raises the same object so both fronts fail identically.
- ``NotFound``: a ``RestError`` with status 404 (unknown order, customer, product, webhook).
"""

from __future__ import annotations

from typing import Any


class SandboxError(Exception):
    """Root of everything the WooCommerce sandbox raises on purpose."""


class RestError(SandboxError):
    """A refusal WooCommerce would answer with ``{code, message, data:{status}}``."""

    def __init__(self, code: str, message: str, status: int,
                 params: dict[str, str] | list[str] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.params = params

    def to_json(self) -> dict[str, Any]:
        """The body WordPress' REST server sends for this error."""
        data: dict[str, Any] = {"status": self.status}
        if self.params is not None:
            data["params"] = self.params
        return {"code": self.code, "message": self.message, "data": data}


class NotFound(RestError):
    """The resource id does not exist (404)."""

    def __init__(self, code: str, message: str = "Invalid ID.") -> None:
        super().__init__(code, message, 404)


def invalid_param(name: str, why: str) -> RestError:
    """WordPress core's 400 for a request argument that fails validation."""
    return RestError("rest_invalid_param", f"Invalid parameter(s): {name}", 400, {name: why})
