"""A string that never prints itself.

Secrets travel through the program as :class:`Secret`; ``str()``, ``repr()`` and f-strings show a mask,
and only :meth:`Secret.reveal` gives the value, at the one place that must send it.
"""

from __future__ import annotations

MASK = "********"


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret value; call this only where it is sent over the wire."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return MASK if self._value else ""

    def __repr__(self) -> str:
        return f"Secret({MASK!r})" if self._value else "Secret('')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))
