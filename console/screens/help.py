"""Every key, what it does and its binding id, generated from :data:`console.actions.ACTIONS`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from console.actions import ACTIONS

MODES = ("Attached: a `serve` on this machine holds the worker lease on the same database; the console reviews and "
         "pushes through that outbox and starts no second worker or receiver.\n"
         "Standalone: no `serve` is running; the console polls the store itself (and runs the receiver when "
         "[receiver] public_url is set).")


def keys_table() -> Table:
    table = Table(expand=True, box=None, header_style="bold")
    table.add_column("Key", no_wrap=True)
    table.add_column("Action")
    table.add_column("What it does")
    for spec in ACTIONS:
        key = spec.key.replace("question_mark", "?").replace("slash", "/")
        label = spec.label + (" (asks first)" if spec.confirm else "")
        table.add_row(key, label, spec.tooltip)
    return table


class HelpScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(Text(" Help — ml-connector console", style="bold"), id="help-title")
        yield Static(keys_table(), id="keys")
        yield Static(Text(MODES), id="modes")
        yield Static(Text("ctrl+p opens the command palette with every action. escape goes back.",
                          style="italic"), id="palette-hint")
        yield Footer()

    def selected_event(self) -> int | None:
        return None
