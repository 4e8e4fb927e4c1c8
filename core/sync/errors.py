"""The sync engine's exceptions: a small tree for callers (CLI, console, service).

::

    SyncError                 the engine could not do what was asked
    ├── WorkerBusy            another process holds the worker lease (e.g. ``serve`` is running): only one
    │                         process pushes to Intacct at a time
    ├── LeaseLost             our lease was taken over while pushing (we stalled past its ttl); we stop
    └── NotActionable         the operator action does not apply to the event in its current state

Per-event failures are never raised: they land on the event (``failed`` with Intacct's own words, or
``retry`` with a next attempt time) and in the :class:`~core.sync.report.PushReport`.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base class of every sync engine error."""


class WorkerBusy(SyncError):
    """Another process holds the worker lease."""


class LeaseLost(SyncError):
    """Another owner took the lease while we were pushing."""


class NotActionable(SyncError):
    """An operator action that does not apply to the event's current state."""
