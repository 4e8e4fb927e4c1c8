"""Open items: orders whose books in Intacct differ from what the store implies, for a person to resolve.

The engine opens one when a ``[books]`` policy holds an order's residual (docs/mapping.md); the event that
found it ends ``awaiting_review``. A person then either approves that event — the difference is posted as
correction documents — or marks the item *handled* with a note (the audit keeps who and why): they fixed
Intacct by hand, so the difference counts as held by Intacct from then on and is not raised again. An item
also closes by itself when a later version of the order brings the store back in line (``cleared``) or
replaces it with a new difference (``superseded``). Approving every waiting event at once never touches
flagged events: only a decision about that one order resolves its item.
"""

from __future__ import annotations

from core.outbox.model import APPROVED, AWAITING_REVIEW
from core.sync.errors import NotActionable
from core.sync.ledger import Commit, Ledger, Move, OpenItem


def resolve_handled(ledger: Ledger, order_id: int, note: str, actor: str) -> OpenItem:
    """Mark ``order_id``'s open item handled (see the module doc); its flagged event is approved, so it is
    planned again and ends ``posted`` with nothing sent for the handled difference."""
    note = note.strip()
    if not note:
        raise NotActionable("say how it was handled: a note is required (it is kept in the audit)")
    items = ledger.open_items([order_id])
    if not items:
        raise NotActionable(f"order {order_id} has no open item")
    (item,) = items
    commit = Commit(items_close=[(order_id, "handled", actor, note)])
    (event,) = ledger.events([item.event_id])
    if event.state == AWAITING_REVIEW:
        commit.moves.append(Move(event.id, (APPROVED,), actor, f"open item handled: {note}"[:500]))
    ledger.commit(commit)
    return item
