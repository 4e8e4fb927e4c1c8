"""``ml-connector outbox list``: what the outbox holds, as a table or JSON lines (never the payloads)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from core.cli import CommandError, load_settings_from_args, opened_outbox

COLUMNS = ("id", "state", "topic", "resource_id", "version", "source", "attempts", "record_no", "received_at")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "outbox", help="inspect the outbox",
        description="Inspect the outbox: the durable queue of store changes waiting for review or push.",
    )
    sub = parser.add_subparsers(dest="outbox_command", metavar="SUBCOMMAND", required=True)
    listing = sub.add_parser("list", help="list outbox events, newest first",
                             description="List outbox events, newest first (payloads are never printed; error "
                             "text is shown with secrets masked).",
                             epilog="exit status: 0 listed; 1 the outbox cannot be opened; 2 unknown --state")
    listing.add_argument("--state", help="only events in this state (e.g. awaiting_review, failed)")
    listing.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")
    listing.add_argument("--limit", type=int, default=100, metavar="N", help="at most this many events (default 100)")
    listing.set_defaults(handler=list_events)
    from core.cli.outbox_actions import register_actions

    register_actions(sub)


def list_events(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.outbox import STATES

    out = out or sys.stdout
    if args.state and args.state not in STATES:
        raise CommandError(f"unknown state {args.state!r}; use one of {', '.join(STATES)}", 2)
    with opened_outbox(load_settings_from_args(args)) as outbox:
        events = [_public(e.summary()) for e in outbox.list_events(state=args.state, limit=args.limit,
                                                                     payloads=False)]
    if args.json:
        for event in events:
            out.write(json.dumps(event, sort_keys=True) + "\n")
    else:
        out.write(_table([[_cell(e.get(c)) for c in COLUMNS] for e in events]))
    return 0


def _public(summary: dict[str, Any]) -> dict[str, Any]:
    """Error text may quote a gateway answer: mask registered secrets before it leaves the process."""
    from core.redact import redact

    if summary.get("last_error"):
        summary["last_error"] = redact(str(summary["last_error"]))
    return summary


def _cell(value: Any) -> str:
    """A table cell never carries a terminal escape, a line break or a bidi override from the store:
    each is shown escaped (``\\x1b``), so a version or delivery id cannot repaint the operator's screen."""
    from core.redact import one_log_line

    return "" if value is None else one_log_line(str(value))


def _table(rows: list[list[str]]) -> str:
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if not rows:
        lines.append("(no events)")
    return "\n".join(lines) + "\n"
