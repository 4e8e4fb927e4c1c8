"""``ml-connector demo [--headless] [--seed N] [--speed X]``: the whole product on the built-in sandboxes."""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
from pathlib import Path
from typing import Any

from core.cli import CommandError

HEADLESS_SPEED = 10.0
CONSOLE_SPEED = 1.0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="the whole product on the built-in sandbox store and Intacct company, with no configuration",
        description="Start a sandbox WooCommerce store and a sandbox Intacct company on 127.0.0.1, run the "
        "connector against them and play a realistic day: customers, orders, refunds, a duplicate delivery, "
        "a mapping error and a webhook that WooCommerce disables. Opens the console in review mode; with "
        "--headless, runs in auto mode, plays the operator's part too, prints a summary and exits 0 only "
        "when Intacct reconciles with the store.")
    parser.add_argument("--headless", action="store_true",
                        help="no console: auto mode, the operator's part scripted, a summary at the end")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="seed of the day (default 0)")
    parser.add_argument("--speed", type=float, metavar="X",
                        help=f"how fast the day plays (default {HEADLESS_SPEED:g} headless, {CONSOLE_SPEED:g} "
                        "with the console)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the config and outbox to DIR and keep them (default: a temporary directory)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from core.demo import DemoOptions, play_headless, run_with_console

    if args.speed is not None and args.speed <= 0:
        raise CommandError("--speed must be greater than 0", 2)
    speed = args.speed or (HEADLESS_SPEED if args.headless else CONSOLE_SPEED)
    if not args.verbose:
        logging.getLogger().setLevel(logging.WARNING)
    if args.headless:
        options = DemoOptions(seed=args.seed, speed=speed, headless=True, workdir=args.keep,
                              say=lambda line: print(line, flush=True))
        outcome = asyncio.run(play_headless(options))
        print(outcome.text, flush=True)
        return outcome.exit_code
    log_path = _log_to_file(args.keep)
    narrated: list[str] = []
    day_log = logging.getLogger("core.demo.day")
    day_log.setLevel(logging.INFO)

    def say(line: str) -> None:
        narrated.append(line)
        day_log.info(line)

    try:
        return run_with_console(DemoOptions(seed=args.seed, speed=speed, headless=False, workdir=args.keep, say=say))
    finally:
        print("\n".join(["What the store did during the demo:", *(f"  {line}" for line in narrated),
                         f"(log: {log_path})"]))


def _log_to_file(directory: Path | None) -> Path:
    """The console owns the terminal: log lines go to a file instead of stderr."""
    path = (directory or Path(tempfile.gettempdir())) / "ml-connector-demo.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
