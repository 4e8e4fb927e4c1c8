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
from console.books import Line, NeedsAction, Sent, login_name, needs_action, plan_lines, sent
from console.core_loop import CoreLoop
from console.errors import ActionRefused, ConsoleError, RemoteFailed, Unavailable
from core.outbox import EventNotFound, EventRecord, Outbox
from core.outbox.model import APPROVED, FAILED, POSTED, POSTING, RETRY
from core.settings import Settings

T = TypeVar("T")
APPROVE_CHUNK = 500
QUEUED = (APPROVED, RETRY, POSTING)
"""States of events a worker still has to carry to an outcome (what a push is about)."""


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
    lines: tuple[Line, ...] = ()
    """The bill / adjustment lines the request would post (GL account, dimensions, description, amount)."""
    sent: tuple[Sent, ...] = ()
    """What was actually sent for this event (the ledger's writes), with RECORDNO; empty before posting."""
    needs: NeedsAction | None = None
    """The open item this event holds (needs action), if any."""
    settings_source: str = ""
    """The configuration file the plan was made with."""


@dataclass(frozen=True)
class BatchResult:
    done: int = 0
    failed: int = 0
    cancelled: bool = False
    messages: list[str] = field(default_factory=list)


class ConsoleServices:
    """The actions of the console over one settings model and one outbox."""

    def __init__(self, settings: Settings, outbox: Outbox, actor: str | None = None) -> None:
        self.settings = settings
        self.outbox = outbox
        self.loop = CoreLoop(settings, outbox)
        self.actor = actor or login_name()
        """Who the audit names for every move made from this console (``--actor``, default the login name)."""
        self.loop.actor = self.actor
        self._config_mtime = self._mtime()

    # -- configuration ----------------------------------------------------------------------------------------

    def config_path(self) -> str:
        """The configuration file these settings were read from (``<defaults>`` without one)."""
        return self.settings.source

    def _mtime(self) -> float | None:
        from pathlib import Path

        try:
            return Path(self.settings.source).stat().st_mtime
        except OSError:
            return None

    def config_changed(self) -> bool:
        """Whether the configuration file changed on disk since it was last read."""
        return self._mtime() != self._config_mtime

    def reload_settings(self) -> Settings:
        """Read the configuration file again and use it from now on (mapping, books, sync...).

        The Intacct session and the store client keep the credentials they were opened with; a change of
        ``[intacct]`` or ``[woocommerce]`` credentials needs a restart of the console.
        """
        from pathlib import Path

        from core.redact import register_secrets
        from core.settings import SettingsError, load_settings

        if not Path(self.settings.source).is_file():
            return self.settings
        try:
            fresh = load_settings(Path(self.settings.source))
        except SettingsError as exc:
            raise ActionRefused(f"the configuration was not reloaded: {exc}") from None
        register_secrets(fresh.secrets())
        self.settings = fresh
        self.loop.use_settings(fresh)
        self._config_mtime = self._mtime()
        return fresh

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
        """The sync engine's plan for the event: its lines, the request it would send (credentials masked),
        what blocks it, what was already sent for it (with RECORDNO) and the open item it holds."""
        from core.cli.preview import pretty
        from core.intacct.client import build_request_xml
        from core.sync.ledger import Ledger

        event = self.event(event_id)
        payload = _pretty_json(event.payload)
        ledger = Ledger(self.outbox)
        done = tuple(sent(ledger.writes([event_id])))
        items = [i for i in ledger.open_items([event.resource_id]) if i.event_id == event_id] if (
            event.resource == "order") else []
        facts: dict[str, Any] = {"sent": done, "needs": needs_action(items[0]) if items else None,
                                 "settings_source": self.settings.source}
        if event.state == POSTED:  # posted: what was sent is the truth; planning again would show the next change
            return Preview(payload, "", **facts)
        notes: tuple[str, ...] = ()
        try:
            remote(lambda: self.loop.run(lambda: self.loop.engine().ensure_reference()))
        except ConsoleError as exc:
            notes = (f"reference data could not be refreshed, validation may be incomplete: {exc}",)
        try:
            plan = bridges.refused(lambda: remote(lambda: self.loop.run(lambda: self.loop.engine().remap(event_id))))
        except ConsoleError as exc:
            return Preview(payload, "", error=f"cannot map this event: {exc}", **facts)
        except (ValueError, KeyError) as exc:  # mapping errors on a malformed payload
            return Preview(payload, "", error=f"cannot map this event: {exc}", **facts)
        functions = [step.function() for step in plan.steps if step.operation != "update-apbill"]
        xml = build_request_xml(self.settings.intacct, functions) if functions else b""
        problems = [str(p) for p in plan.problems] + ([] if plan.steps else list(plan.notes))
        return Preview(payload, pretty(xml) if xml else "", tuple(problems), notes, lines=tuple(plan_lines(plan)),
                       **facts)

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

    def needs_action(self) -> list[NeedsAction]:
        """Every open item (orders whose books in Intacct differ from the store), oldest first."""
        from core.sync.ledger import Ledger

        return [needs_action(i) for i in Ledger(self.outbox).open_items()]

    def states(self, event_ids: Sequence[int]) -> dict[int, str]:
        from core.sync.ledger import Ledger

        return {e.id: e.state for e in Ledger(self.outbox).events(event_ids)} if event_ids else {}

    # -- moves (the sync engine's operator actions, audited under the operator's name) ------------------------

    def approve(self, event_id: int) -> None:
        bridges.refused(lambda: self.loop.engine().approve([event_id], self.actor))

    def resolve(self, event_id: int, note: str) -> None:
        """Mark the open item of this event's order handled by hand, with the note (kept in the audit)."""
        event = self.event(event_id)
        if event.resource != "order":
            raise ActionRefused(f"event {event_id} is not an order: nothing to resolve")
        bridges.refused(lambda: self.loop.engine().resolve(event.resource_id, note, self.actor))

    def retry(self, event_id: int) -> None:
        bridges.refused(lambda: self.loop.engine().retry(event_id, self.actor))

    def skip(self, event_id: int, reason: str) -> None:
        if not reason.strip():
            raise ActionRefused("a skip needs a reason (it goes into the audit log)")
        bridges.refused(lambda: self.loop.engine().skip(event_id, f"skipped by the operator: {reason.strip()}",
                                                         self.actor))

    def approve_many(self, event_ids: Sequence[int], progress: Progress) -> BatchResult:
        """Approve the events still waiting for review, in chunks so the bar moves and cancel is honoured."""
        done = 0
        for start in range(0, len(event_ids), APPROVE_CHUNK):
            if progress.cancelled():
                return BatchResult(done, cancelled=True)
            chunk = list(event_ids[start:start + APPROVE_CHUNK])
            done += len(bridges.refused(lambda c=chunk: self.loop.engine().approve(c, self.actor, only_waiting=True)))
            progress.report(min(start + APPROVE_CHUNK, len(event_ids)), len(event_ids), "approving")
        return BatchResult(done)

    def retry_many(self, event_ids: Sequence[int], progress: Progress) -> BatchResult:
        """Retry each failed or retrying event; the others are counted as refused with the reason."""
        done, messages = 0, []
        for n, event_id in enumerate(event_ids, start=1):
            try:
                self.retry(event_id)
                done += 1
            except ActionRefused as exc:
                messages.append(str(exc))
            progress.report(n, len(event_ids), "retrying")
        return BatchResult(done, len(event_ids) - done, messages=messages)

    def remap(self, event_id: int) -> Preview:
        """Read the configuration file again, then plan with it; a failed event that now maps cleanly goes
        back to approved."""
        self.reload_settings()
        preview = self.preview(event_id)
        if not preview.error and not preview.problems and self.event(event_id).state == FAILED:
            self.retry(event_id)
        return preview

    # -- remote work ------------------------------------------------------------------------------------------

    def queued(self) -> list[int]:
        """Events a worker still has to carry to an outcome (approved, retrying, posting)."""
        return [e.id for e in self.outbox.active_events(QUEUED, 100_000)]

    def push(self, event_ids: Sequence[int] | None, progress: Progress, *, attached: bool = False,
             wait: float = 30.0) -> BatchResult:
        """Push the named events (or every queued one) and report what became of them, whoever posted them.

        Attached, ``serve`` holds the worker lease and posts them itself: the console hands them over and
        watches them for up to ``wait`` seconds. Standalone, the console's own background worker may have
        posted some a moment before: the report counts the events' outcomes, not only this call's.
        """
        queued = list(event_ids) if event_ids else self.queued()
        if not attached:
            try:
                report = bridges.push(self.loop, event_ids, progress)
            except bridges.Busy:
                attached = True
            else:
                return self._outcome(queued, report.cancelled, report.messages[1:], "")
        if event_ids:
            self.approve_waiting(event_ids)
        return self._watch(queued, progress, wait)

    def approve_waiting(self, event_ids: Sequence[int]) -> list[int]:
        result: list[int] = bridges.refused(lambda: self.loop.engine().approve(list(event_ids), self.actor,
                                                                                only_waiting=True))
        return result

    def _watch(self, queued: list[int], progress: Progress, wait: float) -> BatchResult:
        import time

        deadline = time.monotonic() + wait
        while True:
            states = self.states(queued)
            left = [i for i, s in states.items() if s in QUEUED]
            progress.report(len(queued) - len(left), len(queued), "serve is posting")
            if not left or time.monotonic() >= deadline or progress.cancelled():
                break
            time.sleep(0.1)
        return self._outcome(queued, progress.cancelled(), [], "serve")

    def _outcome(self, queued: list[int], cancelled: bool, extra: list[str], by: str) -> BatchResult:
        states = self.states(queued)
        posted = [i for i, s in states.items() if s == POSTED]
        failed = [i for i, s in states.items() if s == FAILED]
        left = [i for i, s in states.items() if s in QUEUED]
        if not queued:
            return BatchResult(0, 0, cancelled, ["nothing was queued: no approved event was waiting (a worker may "
                                                 "have posted them already: see the Posted tab)", *extra])
        lines = [f"{len(posted)} of {len(queued)} queued event(s) posted" + (f" by {by}" if by else "")]
        if left:
            lines.append(f"{len(left)} still queued" + (" for serve (it posts them on its next round)" if by else
                                                      " (retry later or when due)"))
        if failed:
            lines.append(f"{len(failed)} failed: see the Failed tab")
        return BatchResult(len(posted), len(failed), cancelled, lines + extra)

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
