"""Disabled or paused webhooks: what happened and when, how to re-enable, and a key that does it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from console.widgets.work_panel import WorkPanel
from core.outbox.paging import EventPager
from core.settings import Settings


def instructions(settings: Settings, webhook_id: int | str) -> Text:
    """The four ways back, most familiar first (WOOCOMMERCE-API.md §2: re-enabling keeps the failure count)."""
    store = settings.woocommerce.url.rstrip("/") or "https://shop.example.com"
    text = Text()
    text.append(f"Re-enable webhook {webhook_id}\n", style="bold")
    text.append("  wp-admin: WooCommerce → Settings → Advanced → Webhooks → edit → Status: Active → Save\n")
    text.append(f"  REST:     PUT {store}/wp-json/wc/v3/webhooks/{webhook_id}  {{\"status\": \"active\"}}\n")
    text.append(f"  WP-CLI:   wp wc webhook update {webhook_id} --status=active --user=<admin>\n")
    text.append(f"  companion plugin: wp ml-connector reenable {webhook_id}   (also resets the failure count)\n")
    text.append("  here:     press e — re-enables through the REST API after you confirm, then backfills the "
                "outage window\n", style="bold")
    text.append("WooCommerce keeps the failure count on re-enable, so the next failed delivery can disable it "
                "again; the companion's command resets it.", style="italic")
    return text


class AlertsScreen(Screen[None]):
    """One row per webhook of ours that is not active, then the stored alerts, newest first."""

    def __init__(self, pager: EventPager, settings: Settings) -> None:
        super().__init__(id="alerts")
        self.pager = pager
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield Static(Text(" Webhook alerts", style="bold"), id="alerts-title")
        yield DataTable(id="hooks", cursor_type="row", zebra_stripes=True)
        yield Static(id="instructions")
        yield DataTable(id="alert-log", cursor_type="row")
        yield WorkPanel(id="work")
        yield Footer()

    def on_mount(self) -> None:
        hooks = self.query_one("#hooks", DataTable)
        hooks.add_columns("Webhook", "Status", "Failures", "Last delivery", "Last topic", "Checked")
        log = self.query_one("#alert-log", DataTable)
        log.add_columns("When", "Source", "Event", "Webhook", "Resolved")
        self.reload()
        hooks.focus()

    def reload(self) -> None:
        hooks = self.query_one("#hooks", DataTable)
        hooks.clear()
        problems = self.pager.webhook_problems()
        for p in problems:
            hooks.add_row(str(p["webhook_id"]), str(p["status"]), str(p.get("failure_count") or 0),
                          _when(p.get("last_delivery_at")), str(p.get("last_topic") or ""), _when(p.get("checked_at")),
                          key=str(p["webhook_id"]))
        first = problems[0]["webhook_id"] if problems else None
        self.query_one("#instructions", Static).update(
            instructions(self.settings, first) if first is not None else Text("Every webhook of ours is active."))
        log = self.query_one("#alert-log", DataTable)
        log.clear()
        for row in self.pager.alerts(50):
            log.add_row(_when(row.get("received_at")), str(row.get("source", "")), str(row.get("event", "")),
                        str(row.get("webhook_id") or ""), _when(row.get("resolved_at")) or "open")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "hooks" and event.row_key.value:
            self.query_one("#instructions", Static).update(instructions(self.settings, event.row_key.value))

    def selected_webhook(self) -> int | None:
        hooks = self.query_one("#hooks", DataTable)
        if not hooks.row_count:
            return None
        key = hooks.coordinate_to_cell_key(hooks.cursor_coordinate).row_key.value
        return int(key) if key else None

    def selected_event(self) -> int | None:
        return None


def _when(value: object) -> str:
    return str(value)[:19].replace("T", " ") if value else ""
