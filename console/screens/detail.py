"""One event: the Woo payload beside the Intacct request it maps to, what would stop it, and its history."""

from __future__ import annotations

from rich.console import Group
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from console.books import totals
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
    if not preview.error and not preview.problems and not preview.sent:
        text.append("✓ no validation problems against the cached reference data\n", style="green")
    if preview.settings_source:
        text.append(f"· configuration: {preview.settings_source}\n", style="italic")
    for note in preview.notes:
        text.append("· " + note + "\n", style="italic")
    return text


def needs(preview: Preview) -> Text:
    """The open item this event holds: why, and the difference Intacct needs per GL account."""
    text = Text()
    item = preview.needs
    if item is None:
        return text
    text.append("⚑ NEEDS ACTION", style="bold reverse")
    text.append(f"  order {item.order_number}: {', '.join(item.causes)} (since {item.since[:19].replace('T', ' ')})\n")
    text.append(item.reason + "\n", style="italic")
    text.append("Intacct needs, per GL account:\n", style="bold")
    for account, amount in item.delta:
        text.append(f"  {account:<30} {amount:>+14,.2f}\n")
    text.append("a: approve (post the correction) · h: mark handled by hand, with a note\n", style="bold")
    return text


def line_table(preview: Preview) -> Table | Text:
    """What the request books, as an accountant reads it (empty for a posted event: see what was sent)."""
    if not preview.lines:
        return Text("Nothing to post for this version." if not preview.sent else "", style="italic")
    table = Table(title="Lines to post", expand=True, title_justify="left")
    for name, justify in (("Document", "left"), ("GL account", "left"), ("Dimensions", "left"),
                          ("Description", "left"), ("Amount", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for line in preview.lines:
        table.add_row(line.document, line.account, line.dimensions, line.description, f"{line.amount:,.2f}")
    for kind, amount in totals(preview.lines).items():
        table.add_row(f"total {kind}", "", "", "", f"{amount:,.2f}", style="bold")
    return table


def sent_requests(preview: Preview) -> Text:
    """What was actually sent for this event: each write, its outcome and RECORDNO."""
    text = Text()
    if not preview.sent:
        return text
    text.append("Sent to Intacct:\n", style="bold")
    for w in preview.sent:
        text.append(f"  {w.operation:<18} {w.status:<8} RECORDNO {w.record_no or '—'}  (control id {w.control_id})")
        if w.detail:
            text.append(f"  {w.detail}", style="italic")
        text.append("\n")
    return text


class DetailScreen(Screen[None]):
    """Built for one event id; the preview is mapped in a worker so the screen opens at once.

    First tab: the books as an accountant reads them (needs action, the line table, what was sent, checks,
    history); second: the Intacct XML; third: the Woo payload. ``1``/``2``/``3`` switch.
    """

    BINDINGS = [
        Binding("1", "detail_tab('books')", "Books", show=False, id="detail.books", tooltip="Lines and history"),
        Binding("2", "detail_tab('xml')", "XML", show=False, id="detail.xml", tooltip="The Intacct request"),
        Binding("3", "detail_tab('payload')", "Payload", show=False, id="detail.payload",
                tooltip="The Woo payload"),
    ]

    def __init__(self, services: ConsoleServices, event_id: int) -> None:
        super().__init__(id="detail")
        self.services = services
        self.event_id = event_id
        self.preview: Preview | None = None
        """The last preview shown (tests and the copy action read it)."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        with TabbedContent(id="detail-tabs"):
            with TabPane("Books (1)", id="tab-books"), VerticalScroll(id="facts"):
                yield Static(id="needs")
                yield Static("mapping…", id="lines")
                yield Static(id="sent")
                yield Static(id="problems")
                yield Static(id="history")
            with TabPane("Intacct XML (2)", id="tab-xml"), VerticalScroll(id="xml-pane"):
                yield Static("mapping…", id="xml")
            with TabPane("Woo payload (3)", id="tab-payload"), VerticalScroll(id="payload-pane"):
                yield Static("loading…", id="payload")
        yield Footer()

    def action_detail_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{name}"

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
        if preview.sent:
            xml = "\n".join(f"<!-- sent: {w.operation}, {w.status}, RECORDNO {w.record_no or '-'} -->\n{w.xml}"
                            for w in preview.sent)
        else:
            xml = preview.xml or "(nothing to send: see the notes below)"
        self.query_one("#xml", Static).update(
            Syntax(xml, "xml", theme=theme, word_wrap=True, background_color="default"))
        self.query_one("#needs", Static).update(needs(preview))
        self.query_one("#lines", Static).update(Group(line_table(preview)))
        self.query_one("#sent", Static).update(sent_requests(preview))
        self.query_one("#problems", Static).update(problems(preview))
        self.query_one("#history", Static).update(history(rows, event))
