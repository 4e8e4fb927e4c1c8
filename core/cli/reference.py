"""``ml-connector reference refresh|list``: the cached GL accounts and dimensions from Intacct."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import TYPE_CHECKING, TextIO

from core.cli import CommandError, load_settings_from_args, opened_outbox

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
                                 "lists from Intacct with paged query and replace the cache: run it after "
                                 "adding accounts or dimensions in Intacct.",
                                 epilog="exit status: 0 refreshed; 1 Intacct refused or could not be reached")
    refresh.set_defaults(handler=run_refresh)
    listing = actions.add_parser("list", help="print the cached ids", description="Print the cached ids, "
                                 "per object, with when they were read.",
                                 epilog="exit status: 0 printed; 1 the cache is empty (run 'reference refresh')")
    listing.add_argument("--object", help="only this object (e.g. GLACCOUNT)")
    listing.set_defaults(handler=run_list)


def run_refresh(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.intacct.errors import IntacctError
    from core.sync.runtime import open_engine

    out = out or sys.stdout
    settings = load_settings_from_args(args)

    async def refresh(outbox: Outbox) -> None:
        async with open_engine(settings, outbox) as engine:
            await engine.ensure_reference(force=True)

    with opened_outbox(settings) as outbox:
        try:
            asyncio.run(refresh(outbox))
        except IntacctError as exc:
            raise CommandError(str(exc)) from None
        _summary(outbox, out)
    return 0


def run_list(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.sync import ReferenceCache

    out = out or sys.stdout
    with opened_outbox(load_settings_from_args(args)) as outbox:
        cache = ReferenceCache(outbox)
        if cache.age_seconds() is None:
            raise CommandError("the reference cache is empty: run 'ml-connector reference refresh'")
        _summary(outbox, out)
        for item in cache.items(args.object):
            out.write(f"{item.object}\t{item.item_id}\t{item.title}\t{item.status}\n")
    return 0


def _summary(outbox: Outbox, out: TextIO) -> None:
    from core.sync import ReferenceCache

    for row in ReferenceCache(outbox).summary():
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(str(row["refreshed_at"]))))
        note = f" (not available: {row['error']})" if row["error"] else ""
        out.write(f"{row['object']}: {row['item_count']} ids, read {when}{note}\n")
