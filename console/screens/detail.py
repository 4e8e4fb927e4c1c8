"""One event: the Woo payload beside the Intacct request it maps to, what would stop it, and its history."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from console.services import ConsoleServices, Preview
from core.outbox import EventRecord

THEME_DARK, THEME_LIGHT = "monokai", "default"


def history(rows: list[dict[str, object]], event: EventRecord) -> Text:
    """The audit trail as lines: when, who, what (Intacct's own message in a failed attempt's note)."""
    text = Text()
    for row in rows:
        move = f"{row.get('from_state') or '·'} → {row.get('to_state') or '·'}"
        text.append(f"{str(row.get('at', ''))[:19].replace('T', ' ')}  {row.get('actor', '')}: ")
        text.append(f"{row.get('action', '')} {move}")
        detail = str(row.get("detail") or "")
        if detail and row.get("action") == "transition":
            text.append(f"  {detail}", style="italic")
        text.append("\n")
    if event.last_error:
        text.append("Last error: ", style="bold")
        text.append(event.last_error + "\n", style="red")
    text.append("RECORDNO: ", style="bold")
    text.append(event.record_no or "not posted yet")
    return text


def problems(preview: Preview) -> Text:
    text = Text()
    if preview.error:
        text.append(preview.error + "\n", style="bold red")
    for problem in preview.problems:
        text.append("✗ " + problem + "\n", style="bold red")
    if not preview.error and not preview.problems:
        text.append("✓ no validation problems against the cached reference data\n", style="green")
    for note in preview.notes:
        text.append("· " + note + "\n", style="italic")
    return text


class DetailScreen(Screen[None]):
    """Built for one event id; the preview is mapped in a worker so the screen opens at once."""

    def __init__(self, services: ConsoleServices, event_id: int) -> None:
        super().__init__(id="detail")
        self.services = services
        self.event_id = event_id
        self.preview: Preview | None = None
        """The last preview shown (tests and the copy action read it)."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        with Horizontal(id="panes"):
            with VerticalScroll(id="payload-pane"):
                yield Static("loading…", id="payload")
            with VerticalScroll(id="xml-pane"):
                yield Static("mapping…", id="xml")
        with VerticalScroll(id="facts"):
            yield Static(id="problems")
            yield Static(id="history")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_event()

    def selected_event(self) -> int | None:
        return self.event_id

    def refresh_event(self) -> None:
        self.app.run_worker(self._load, thread=True, exclusive=True, group="detail")

    def _load(self) -> None:
        event = self.services.event(self.event_id)
        preview = self.services.preview(self.event_id)
        rows = self.services.attempts(self.event_id)
        self.app.call_from_thread(self._show, event, preview, rows)

    def _show(self, event: EventRecord, preview: Preview, rows: list[dict[str, object]]) -> None:
        self.preview = preview
        dark = self.app.current_theme.dark
        theme = THEME_DARK if dark else THEME_LIGHT
        title = Text(f" Event {event.id} · {event.topic} · Woo {event.resource} {event.resource_id} · ",
                     style="bold")
        title.append(event.state, style="reverse")
        title.append(f" · attempts {event.attempts}")
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#payload", Static).update(
            Syntax(preview.payload, "json", theme=theme, word_wrap=True, background_color="default"))
        xml = preview.xml or "(no Intacct request: see the notes below)"
        self.query_one("#xml", Static).update(
            Syntax(xml, "xml", theme=theme, word_wrap=True, background_color="default"))
        self.query_one("#problems", Static).update(problems(preview))
        self.query_one("#history", Static).update(history(rows, event))
