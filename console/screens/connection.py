"""``ping`` results for the store and Intacct, run in a worker when the screen opens (and on c again)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from console.errors import ConsoleError
from console.services import ConsoleServices


def results_text(results: list[tuple[str, bool, str]]) -> Text:
    text = Text()
    for name, ok, detail in results:
        text.append("✓ " if ok else "✗ ", style="bold green" if ok else "bold red")
        text.append(name, style="bold")
        text.append(f"  {detail}\n")
    return text


class ConnectionScreen(Screen[None]):
    def __init__(self, services: ConsoleServices) -> None:
        super().__init__(id="connection")
        self.services = services

    def compose(self) -> ComposeResult:
        yield Static(" Connection checks (ml-connector ping)", id="connection-title")
        yield Static("checking…", id="results")
        yield Footer()

    def on_mount(self) -> None:
        self.check()

    def check(self) -> None:
        self.query_one("#results", Static).update("checking…")
        self.app.run_worker(self._ping, thread=True, exclusive=True, group="ping")

    def _ping(self) -> None:
        try:
            shown: Text = results_text(self.services.ping())
        except ConsoleError as exc:
            shown = Text(str(exc), style="bold red")
        self.app.call_from_thread(self.query_one("#results", Static).update, shown)

    def selected_event(self) -> int | None:
        return None
