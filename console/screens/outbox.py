"""The main screen: the status header, the webhook banner, tabs, search and the paged outbox table."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, Tab, Tabs

from console.sources import EventSource, QuarantineSource, RowSource
from console.widgets.outbox_table import OutboxTable
from console.widgets.status_bar import Banner, StatusBar
from console.widgets.work_panel import WorkPanel
from core.outbox.paging import EventPager

TABS = (("review", "Review"), ("failed", "Failed"), ("posted", "Posted"), ("quarantine", "Quarantine"),
        ("all", "All"))


class OutboxScreen(Screen[None]):
    """Default screen. The table reads one page at a time; the search narrows the current tab."""

    def __init__(self, pager: EventPager) -> None:
        super().__init__(id="outbox")
        self.pager = pager
        self.view = "review"
        self.matches: list[int] | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Banner(id="banner")
        yield Tabs(*(Tab(label, id=f"tab-{key}") for key, label in TABS), id="tabs")
        yield Input(placeholder="search: order number, customer or email (enter)", id="search")
        yield OutboxTable(id="table")
        yield WorkPanel(id="work")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Banner).display = False
        self.query_one(OutboxTable).focus()

    def source(self) -> RowSource:
        if self.view == "quarantine":
            return QuarantineSource(self.pager)
        return EventSource(self.pager, self.view, self.matches)

    def show(self, keep_cursor: bool = False) -> None:
        self.query_one(OutboxTable).set_source(self.source(), keep_cursor)

    @on(Tabs.TabActivated, "#tabs")
    def tab_changed(self, event: Tabs.TabActivated) -> None:
        self.view = str(event.tab.id).removeprefix("tab-")
        self.matches = None
        self.query_one("#search", Input).value = ""
        self.show()

    @on(Input.Submitted, "#search")
    def search(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.view == "quarantine":
            self.notify("Quarantined deliveries cannot be searched; pick another tab.", severity="warning")
            return
        self.app.run_worker(lambda: self._search(text), thread=True, exclusive=True, group="search")

    def _search(self, text: str) -> None:
        matches = self.pager_search(text) if text else None
        self.app.call_from_thread(self._show_matches, matches)

    def pager_search(self, text: str) -> list[int]:
        # a separate connection: the search runs in a worker thread beside the table's reads
        searcher = EventPager(self.pager.path)
        try:
            return searcher.search(self.view, text)
        finally:
            searcher.close()

    def _show_matches(self, matches: list[int] | None) -> None:
        self.matches = matches
        self.show()
        if matches is not None:
            self.notify(f"{len(matches)} match(es) in {self.view}")
        self.query_one(OutboxTable).focus()

    def selected_event(self) -> int | None:
        if self.view == "quarantine":
            return None
        return self.query_one(OutboxTable).selected_key

    def visible_events(self) -> list[int]:
        """Every event of the current tab and search (what "approve all visible" approves)."""
        if self.view == "quarantine":
            return []
        if self.matches is not None:
            return list(self.matches)
        return self.pager.ids(self.view)
