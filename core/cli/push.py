"""``ml-connector push [--all | EVENT_ID …]``: push approved (or the named) outbox events to Intacct now."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, TextIO

from core.cli import CommandError, load_settings_from_args, opened_outbox

if TYPE_CHECKING:
    from core.outbox import Outbox
    from core.settings import Settings
    from core.sync import PushReport

EXIT_BUSY = 3


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "push",
        help="push approved (or the named) outbox events to Intacct now",
        description="Push outbox events to Intacct exactly once: with --all every approved event (and every "
        "retry that is due), or just the EVENT_IDs named (events awaiting review among them are approved "
        "first). Prints a summary; exit status 1 when any event failed, 3 when another process (serve) holds "
        "the worker lease.",
    )
    parser.add_argument("event_ids", metavar="EVENT_ID", type=int, nargs="*", help="outbox event ids to push")
    parser.add_argument("--all", action="store_true", help="push every approved event (the default without ids)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if args.all and args.event_ids:
        raise CommandError("give either --all or EVENT_IDs, not both", 2)
    settings = load_settings_from_args(args)
    with opened_outbox(settings) as outbox:
        report = asyncio.run(_push(settings, outbox, list(args.event_ids) or None))
    for line in report.lines():
        out.write(line + "\n")
    return 0 if report.ok else 1


async def _push(settings: Settings, outbox: Outbox, ids: list[int] | None) -> PushReport:
    from core.intacct.errors import IntacctError
    from core.outbox import EventNotFound
    from core.sync import SyncError, WorkerBusy
    from core.sync.runtime import open_engine

    async with open_engine(settings, outbox) as engine:
        try:
            return await engine.push(ids)
        except WorkerBusy as exc:
            raise CommandError(str(exc), EXIT_BUSY) from None
        except (SyncError, EventNotFound, IntacctError) as exc:
            raise CommandError(str(exc)) from None
