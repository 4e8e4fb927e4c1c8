"""``ml-connector outbox approve|skip|retry|show|export``: the console's actions from the command line.

Registered under ``outbox`` by :mod:`core.cli.outbox`. Every move goes through the sync engine's operator
actions, so the audit names the operator (``--actor``, default the login name) as the console does.
``show`` prints an event as an accountant reads it: the bill / adjustment lines the sync engine would post
(or, once posted, what was sent and its RECORDNO), and ``--xml`` the request itself.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from core.cli import CommandError, load_settings_from_args, opened_outbox

if TYPE_CHECKING:
    from core.mapping.plan import Plan
    from core.sync import SyncEngine

EXPORT_COLUMNS = ("id", "state", "topic", "number", "customer", "email", "amount", "currency", "received_at",
                  "attempts", "last_error")


@dataclass(frozen=True)
class Line:
    """One line of a document an event posts: the accountant's view of the Intacct request."""

    document: str
    """``bill``, ``adjustment`` or ``adjustment (refund)`` (control ids ``refund-…``)."""
    account: str
    dimensions: str
    description: str
    amount: Decimal


def plan_lines(plan: Plan) -> list[Line]:
    """The bill and adjustment lines of a plan, in the order they would be sent."""
    from core.intacct.records import ApAdjustment, ApBill

    out: list[Line] = []
    for step in plan.steps:
        record = step.record
        if isinstance(record, ApBill):
            out += [Line("bill", b.account_no, _dims(b.dimensions), b.entry_description or "", b.amount)
                    for b in record.lines]
        elif isinstance(record, ApAdjustment):
            kind = "adjustment (refund)" if step.control_id.startswith("refund-") else "adjustment"
            out += [Line(kind, a.account_no, _dims(a.dimensions), a.memo or "", a.amount) for a in record.lines]
    return out


def _dims(dimensions: object) -> str:
    items = getattr(dimensions, "items", None)
    return " ".join(f"{k}={v}" for k, v in sorted(items()) if v) if callable(items) else ""


