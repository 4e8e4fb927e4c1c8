"""Error texts the sandbox gateway answers with, and the exceptions that carry them inside the sandbox.

Codes and texts come from INTACCT-API.md and the fixtures wherever Sage's wording is known. Where it is not
(§9 of that document lists the open items), the sandbox uses a **synthetic** code, named here once and
listed in ``docs/sandbox.md``:

* :data:`REPLAY_ERRORNO` (``XL03000011``): a function controlid that already completed is replayed in a
  request with ``<uniqueid>true</uniqueid>``. Sage's real errorno and text for this case are unconfirmed.
  The same errorno carries Sage's (Vena-quoted) text for a controlid that is still "in process".
* :data:`TOO_MANY_OPERATIONS_ERRORNO` (``XL03000012``): the concurrency limit. The description text
  "There are too many operations running for this company (200024)" is Sage's (via Vena); the errorno is not.

Exception tree (internal to the sandbox; never seen by a client, which only sees XML):

* :class:`SandboxError`
    * :class:`ControlFailure`: the whole request fails at the control level (no operation block).
    * :class:`AuthenticationFailure`: one operation fails at the authentication level (no results).
    * :class:`FunctionFailure`: one function fails; its result carries the errors.
"""

from __future__ import annotations

from dataclasses import dataclass

PARSE_ERRORNO = "XL03000003"
AUTH_ERRORNO = "XL03000006"
ROLLBACK_ERRORNO = "XL03000009"
DUPLICATE_ERRORNO = "BL34000061"
BUSINESS_ERRORNO = "BL01001973"
QUERY_FAILED_ERRORNO = "Query Failed"
SESSION_FAILED_ERRORNO = "Get API Session Failed"
RATE_LIMIT_ERRORNO = "GW-0010"
REPLAY_ERRORNO = "XL03000011"  # synthetic, see module docstring
TOO_MANY_OPERATIONS_ERRORNO = "XL03000012"  # synthetic, see module docstring
UNSUPPORTED_FUNCTION_ERRORNO = "XL03000004"  # synthetic, see module docstring

BAD_SENDER = "Incorrect Intacct XML Partner ID or password."
BAD_LOGIN = "Sign-in information is incorrect"
ROLLED_BACK = "The entire transaction in this operation has been rolled back due to an error."
TOO_MANY_OPERATIONS = "There are too many operations running for this company (200024)"
RATE_LIMITED = "API rate limit exceeded"


@dataclass(frozen=True)
class ErrorDetail:
    """One ``<error>`` element: the four children Sage always writes, in Sage's order."""

    errorno: str
    description: str = ""
    description2: str = ""
    correction: str = ""


class SandboxError(Exception):
    """Something the gateway answers as an error; carries the ``<error>`` elements to write."""

    def __init__(self, *errors: ErrorDetail) -> None:
        super().__init__("; ".join(e.description2 or e.errorno for e in errors))
        self.errors: tuple[ErrorDetail, ...] = errors


class ControlFailure(SandboxError):
    """Control-level failure: no operation runs; ``<errormessage>`` sits directly under ``<response>``."""


class AuthenticationFailure(SandboxError):
    """Authentication-level failure of one operation: none of its functions run."""


class FunctionFailure(SandboxError):
    """One function fails; with ``transaction="true"`` the whole operation is rolled back."""


def business(description2: str, correction: str = "") -> ErrorDetail:
    """A ``BL01001973`` business error, the code Sage uses for most create/update refusals (§5.3, §5.4)."""
    return ErrorDetail(BUSINESS_ERRORNO, "", description2, correction)


def could_not_create(object_name: str) -> ErrorDetail:
    """The trailing error Sage appends to a refused create: "Could not create vendor record!"."""
    return business(f"Could not create {object_name.lower()} record!")
