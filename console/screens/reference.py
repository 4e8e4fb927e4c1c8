"""Cached GL accounts and dimensions, when they were last read from Intacct, and a refresh key (R)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from console.errors import ConsoleError
from console.services import ConsoleServices
from console.widgets.work_panel import WorkPanel


class ReferenceScreen(Screen[None]):
    def __init__(self, services: ConsoleServices) -> None:
        super().__init__(id="reference")
        self.services = services

    def compose(self) -> ComposeResult:
        yield Static(" Reference data (press R to refresh from Intacct)", id="reference-title")
        yield DataTable(id="reference-table", cursor_type="row", zebra_stripes=True)
        yield WorkPanel(id="work")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Kind", "Id", "Name")
        self.reload()

    def reload(self) -> None:
        self.app.run_worker(self._load, thread=True, exclusive=True, group="reference")

    def _load(self) -> None:
        try:
            refreshed, rows = self.services.reference()
            title = f" Reference data, last refreshed {refreshed} (R refreshes from Intacct)"
        except ConsoleError as exc:
            refreshed, rows, title = "", [], f" Reference data: {exc}"
        self.app.call_from_thread(self._show, title, rows)

    def _show(self, title: str, rows: list[tuple[str, str, str]]) -> None:
        self.query_one("#reference-title", Static).update(title)
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row)

    def selected_event(self) -> int | None:
        return None
