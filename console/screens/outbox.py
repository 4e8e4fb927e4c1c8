"""The main screen: the status header, the webhook banner, tabs, search and the paged outbox table."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, Tab, Tabs

from console.sources import EventSource, QuarantineSource, RowSource, describe_selection
from console.widgets.outbox_table import OutboxTable
from console.widgets.status_bar import Banner, StatusBar
from console.widgets.work_panel import WorkPanel
from core.outbox.paging import EventPager

TABS = (("review", "Review"), ("needs", "Needs action"), ("failed", "Failed"), ("posted", "Posted"),
        ("quarantine", "Quarantine"), ("all", "All"))


class OutboxScreen(Screen[None]):
    """Default screen. The table reads one page at a time; the search narrows the current tab."""

    BINDINGS = [
        *(Binding(str(n), f"tab({n - 1})", label, show=False, id=f"outbox.tab{n}", tooltip=f"Show the {label} tab")
          for n, (_, label) in enumerate(TABS, start=1)),
        Binding("left_square_bracket", "step_tab(-1)", "Previous tab", show=False, id="outbox.prev_tab",
                tooltip="The tab to the left"),
        Binding("right_square_bracket", "step_tab(1)", "Next tab", show=False, id="outbox.next_tab",
                tooltip="The tab to the right"),
    ]

    def __init__(self, pager: EventPager) -> None:
        super().__init__(id="outbox")
        self.pager = pager
        self.view = "review"
        self.matches: list[int] | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Banner(id="banner")
        yield Tabs(*(Tab(label, id=f"tab-{key}") for key, label in TABS), id="tabs")
        yield Input(placeholder="search: order number, customer, email; filters currency:EUR amount>100 "
                    "date>=2024-05-01 topic:order state:failed; sort:-amount (enter)", id="search")
        yield OutboxTable(id="table")
        yield Static(id="selection")
        yield WorkPanel(id="work")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Banner).display = False
        self.query_one("#selection", Static).display = False
        self.query_one(OutboxTable).focus()

    def action_tab(self, index: int) -> None:
        self.query_one(Tabs).active = f"tab-{TABS[index][0]}"
        self.query_one(OutboxTable).focus()

    def action_step_tab(self, delta: int) -> None:
        keys = [k for k, _ in TABS]
        self.action_tab((keys.index(self.view) + delta) % len(keys))

    @on(OutboxTable.SelectionChanged)
    def selection_changed(self) -> None:
        """The footer line: how many are selected and their per-currency totals."""
        line = self.query_one("#selection", Static)
        line.update(self.selection_summary())
        line.display = bool(self.query_one(OutboxTable).selection)

    def selection_summary(self) -> str:
        rows = list(self.query_one(OutboxTable).selection.values())
        return f"{describe_selection(rows)} selected · space: select, shift+↑/↓: range"

    def selected_events(self) -> list[int]:
        """The multi-selection (space / shift+arrows), else nothing."""
        return list(self.query_one(OutboxTable).selection)

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
        from console.filters import FilterError

        try:
            matches = self.pager_search(text) if text else None
        except FilterError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Filter", severity="error")
            return
        self.app.call_from_thread(self._show_matches, matches)

    def pager_search(self, text: str) -> list[int]:
        """Search words, filters and sort (:mod:`console.filters`) within the current tab."""
        from console.filters import apply, parse

        query = parse(text)
        # a separate connection: the search runs in a worker thread beside the table's reads
        searcher = EventPager(self.pager.path)
        try:
            if query.structured or self.view == "needs":
                restrict = EventSource(searcher, "needs").ids() if self.view == "needs" else None
                return apply(searcher, self.view, query, restrict)
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
        return EventSource(self.pager, self.view).ids()
