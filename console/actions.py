"""Every operator action in one table: the bindings, the command palette and the help screen read it.

One table keeps the three in step: a key added here is bound (with an id, so it can be remapped, and a
tooltip), offered in the command palette and explained on the help screen. ``confirm`` marks the actions
that change what reaches Intacct or the store; the app asks before running them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class ActionSpec:
    id: str
    """Stable binding id (``console.<name>``), for keymaps."""
    key: str
    action: str
    """The app action it runs (``action_<name>`` on :class:`console.app.ConsoleApp`)."""
    label: str
    tooltip: str
    confirm: bool = False
    show: bool = True
    """Shown in the short footer (the help screen shows all)."""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("console.open", "enter", "open_detail", "Detail",
               "Show the selected event: Woo payload, Intacct XML, validation, attempts"),
    ActionSpec("console.approve", "a", "approve", "Approve",
               "Approve the selected event (or the multi-selection, after a confirmation with counts and totals); "
               "for a needs-action event approving posts the correction"),
    ActionSpec("console.resolve", "h", "resolve", "Handled",
               "Mark the selected order's open item (needs action) handled by hand, with a note (audited)",
               confirm=True, show=False),
    ActionSpec("console.approve_all", "A", "approve_all", "Approve all",
               "Approve every event waiting for review in the current tab and search", confirm=True),
    ActionSpec("console.push", "p", "push", "Push", "Push approved events to Intacct now", confirm=True),
    ActionSpec("console.retry", "r", "retry", "Retry", "Send a failed event back to approved for another attempt"),
    ActionSpec("console.skip", "s", "skip", "Skip",
               "Skip the selected event (never sent to Intacct); asks for a reason, audited", confirm=True),
    ActionSpec("console.remap", "m", "remap", "Re-map",
               "Map the selected event again with the current settings and reference data", show=False),
    ActionSpec("console.store", "o", "open_store", "Store",
               "Print the URL of the selected order or customer in the store admin", show=False),
    ActionSpec("console.search", "slash", "search", "Search", "Search by order number, customer or email"),
    ActionSpec("console.alerts", "l", "alerts", "Alerts",
               "Disabled or paused webhooks, how to re-enable them, and re-enable + backfill"),
    ActionSpec("console.reenable", "e", "reenable", "Re-enable",
               "Re-enable the selected webhook through the REST API, then backfill the outage", confirm=True,
               show=False),
    ActionSpec("console.reference", "f", "reference", "Reference",
               "Cached GL accounts and dimensions, and refresh them from Intacct", show=False),
    ActionSpec("console.refresh_reference", "R", "refresh_reference", "Refresh reference",
               "Read GL accounts and dimensions from Intacct again", show=False),
    ActionSpec("console.connection", "c", "connection", "Connection", "Ping the store and Intacct", show=False),
    ActionSpec("console.cancel", "ctrl+x", "cancel_work", "Cancel work", "Cancel the running push, backfill or refresh",
               show=False),
    ActionSpec("console.outbox", "escape", "outbox", "Back", "Back to the outbox", show=False),
    ActionSpec("console.help", "question_mark", "help", "Help", "Every key and what it does"),
    ActionSpec("console.quit", "q", "quit", "Quit", "Leave the console (background work stops)"),
)

BY_ACTION: dict[str, ActionSpec] = {spec.action: spec for spec in ACTIONS}


def bindings() -> list[BindingType]:
    """The app's bindings, each with its id and tooltip."""
    return [Binding(s.key, s.action, s.label, show=s.show, id=s.id, tooltip=s.tooltip) for s in ACTIONS]
