"""Progress of the one long job running (push, backfill, refresh), with how to cancel it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class WorkPanel(Horizontal):
    """Hidden when idle; shows a label, a bar and the cancel key while a job runs."""

    def compose(self) -> ComposeResult:
        yield Label("", id="work-label")
        yield ProgressBar(show_eta=False, id="work-bar")
        yield Label(" ctrl+x cancels", id="work-cancel")

    def on_mount(self) -> None:
        self.display = False

    def start(self, label: str) -> None:
        self.query_one("#work-label", Label).update(label)
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.display = True

    def report(self, done: int, total: int, label: str) -> None:
        self.query_one("#work-label", Label).update(label)
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def finish(self) -> None:
        self.display = False
