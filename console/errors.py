"""The console's small exception tree: what an action can fail with, each shown to the operator in one line.

- :class:`ConsoleError` — base; its message is what the notification says.
  - :class:`ActionRefused` — the outbox refused the move (event gone, final state, wrong state).
  - :class:`Unavailable` — the part of the core or the setting the action needs is missing.
  - :class:`RemoteFailed` — the store or Intacct answered with an error (their own message kept).
"""

from __future__ import annotations


class ConsoleError(Exception):
    """An action failed; ``str(exc)`` is a sentence the operator can act on."""


class ActionRefused(ConsoleError):
    """The outbox said no: the event no longer exists or its state does not allow the move."""


class Unavailable(ConsoleError):
    """The core part or the configuration the action needs is not there (e.g. no store URL)."""


class RemoteFailed(ConsoleError):
    """WooCommerce or Intacct failed the call; the message carries their words."""
