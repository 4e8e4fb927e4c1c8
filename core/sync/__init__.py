"""The exactly-once sync engine: outbox events → Intacct writes (docs/sync.md).

Public surface: :class:`SyncEngine` (push, approve, approve_all, skip, retry, remap, preview, run_worker),
:class:`PushReport`, :class:`ReferenceCache`, and the error tree in :mod:`core.sync.errors`.
"""

from core.sync.engine import LEASE, SyncEngine
from core.sync.errors import LeaseLost, NotActionable, SyncError, WorkerBusy
from core.sync.reference import ReferenceCache
from core.sync.report import Progress, PushReport

__all__ = ["LEASE", "LeaseLost", "NotActionable", "Progress", "PushReport", "ReferenceCache", "SyncEngine",
           "SyncError", "WorkerBusy"]