def register_actions(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    def ids_and_actor(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("event_ids", type=int, nargs="+", metavar="ID", help="outbox event ids")
        parser.add_argument("--actor", default=None, help="who does it, for the audit (default: the login name)")

    approve = sub.add_parser("approve", help="approve events waiting for review (a needs-action event: post "
                             "its correction)", epilog="exit status: 0 all approved; 1 some were not waiting")
    ids_and_actor(approve)
    approve.set_defaults(handler=approve_events)
    skip = sub.add_parser("skip", help="never send these events to Intacct (audited with the reason)",
                          epilog="exit status: 0 all skipped; 1 some could not be skipped")
    ids_and_actor(skip)
    skip.add_argument("--reason", required=True, help="why (kept in the audit)")
    skip.set_defaults(handler=skip_events)
    retry = sub.add_parser("retry", help="send failed events back to approved (retrying ones: due now)",
                           epilog="exit status: 0 all retried; 1 some were neither failed nor retrying")
    ids_and_actor(retry)
    retry.set_defaults(handler=retry_events)
    show = sub.add_parser("show", help="an event's lines (GL account, dimensions, description, amount), what "
                          "was sent and its RECORDNO", epilog="exit status: 0 shown; 1 unknown event")
    show.add_argument("event_ids", type=int, nargs="+", metavar="ID", help="outbox event ids")
    show.add_argument("--xml", action="store_true", help="print the Intacct request (credentials masked)")
    show.set_defaults(handler=show_events)
    export = sub.add_parser("export", help="write events as CSV (payloads never exported)",
                            epilog="exit status: 0 written; 1 the file cannot be written; 2 unknown --state")
    export.add_argument("--csv", required=True, type=Path, metavar="FILE", help="the CSV file to write")
    export.add_argument("--state", help="only events in this state")
    export.add_argument("event_ids", type=int, nargs="*", metavar="ID", help="only these events")
    export.set_defaults(handler=export_events)


@contextmanager
def _engine(args: argparse.Namespace) -> Iterator[SyncEngine]:
    from core.intacct.client import IntacctClient
    from core.sync import SyncEngine

    settings = load_settings_from_args(args)
    with opened_outbox(settings) as outbox:
        client = IntacctClient(settings.intacct)
        try:
            yield SyncEngine(settings, outbox, client)
        finally:
            asyncio.run(client.aclose())


def _moves(args: argparse.Namespace, verb: str, act: Callable[[SyncEngine, int, str], object],
           out: TextIO | None = None) -> int:
    from core.outbox import EventNotFound
    from core.sync import SyncError

    out = out or sys.stdout
    actor = args.actor or login_name()
    failed = 0
    with _engine(args) as engine:
        for event_id in args.event_ids:
            try:
                act(engine, event_id, actor)
            except (SyncError, EventNotFound) as exc:
                failed += 1
                out.write(f"event {event_id}: not {verb}: {exc}\n")
            else:
                out.write(f"event {event_id}: {verb} by {actor}\n")
    return 1 if failed else 0


def approve_events(args: argparse.Namespace, out: TextIO | None = None) -> int:
    return _moves(args, "approved", lambda e, i, a: e.approve([i], a), out)


def skip_events(args: argparse.Namespace, out: TextIO | None = None) -> int:
    if not args.reason.strip():
        raise CommandError("--reason is empty: say why (it goes into the audit)")
    return _moves(args, "skipped", lambda e, i, a: e.skip(i, f"skipped by the operator: {args.reason.strip()}", a),
                  out)


def retry_events(args: argparse.Namespace, out: TextIO | None = None) -> int:
    return _moves(args, "retried", lambda e, i, a: e.retry(i, a), out)


def show_events(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.cli.preview import pretty
    from core.intacct.client import build_request_xml
    from core.mapping.net import describe, from_json
    from core.outbox import EventNotFound
    from core.outbox.model import POSTED

    out = out or sys.stdout
    with _engine(args) as engine:
        for event_id in args.event_ids:
            try:
                (event,) = engine.ledger.events([event_id])
            except EventNotFound as exc:
                raise CommandError(str(exc)) from None
            out.write(f"event {event.id}: {event.topic} {event.resource} {event.resource_id}, {event.state}\n")
            items = [i for i in engine.ledger.open_items([event.resource_id]) if i.event_id == event.id] if (
                event.resource == "order") else []
            for item in items:
                out.write(f"  NEEDS ACTION ({item.causes}): Intacct needs {describe(from_json(item.delta))}\n")
            writes = engine.ledger.writes([event.id])
            for w in writes:
                out.write(f"  sent {w.operation} {w.status} RECORDNO {w.record_no or '-'} ({w.control_id})\n")
                if args.xml:
                    out.write(pretty(w.function_xml) + "\n")
            if event.state == POSTED:
                continue
            plan = asyncio.run(engine.remap(event.id))
            for line in plan_lines(plan):
                out.write(f"  {line.document:<20} {line.account:<8} {line.dimensions:<20} "
                          f"{line.description[:40]:<40} {line.amount:>12,.2f}\n")
            for problem in plan.problems:
                out.write(f"  problem: {problem}\n")
            if args.xml:
                functions = [s.function() for s in plan.steps if s.operation != "update-apbill"]
                if functions:
                    out.write(pretty(build_request_xml(engine.settings.intacct, functions)) + "\n")
    return 0


def export_events(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.outbox import STATES
    from core.outbox.paging import EventPager

    out = out or sys.stdout
    if args.state and args.state not in STATES:
        raise CommandError(f"unknown state {args.state!r}; use one of {', '.join(STATES)}", 2)
    settings = load_settings_from_args(args)
    with opened_outbox(settings) as outbox:
        pager = EventPager(outbox.path)
        try:
            ids = list(args.event_ids) or pager.ids("all")
            rows = [r for start in range(0, len(ids), 500) for r in pager.rows(ids[start:start + 500])]
        finally:
            pager.close()
    rows = [r for r in rows if not args.state or r.state == args.state]
    try:
        with args.csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_COLUMNS)
            for r in rows:
                writer.writerow([getattr(r, c) for c in EXPORT_COLUMNS])
    except OSError as exc:
        raise CommandError(f"cannot write {args.csv}: {exc}") from None
    out.write(f"{len(rows)} event(s) written to {args.csv}\n")
    return 0


def login_name() -> str:
    """The operator's login name (the audit's actor when ``--actor`` is not given)."""
    import getpass

    try:
        return getpass.getuser() or "operator"
    except (KeyError, OSError):  # a container without a passwd entry
        return "operator"
