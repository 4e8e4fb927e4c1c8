"""``ml-connector reference refresh|list``: the cached GL accounts and dimensions from Intacct."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import TYPE_CHECKING, TextIO

from core.cli import CommandError, load_settings_from_args
from core.cli.push import open_outbox

if TYPE_CHECKING:
    from core.outbox import Outbox


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "reference",
        help="refresh or list the cached Intacct GL accounts and dimensions used to validate mappings",
        description="Every mapped line is checked against GL accounts and dimensions (GLACCOUNT, DEPARTMENT, "
        "LOCATION, CLASS, PROJECT) cached from Intacct. 'refresh' reads them now; 'list' prints the cache.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    refresh = actions.add_parser("refresh", help="read the lists from Intacct now", description="Read the "
                                 "lists from Intacct with paged query and replace the cache.")
    refresh.set_defaults(handler=run_refresh)
    listing = actions.add_parser("list", help="print the cached ids", description="Print the cached ids, "
                                 "per object, with when they were read.")
    listing.add_argument("--object", help="only this object (e.g. GLACCOUNT)")
    listing.set_defaults(handler=run_list)


def run_refresh(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.intacct.errors import IntacctError
    from core.sync.runtime import open_engine

    out = out or sys.stdout
    settings = load_settings_from_args(args)
    outbox = open_outbox(settings)

    async def refresh() -> None:
        async with open_engine(settings, outbox) as engine:
            await engine.ensure_reference(force=True)

    try:
        asyncio.run(refresh())
    except IntacctError as exc:
        raise CommandError(str(exc)) from None
    try:
        _summary(outbox, out)
    finally:
        outbox.close()
    return 0


def run_list(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.sync import ReferenceCache

    out = out or sys.stdout
    outbox = open_outbox(load_settings_from_args(args))
    try:
        cache = ReferenceCache(outbox)
        if cache.age_seconds() is None:
            raise CommandError("the reference cache is empty: run 'ml-connector reference refresh'")
        _summary(outbox, out)
        for item in cache.items(args.object):
            out.write(f"{item.object}\t{item.item_id}\t{item.title}\t{item.status}\n")
    finally:
        outbox.close()
    return 0


def _summary(outbox: Outbox, out: TextIO) -> None:
    from core.sync import ReferenceCache

    for row in ReferenceCache(outbox).summary():
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(str(row["refreshed_at"]))))
        note = f" (not available: {row['error']})" if row["error"] else ""
        out.write(f"{row['object']}: {row['item_count']} ids, read {when}{note}\n")
