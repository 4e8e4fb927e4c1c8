"""``ml-connector ping``: check the store and the Intacct company with the configured credentials."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, TextIO

from core.cli import load_settings_from_args

if TYPE_CHECKING:
    from core.ping import Check


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "ping", help="check both real systems with the configured credentials and say what to fix",
        description="Check the WooCommerce store (reachable, REST keys valid and allowed to read, our webhooks "
        "present and active) and the Intacct company (gateway reachable, sender authorised, user login via "
        "getAPISession, reference data readable, configured GL accounts and dimensions exist). Each failure "
        "names the setting to fix.",
        epilog="exit status: 0 every check passed; 1 at least one check failed; 2 the configuration is invalid",
    )
    parser.set_defaults(handler=run)


def render(checks: list[Check], out: TextIO) -> None:
    """``ok``/``FAIL`` per check, the fix under each failure, and a one-line summary."""
    for check in checks:
        out.write(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}\n")
        if not check.ok and check.fix:
            out.write(f"      fix: {check.fix}\n")
    bad = sum(not c.ok for c in checks)
    out.write(f"{len(checks) - bad} of {len(checks)} checks passed\n")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.ping import run_ping

    out = out or sys.stdout
    settings = load_settings_from_args(args)
    checks = asyncio.run(run_ping(settings))
    render(checks, out)
    return 0 if all(c.ok for c in checks) else 1
