"""The operator console: screens, the actions from :mod:`console.actions`, and the header refresh.

The app holds no logic of its own: every action is a :class:`console.services.ConsoleServices` call run in
a Textual worker (the UI never waits for the database, the store or Intacct), then the table and the
header are re-read. Actions that cannot be taken back ask first (:class:`ConfirmationModal`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from console.actions import bindings
from console.commands import ActionCommands
from console.errors import ConsoleError
from console.runtime import Background
from console.screens.alerts import AlertsScreen
from console.screens.connection import ConnectionScreen
from console.screens.detail import DetailScreen
from console.screens.help import HelpScreen
from console.screens.outbox import OutboxScreen
from console.screens.reference import ReferenceScreen
from console.services import BatchResult, ConsoleServices, Preview, Progress
from console.sources import describe_selection
from console.status import ATTACHED, STANDALONE, Status, detect_mode, listening, read_status
from console.widgets.confirmation import ConfirmationModal, ReasonModal
from console.widgets.outbox_table import OutboxTable
from console.widgets.status_bar import Banner, StatusBar
from console.widgets.work_panel import WorkPanel
from core.outbox import Outbox
from core.outbox.paging import EventPager
from core.settings import Settings

Probe = Callable[[str, int], bool]


class ConsoleApp(App[int]):
    TITLE = "ml-connector"
    CSS_PATH = "console.tcss"
    BINDINGS = bindings()
    COMMANDS = App.COMMANDS | {ActionCommands}

    def __init__(self, settings: Settings, outbox: Outbox, *, background: bool = True,
                 status_every: float = 3.0, probe: Probe = listening,
                 clock: Callable[[], float] = time.time, screenshot: Path | None = None,
                 actor: str | None = None, push_wait: float = 30.0) -> None:
        super().__init__()
        self.settings, self.outbox = settings, outbox
        self.services = ConsoleServices(settings, outbox, actor)
        self.push_wait = push_wait
        """Attached: how long a push watches serve post the queued events before reporting."""
        self.notices: list[tuple[str, str, str]] = []
        """Every (severity, title, message) notified, oldest first (what the operator was told)."""
        self.pager = EventPager(outbox.path)
        self.status_pager = EventPager(outbox.path)
        self.owner = f"console-{os.getpid()}"
        self.mode = detect_mode(self.pager, self.owner, clock)
        self.want_background, self.status_every, self.probe = background, status_every, probe
        self.screenshot = screenshot
        self.background: Background | None = None
        self.cancel_flag = threading.Event()
        self.last_store_url = ""
        self.last_result: BatchResult | None = None
        self.last_remap: Preview | None = None

    # -- life -------------------------------------------------------------------------------------------------

    async def on_mount(self) -> None:
        await self.push_screen(OutboxScreen(self.pager))
        self.main.show()
        self.show_status(self.read_status())
        if self.mode == STANDALONE and self.want_background:
            self.background = Background(self.settings, self.outbox, self.services.loop.start_worker)
            self.background.start()
        if self.status_every > 0:
            self.set_interval(self.status_every, self.refresh_status)
        if self.screenshot is not None:
            self.set_timer(0.3, self._take_screenshot)

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.notices.append((str(severity), title, message))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _take_screenshot(self) -> None:
        assert self.screenshot is not None
        self.save_screenshot(self.screenshot.name, str(self.screenshot.parent or Path(".")))
        self.exit(0)

    async def on_unmount(self) -> None:
        self.cancel_flag.set()
        if self.background is not None:
            await self.background.stop()
        self.services.close()
        self.pager.close()
        self.status_pager.close()

    @property
    def main(self) -> OutboxScreen:
        screen = self.screen_stack[1] if len(self.screen_stack) > 1 else self.screen
        assert isinstance(screen, OutboxScreen)
        return screen

    # -- header -----------------------------------------------------------------------------------------------

    def read_status(self, pager: EventPager | None = None) -> Status:
        return read_status(pager or self.pager, self.outbox, self.services.settings, self.mode,
                           self.services.session_age(), probe=self.probe)

    def refresh_status(self) -> None:
        self.run_worker(self._status_worker, thread=True, exclusive=True, group="status")

    def _status_worker(self) -> None:
        if self.services.config_changed():  # the configuration file was edited: use it from now on
            try:
                self.services.reload_settings()
                self.settings = self.services.settings
                self.call_from_thread(self.notify, self.settings.source, title="Configuration reloaded")
            except ConsoleError as exc:
                self.call_from_thread(self.notify, str(exc), title="Configuration", severity="error")
        status = self.read_status(self.status_pager)
        self.call_from_thread(self.show_status, status)

    def show_status(self, status: Status) -> None:
        screen = self.main
        screen.query_one(StatusBar).show(status)
        screen.query_one(Banner).show(status)
        screen.query_one(OutboxTable).follow()  # events the receiver, poller or worker added or moved

    def refresh_views(self) -> None:
        """After an action: re-read the table window, the screen on show (detail, alerts, reference) and the header."""
        self.main.query_one(OutboxTable).reload(keep_cursor=True)
        if isinstance(self.screen, DetailScreen):
            self.screen.refresh_event()
        if isinstance(self.screen, (AlertsScreen, ReferenceScreen)):
            self.screen.reload()
        self.show_status(self.read_status())

    # -- running things ---------------------------------------------------------------------------------------

    def selected_event(self) -> int | None:
        picker = getattr(self.screen, "selected_event", None)
        event_id = picker() if callable(picker) else None
        if event_id is None:
            self.notify("Select an event first.", severity="warning")
        return event_id if isinstance(event_id, int) else None

    def quick(self, what: str, call: Callable[[], Any]) -> None:
        """A short core call in a thread worker; success and failure are both notified."""
        def work() -> None:
            try:
                call()
            except ConsoleError as exc:
                self.call_from_thread(self.notify, str(exc), title=f"{what} failed", severity="error")
                return
            self.call_from_thread(self.notify, what)
            self.call_from_thread(self.refresh_views)

        self.run_worker(work, thread=True, group="action")

    def long(self, label: str, call: Callable[[Progress], BatchResult]) -> None:
        """Long work with progress on the current screen's work panel; ctrl+x cancels."""
        self.cancel_flag.clear()
        panels = list(self.screen.query(WorkPanel))
        panel = panels[0] if panels else self.main.query_one(WorkPanel)
        panel.start(label)

        def report(done: int, total: int, text: str) -> None:
            self.call_from_thread(panel.report, done, total, text)

        def work() -> None:
            try:
                result = call(Progress(report, self.cancel_flag.is_set))
            except ConsoleError as exc:
                self.call_from_thread(self.notify, str(exc), title=f"{label} failed", severity="error")
                return
            finally:
                self.call_from_thread(panel.finish)
            self.last_result = result
            summary = f"{label}: {result.done} done, {result.failed} failed" + (
                " (cancelled)" if result.cancelled else "")
            self.call_from_thread(self.notify, "\n".join([summary, *result.messages[:6]]))
            self.call_from_thread(self.refresh_views)

        self.run_worker(work, thread=True, exclusive=True, group="work")

    def ask(self, question: str, then: Callable[[], None], label: str = "Yes") -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.push_screen(ConfirmationModal(question, label), answered)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(str(event.worker.error), title="unexpected error", severity="error")

    # -- actions ----------------------------------------------------------------------------------------------

    def action_open_detail(self) -> None:
        event_id = self.selected_event()
        if event_id is not None:
            self.push_screen(DetailScreen(self.services, event_id))

    def chosen(self) -> list[int]:
        """The multi-selection on the outbox screen, else the one selected event."""
        if isinstance(self.screen, OutboxScreen) and self.screen.selected_events():
            return self.screen.selected_events()
        event_id = self.selected_event()
        return [] if event_id is None else [event_id]

    def bulk(self, verb: str, ids: list[int], call: Callable[[list[int], Progress], BatchResult],
             label: str) -> None:
        """Ask with the count and the per-currency totals of the selection, then run ``call`` on it."""
        table = self.main.query_one(OutboxTable)
        rows = [table.selection[i] for i in ids if i in table.selection]
        question = f"{verb} {describe_selection(rows)}?"

        def run() -> None:
            table.clear_selection()
            self.long(label, lambda p: call(ids, p))

        self.ask(question, run, label)

    def action_approve(self) -> None:
        ids = self.chosen()
        if len(ids) > 1 or (ids and isinstance(self.screen, OutboxScreen) and self.screen.selected_events()):
            self.bulk("Approve", ids, self.services.approve_many, "Approve")
        elif ids:
            self.quick(f"Event {ids[0]} approved", lambda: self.services.approve(ids[0]))

    def action_approve_all(self) -> None:
        ids = self.main.visible_events()
        if not ids:
            self.notify("Nothing to approve in this tab.", severity="warning")
            return
        self.ask(f"Approve every event waiting for review among the {len(ids)} in this tab?",
                 lambda: self.long("Approve all", lambda p: self.services.approve_many(ids, p)), "Approve all")

    def action_resolve(self) -> None:
        event_id = self.selected_event()
        if event_id is None:
            return

        def answered(note: str | None) -> None:
            if note:
                self.quick(f"Event {event_id}: open item marked handled",
                           lambda: self.services.resolve(event_id, note))

        self.push_screen(ReasonModal(f"Mark the open item of event {event_id} handled? Intacct was fixed by "
                                     "hand: say how (kept in the audit).", "note (required)", "Mark handled"),
                         answered)

    def action_push(self) -> None:
        attached = self.mode == ATTACHED
        question = ("Push every approved event to Intacct now? Posted bills cannot be unposted from here." +
                    (" serve holds the worker lease: it posts them; the console watches." if attached else ""))
        self.ask(question, lambda: self.long("Push", lambda p: self.services.push(
            None, p, attached=attached, wait=self.push_wait)), "Push")

    def action_retry(self) -> None:
        ids = self.chosen()
        if len(ids) > 1:
            self.bulk("Retry", ids, self.services.retry_many, "Retry")
        elif ids:
            self.quick(f"Event {ids[0]} will be retried", lambda: self.services.retry(ids[0]))

    def action_skip(self) -> None:
        event_id = self.selected_event()
        if event_id is None:
            return

        def answered(reason: str | None) -> None:
            if reason:
                self.quick(f"Event {event_id} skipped", lambda: self.services.skip(event_id, reason))

        self.push_screen(ReasonModal(f"Skip event {event_id}? It will never be sent to Intacct. Why?"), answered)

    def action_remap(self) -> None:
        event_id = self.selected_event()
        if event_id is None:
            return

        def call() -> None:
            preview = self.services.remap(event_id)
            self.settings = self.services.settings
            self.last_remap = preview
            if preview.error or preview.problems:
                raise ConsoleError("; ".join([preview.error, *preview.problems]).strip("; "))

        self.quick(f"Event {event_id} re-mapped with {self.services.config_path()}", call)

    def action_open_store(self) -> None:
        event_id = self.selected_event()
        if event_id is None:
            return
        try:
            self.last_store_url = self.services.store_admin_url(event_id)
        except ConsoleError as exc:
            self.notify(str(exc), severity="error")
            return
        self.copy_to_clipboard(self.last_store_url)
        self.notify(self.last_store_url, title="Store admin (copied)", timeout=15)

    def action_search(self) -> None:
        if isinstance(self.screen, OutboxScreen):
            self.screen.query_one("#search").focus()

    def _switch(self, screen: Screen[Any]) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(screen)

    def action_outbox(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.main.query_one(OutboxTable).focus()

    def action_alerts(self) -> None:
        self._switch(AlertsScreen(self.outbox, self.settings))

    def action_reenable(self) -> None:
        if not isinstance(self.screen, AlertsScreen):
            self.action_alerts()
            return
        hook = self.screen.selected_webhook()
        if hook is None:
            self.notify("No disabled or paused webhook to re-enable.", severity="warning")
            return
        self.ask(f"Re-enable webhook {hook} through the store's REST API and backfill the outage window?",
                 lambda: self.long(f"Re-enable webhook {hook}", lambda p: self.services.reenable(hook, p)),
                 "Re-enable")

    def action_reference(self) -> None:
        self._switch(ReferenceScreen(self.services))

    def action_refresh_reference(self) -> None:
        self.long("Reference refresh", self.services.refresh_reference)

    def action_connection(self) -> None:
        if isinstance(self.screen, ConnectionScreen):
            self.screen.check()
        else:
            self._switch(ConnectionScreen(self.services))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self._switch(HelpScreen())

    def action_cancel_work(self) -> None:
        self.cancel_flag.set()
        self.notify("Cancelling: the current batch finishes, nothing half-sent is abandoned.")
