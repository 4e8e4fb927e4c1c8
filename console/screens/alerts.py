"""Webhook alerts: what happened and when, every way to re-enable, and a key (e) that does it here.

Rows are the watchdog's alerts (:func:`core.watchdog.list_alerts`), open ones first; the instructions are the
same text the ops team was sent (:func:`core.alerts.messages.reenable_instructions`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from console.widgets.work_panel import WorkPanel
from core.outbox import Outbox
from core.settings import Settings

HERE = "Here: press e to re-enable it through the REST API (after you confirm); the outage window is then backfilled."


def instructions(settings: Settings, webhook_id: int | None) -> Text:
    from core.alerts.messages import reenable_instructions

    if webhook_id is None:
        return Text("Select an alert about a webhook to see how to re-enable it.")
    text = Text(reenable_instructions(webhook_id, settings.woocommerce.url) + "\n")
    text.append(HERE, style="bold")
    return text


class AlertsScreen(Screen[None]):
    """Alerts newest first, open ones on top; the selected alert's webhook is the one e re-enables."""

    def __init__(self, outbox: Outbox, settings: Settings) -> None:
        super().__init__(id="alerts")
        self.outbox = outbox
        self.settings = settings
        self.hooks: dict[str, int | None] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text(" Webhook alerts", style="bold"), id="alerts-title")
        yield DataTable(id="alert-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="instructions")
        yield WorkPanel(id="work")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Opened (UTC)", "State", "Webhook", "What happened", "Resolved")
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        from core.watchdog import list_alerts

        table = self.query_one(DataTable)
        table.clear()
        alerts = sorted(list_alerts(self.outbox, limit=200), key=lambda a: (not a.is_open, -a.id))
        self.hooks = {str(a.id): a.webhook_id for a in alerts}
        for a in alerts:
            state = Text("open", style="bold red") if a.is_open else Text("resolved", style="green")
            table.add_row(_when(a.opened_at), state, str(a.webhook_id or ""), a.title,
                          _when(a.resolved_at) + (f" {a.resolution}" if a.resolution else ""), key=str(a.id))
        self.show_instructions(alerts[0].webhook_id if alerts else None)

    def show_instructions(self, webhook_id: int | None) -> None:
        self.query_one("#instructions", Static).update(instructions(self.settings, webhook_id))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_instructions(self.hooks.get(str(event.row_key.value)))

    def selected_webhook(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.hooks.get(str(key))

    def selected_event(self) -> int | None:
        return None


def _when(value: object) -> str:
    return str(value)[:16].replace("T", " ") if value else ""
