"""``ml-connector reconcile``: does Intacct hold, per order and GL account, what the store implies?"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from core.cli import CommandError, load_settings_from_args, opened_outbox

EXIT_DIFFERENCES = 4


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "reconcile", help="prove Intacct matches the store, per order and GL account, or list the differences",
        description="Read the store's orders and refunds for the window and every bill and adjustment Intacct "
        "holds for them, and compare per order and GL account (the net-effect rule, docs/mapping.md). Lists "
        "every difference: missing, duplicate, amount, status, orphan, pending. Reads only: nothing is written "
        "to Intacct or the store. docs/operations.md (\"Reconcile\") says what to do for each kind.",
        epilog="exit status: 0 Intacct agrees with the store (acknowledged differences aside); 4 differences "
        "were found (open items included); 1 the store, Intacct or the outbox could not be read")
    parser.add_argument("--since", type=_day, metavar="DATE", help="orders created on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--until", type=_day, metavar="DATE", help="orders created on or before DATE")
    parser.add_argument("--order", type=int, nargs="+", default=[], metavar="N", help="only these order ids")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object per difference, then the summary")
    output.add_argument("--csv", metavar="FILE", help="write the differences to FILE as CSV (summary on stdout)")
    parser.add_argument("--ack", metavar="ID", nargs="+", default=[],
                        help="acknowledge these differences (ids from the report) so they stop alerting; "
                        "needs --note")
    parser.add_argument("--note", default="", help="why the difference is accepted (kept with --actor and the time)")
    parser.add_argument("--actor", default=None, help="who acknowledges (default: the login name)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.reconcile.acks import AckError, acknowledge
    from core.reconcile.reader import Window, reconcile
    from core.reconcile.report import write_csv, write_json, write_text

    out = out or sys.stdout
    if args.ack and not args.note.strip():
        raise CommandError("--ack needs --note: say why the difference is accepted (it is kept in the audit)")
    if args.since and args.until and args.since > args.until:
        raise CommandError(f"--since {args.since} is after --until {args.until}")
    settings = load_settings_from_args(args)
    window = Window(args.since, args.until, tuple(args.order))
    progress = _Progress(sys.stderr)
    with opened_outbox(settings) as outbox:
        try:
            report = asyncio.run(reconcile(settings, outbox, window, progress))
        finally:
            progress.done()
        if args.ack:
            from core.cli.books import _login

            found = {d.fingerprint: d for d in report.differences}
            unknown = [i for i in args.ack if i not in found]
            if unknown:
                raise CommandError(f"no such difference in this window: {', '.join(unknown)} (run reconcile with "
                                   "the same --since/--until/--order and copy the id)")
            try:
                for ident in args.ack:
                    acknowledge(outbox, found[ident], args.note, args.actor or _login())
            except AckError as exc:
                raise CommandError(str(exc)) from None
            report = asyncio.run(reconcile(settings, outbox, window))
    if args.json:
        write_json(out, report.differences, report.summary, report.outside_window)
    else:
        if args.csv:
            with Path(args.csv).open("w", encoding="utf-8", newline="") as fh:
                write_csv(fh, report.differences)
            write_text(out, [], report.summary, report.outside_window)
            out.write(f"{len(report.differences)} difference rows written to {args.csv}\n")
        else:
            write_text(out, report.differences, report.summary, report.outside_window)
    return 0 if report.agrees else EXIT_DIFFERENCES


class _Progress:
    """One clean line on stderr while a terminal watches (nothing when stderr is a file or a pipe)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if self.live:
            self.stream.write(f"\rreconcile: {done}/{total} orders compared")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
