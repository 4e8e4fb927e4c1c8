"""The console's one door into :mod:`core`: every screen action is a call here, and every call is core's.

Nothing here decides anything about mapping, posting or webhooks; it opens the core objects the action
needs, calls them, and turns their failures into :mod:`console.errors`. Methods are blocking: screens run
them in Textual thread workers, so a slow store or Intacct never freezes the UI. Long ones take a
:class:`Progress` to report to and to ask whether the operator cancelled.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from console import bridges
from console.errors import ActionRefused, RemoteFailed, Unavailable
from core.outbox import EventNotFound, EventRecord, InvalidTransition, Outbox
from core.outbox.model import APPROVED, AWAITING_REVIEW, FAILED, SKIPPED
from core.settings import Settings

T = TypeVar("T")
ACTOR = "console"


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


def run_async(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a core coroutine to completion from a worker thread (its own event loop)."""
    return asyncio.run(factory())


class ConsoleServices:
    """The actions of the console over one settings model and one outbox."""

    def __init__(self, settings: Settings, outbox: Outbox) -> None:
        self.settings = settings
        self.outbox = outbox

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
        """The Intacct request the event maps to (credentials masked) and the validation problems."""
        from core.cli.preview import masked_request, pretty
        from core.mapping import MappingError, PlanContext, plan_event

        event = self.event(event_id)
        payload = _pretty_json(event.payload)
        try:
            data = json.loads(event.payload)
            context = PlanContext(self.settings, vendor_known=event.topic.startswith("order."))
            plan = plan_event(event.topic, data, context)
        except (MappingError, KeyError, ValueError) as exc:
            return Preview(payload, "", error=f"cannot map this event: {exc}")
        functions = [step.function() for step in plan.steps]
        xml = pretty(masked_request(functions, self.settings)) if functions else ""
        return Preview(payload, xml, tuple(str(p) for p in plan.problems), tuple(plan.notes))

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

    # -- moves ------------------------------------------------------------------------------------------------

    def _move(self, event_id: int, to_state: str, note: str) -> EventRecord:
        try:
            return self.outbox.transition(event_id, to_state, actor=ACTOR, note=note)
        except (EventNotFound, InvalidTransition) as exc:
            raise ActionRefused(str(exc)) from None

    def approve(self, event_id: int) -> EventRecord:
        return self._move(event_id, APPROVED, "approved by the operator")

    def retry(self, event_id: int) -> EventRecord:
        if self.event(event_id).state != FAILED:
            raise ActionRefused(f"event {event_id} has not failed; only failed events can be retried")
        return self._move(event_id, APPROVED, "retry requested by the operator")

    def skip(self, event_id: int, reason: str) -> EventRecord:
        if not reason.strip():
            raise ActionRefused("a skip needs a reason (it goes into the audit log)")
        return self._move(event_id, SKIPPED, f"skipped by the operator: {reason.strip()}")

    def approve_many(self, event_ids: Sequence[int], progress: Progress) -> BatchResult:
        """Approve each event still waiting for review; others are left alone and counted as failed."""
        done = failed = 0
        for index, event_id in enumerate(event_ids):
            if progress.cancelled():
                return BatchResult(done, failed, cancelled=True)
            try:
                if self.event(event_id).state == AWAITING_REVIEW:
                    self.approve(event_id)
                    done += 1
            except ActionRefused:
                failed += 1
            progress.report(index + 1, len(event_ids), "approving")
        return BatchResult(done, failed)

    def remap(self, event_id: int) -> Preview:
        """Map again with today's settings; a failed event goes back to approved so the next push uses it."""
        preview = self.preview(event_id)
        if not preview.error and not preview.problems and self.event(event_id).state == FAILED:
            self._move(event_id, APPROVED, "re-mapped after a settings change")
        return preview

    # -- remote work ------------------------------------------------------------------------------------------

    def push(self, event_ids: Sequence[int] | None, progress: Progress) -> BatchResult:
        """Push the named events (or every approved one) through the sync engine."""
        return bridges.push(self.settings, self.outbox, event_ids, progress)

    def reenable(self, webhook_id: int, progress: Progress) -> BatchResult:
        """Set the webhook active through the REST API, then backfill the outage window."""
        return bridges.reenable(self.settings, self.outbox, webhook_id, progress)

    def ping(self) -> list[tuple[str, bool, str]]:
        """``ping`` results: (check, ok, detail) for the store and Intacct."""
        return bridges.ping(self.settings)

    def reference(self) -> tuple[str, list[tuple[str, str, str]]]:
        """(last refresh, rows of (kind, id, name)) from the reference cache."""
        return bridges.reference(self.settings, self.outbox)

    def refresh_reference(self, progress: Progress) -> BatchResult:
        return bridges.refresh_reference(self.settings, self.outbox, progress)


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
