"""The console's one door into :mod:`core`: every screen action is a call here, and every call is core's.

Nothing here decides anything about mapping, posting or webhooks; it opens the core objects the action
needs, calls them, and turns their failures into :mod:`console.errors`. Methods are blocking: screens run
them in Textual thread workers, so a slow store or Intacct never freezes the UI. Long ones take a
:class:`Progress` to report to and to ask whether the operator cancelled.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from console import bridges
from console.core_loop import CoreLoop
from console.errors import ActionRefused, ConsoleError, RemoteFailed, Unavailable
from core.outbox import EventNotFound, EventRecord, Outbox
from core.outbox.model import FAILED
from core.settings import Settings

T = TypeVar("T")
ACTOR = "console"
APPROVE_CHUNK = 500


@dataclass
class Progress:
    """Where a long action reports ``done`` of ``total`` and learns whether it was cancelled."""

    report: Callable[[int, int, str], None] = lambda done, total, label: None
    cancelled: Callable[[], bool] = lambda: False


@dataclass(frozen=True)
class Preview:
    """What the detail screen shows beside the payload: the masked request and what would stop it."""

    payload: str
    xml: str
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class BatchResult:
    done: int = 0
    failed: int = 0
    cancelled: bool = False
    messages: list[str] = field(default_factory=list)


class ConsoleServices:
    """The actions of the console over one settings model and one outbox."""

    def __init__(self, settings: Settings, outbox: Outbox) -> None:
        self.settings = settings
        self.outbox = outbox
        self.loop = CoreLoop(settings, outbox)

    def close(self) -> None:
        self.loop.close()

    def session_age(self) -> float | None:
        return self.loop.session_age()

    # -- reads ------------------------------------------------------------------------------------------------

    def event(self, event_id: int) -> EventRecord:
        try:
            return self.outbox.get_event(event_id)
        except EventNotFound as exc:
            raise ActionRefused(str(exc)) from None

    def attempts(self, event_id: int) -> list[dict[str, Any]]:
        """The event's audit trail, oldest first (attempts, Intacct's messages, who moved it and why)."""
        return self.outbox.audit_for(event_id)

    def preview(self, event_id: int) -> Preview:
        """The sync engine's preview: the request it would send (credentials masked) and what blocks it."""
        from core.cli.preview import pretty

        event = self.event(event_id)
        payload = _pretty_json(event.payload)
        notes: tuple[str, ...] = ()
        try:
            remote(lambda: self.loop.run(lambda: self.loop.engine().ensure_reference()))
        except ConsoleError as exc:
            notes = (f"reference data could not be refreshed, validation may be incomplete: {exc}",)
        try:
            xml, problems = bridges.refused(lambda: remote(lambda: self.loop.run(
                lambda: self.loop.engine().preview(event_id))))
        except ConsoleError as exc:
            return Preview(payload, "", error=f"cannot map this event: {exc}")
        except (ValueError, KeyError) as exc:  # mapping errors on a malformed payload
            return Preview(payload, "", error=f"cannot map this event: {exc}")
        return Preview(payload, pretty(xml.encode("utf-8")) if xml else "", tuple(problems), notes)

    def store_admin_url(self, event_id: int) -> str:
        """The order's (or customer's) page in the store admin."""
        from core.mapping.order import admin_link

        event = self.event(event_id)
        data = json.loads(event.payload)
        if event.resource == "order":
            link = admin_link(data, self.settings)
        else:
            base = self.settings.mapping.store_admin_url or (
                f"{self.settings.woocommerce.url.rstrip('/')}/wp-admin" if self.settings.woocommerce.url else "")
            link = f"{base.rstrip('/')}/user-edit.php?user_id={event.resource_id}" if base else None
        if not link:
            raise Unavailable("set [woocommerce] url (or [mapping] store_admin_url) to link to the store admin")
        return link

    # -- moves (the sync engine's operator actions, audited as "console") ----------------------------------

    def approve(self, event_id: int) -> None:
        bridges.refused(lambda: self.loop.engine().approve([event_id], ACTOR))

    def retry(self, event_id: int) -> None:
        bridges.refused(lambda: self.loop.engine().retry(event_id, ACTOR))

    def skip(self, event_id: int, reason: str) -> None:
        if not reason.strip():
            raise ActionRefused("a skip needs a reason (it goes into the audit log)")
        bridges.refused(lambda: self.loop.engine().skip(event_id, f"skipped by the operator: {reason.strip()}",
                                                         ACTOR))

    def approve_many(self, event_ids: Sequence[int], progress: Progress) -> BatchResult:
        """Approve the events still waiting for review, in chunks so the bar moves and cancel is honoured."""
        done = 0
        for start in range(0, len(event_ids), APPROVE_CHUNK):
            if progress.cancelled():
                return BatchResult(done, cancelled=True)
            chunk = list(event_ids[start:start + APPROVE_CHUNK])
            done += len(bridges.refused(lambda c=chunk: self.loop.engine().approve(c, ACTOR, only_waiting=True)))
            progress.report(min(start + APPROVE_CHUNK, len(event_ids)), len(event_ids), "approving")
        return BatchResult(done)

    def remap(self, event_id: int) -> Preview:
        """Plan again with today's settings; a failed event that now maps cleanly goes back to approved."""
        preview = self.preview(event_id)
        if not preview.error and not preview.problems and self.event(event_id).state == FAILED:
            self.retry(event_id)
        return preview

    # -- remote work ------------------------------------------------------------------------------------------

    def push(self, event_ids: Sequence[int] | None, progress: Progress) -> BatchResult:
        """Push the named events (or every approved one) through the sync engine."""
        return bridges.push(self.loop, event_ids, progress)

    def reenable(self, webhook_id: int, progress: Progress) -> BatchResult:
        """Set the webhook active through the REST API, then backfill the outage window."""
        return bridges.reenable(self.loop, webhook_id, progress)

    def ping(self) -> list[tuple[str, bool, str]]:
        """``ping`` results: (check, ok, detail) for the store and Intacct."""
        return bridges.ping(self.loop)

    def reference(self) -> tuple[str, list[tuple[str, str, str]]]:
        """(last refresh, rows of (kind, id, name)) from the reference cache."""
        return bridges.reference(self.loop)

    def refresh_reference(self, progress: Progress) -> BatchResult:
        return bridges.refresh_reference(self.loop, progress)


def _pretty_json(raw: bytes) -> str:
    try:
        return json.dumps(json.loads(raw), indent=2, ensure_ascii=False, sort_keys=False)
    except ValueError:
        return raw.decode("utf-8", "replace")


def remote(call: Callable[[], T]) -> T:
    """Run a store/Intacct call, turning their errors into :class:`RemoteFailed` with their message."""
    from core.intacct.errors import IntacctError
    from core.woo.errors import WooError

    try:
        return call()
    except (WooError, IntacctError) as exc:
        raise RemoteFailed(str(exc)) from None
