"""``ml-connector poll [--since ISO8601]``: one REST poll pass now, printing what it found per resource."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from core.cli import CommandError, load_settings_from_args, opened_outbox

if TYPE_CHECKING:
    from core.outbox import Outbox
    from core.settings import Settings
    from core.woo.poller import PollReport


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "poll",
        help="one poll pass now: orders and customers changed since the watermark go into the outbox",
        description="Read orders changed since the poll watermark (minus [sync] poll_overlap_seconds), and "
        "customers, from the store's REST API into the outbox; duplicates of webhook deliveries are "
        "recognised by version. Prints new/duplicate/stale counts per resource. `serve` does this every "
        "[sync] poll_interval_seconds; run it by hand after an outage.",
        epilog="exit status: 0 the pass ran; 1 the store could not be reached or refused; 2 [woocommerce] url "
        "is empty or the configuration is invalid",
    )
    parser.add_argument("--since", metavar="ISO8601", type=parse_since,
                        help="read changes since this time instead of the watermark (no offset: UTC); "
                        "the watermark only moves when this leaves no gap after it")
    parser.set_defaults(handler=run)


def parse_since(value: str) -> datetime:
    """An ISO 8601 time; a value without an offset is UTC (WooCommerce's ``*_gmt`` fields are)."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time, e.g. 2024-05-01T12:00:00") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.woo.errors import WooError

    out = out or sys.stdout
    settings = load_settings_from_args(args)
    if not settings.woocommerce.url:
        raise CommandError("[woocommerce] url is empty: set the store base URL in the configuration file", 2)
    with opened_outbox(settings) as outbox:
        try:
            report = asyncio.run(_poll(settings, outbox, args.since))
        except WooError as exc:
            raise CommandError(str(exc)) from None
    for line in report.lines():
        out.write(line + "\n")
    out.write(f"pages read: {report.pages}; order watermark: {report.watermark or '-'}\n")
    return 0


async def _poll(settings: Settings, outbox: Outbox, since: datetime | None) -> PollReport:
    from core.woo.poller import Poller
    from core.woo.rest import WooClient

    async with WooClient(settings.woocommerce) as client:
        return await Poller(settings, outbox, client).run_once(since)
