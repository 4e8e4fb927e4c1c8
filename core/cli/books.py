"""``ml-connector books open|resolve``: orders whose books in Intacct differ from the store (open items)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import TextIO

from core.cli import CommandError, load_settings_from_args, opened_outbox

EXIT_OPEN = 4


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "books", help="orders whose books in Intacct differ from the store (needs action)",
        description="Open items: for each order whose books in Intacct differ from what the store implies "
        "(cancelled after posting, money edited, a refund deleted) and whose correction a [books] policy "
        "holds for a person, the exact difference per GL account. Approve the order's event (console, or "
        "`ml-connector push EVENT_ID`) to post the correction, or mark it handled once Intacct was fixed "
        "by hand.",
    )
    sub = parser.add_subparsers(dest="books_command", metavar="SUBCOMMAND", required=True)
    listing = sub.add_parser("open", help="list open items (needs action)",
                             description="List every open item: order, causes, the difference Intacct needs "
                             "per GL account, since when, and the event to approve.",
                             epilog="exit status: 0 none open; 4 some are open; 1 the outbox cannot be opened")
    listing.add_argument("--json", action="store_true", help="one JSON object per line instead of text")
    listing.set_defaults(handler=list_open)
    resolve = sub.add_parser("resolve", help="mark an order's open item handled by hand, with a note",
                             description="Mark an order's open item handled: Intacct was fixed by hand (say "
                             "how in --note). The difference then counts as held by Intacct; the note and the "
                             "actor are kept.",
                             epilog="exit status: 0 resolved; 1 no open item for that order, or no note")
    resolve.add_argument("order_id", type=int, metavar="ORDER_ID", help="the WooCommerce order id")
    resolve.add_argument("--note", required=True, help="how it was handled (kept in the audit)")
    resolve.add_argument("--actor", default=None, help="who handled it (default: the login name)")
    resolve.set_defaults(handler=resolve_item)


def list_open(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.mapping.net import describe, from_json
    from core.sync.ledger import Ledger

    out = out or sys.stdout
    with opened_outbox(load_settings_from_args(args)) as outbox:
        items = Ledger(outbox).open_items()
    for item in items:
        needs = describe(from_json(item.delta))
        if args.json:
            out.write(json.dumps({"order_id": item.order_id, "order_number": item.order_number,
                                  "event_id": item.event_id, "causes": item.causes.split(","),
                                  "delta": json.loads(item.delta), "reason": item.reason,
                                  "opened_at": item.opened_at}, sort_keys=True) + "\n")
        else:
            out.write(f"order {item.order_number} (id {item.order_id}, event {item.event_id}, since "
                      f"{item.opened_at}): {item.causes.replace(',', ', ')}\n  Intacct needs: {needs}\n")
    if not args.json:
        out.write(f"{len(items)} open item{'s' if len(items) != 1 else ''}\n")
    return EXIT_OPEN if items else 0


def resolve_item(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.sync.errors import NotActionable
    from core.sync.ledger import Ledger
    from core.sync.open_items import resolve_handled

    out = out or sys.stdout
    actor = args.actor or _login()
    with opened_outbox(load_settings_from_args(args)) as outbox:
        try:
            item = resolve_handled(Ledger(outbox), args.order_id, args.note, actor)
        except NotActionable as exc:
            raise CommandError(str(exc)) from None
    out.write(f"order {item.order_number}: open item marked handled by {actor}\n")
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container without a passwd entry
        return "operator"
