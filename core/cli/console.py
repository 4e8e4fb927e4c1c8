"""``ml-connector console [--screenshot FILE.svg] [--actor NAME]``: the Textual operator console.

Textual is imported inside the handler only, so ``import core`` (and the headless ``serve``) never load it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.cli import CommandError, load_settings_from_args, opened_outbox


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "console", help="the Textual operator console: review, preview, push and triage",
        description="Open the operator console on the configured outbox. Attached to a running `serve` on the "
        "same database it only reviews and pushes; standalone it also polls the store itself.")
    parser.add_argument("--screenshot", metavar="FILE.svg", type=Path,
                        help="render the main screen after loading to this SVG file and exit")
    parser.add_argument("--size", metavar="COLSxROWS", default="120x36",
                        help="terminal size for --screenshot (default 120x36)")
    parser.add_argument("--actor", default=None,
                        help="who the audit names for every move made in this session (default: the login name)")
    parser.set_defaults(handler=run)


def _size(text: str) -> tuple[int, int]:
    try:
        cols, rows = (int(p) for p in text.lower().split("x"))
    except ValueError:
        raise CommandError(f"--size {text!r} is not COLSxROWS, e.g. 120x36", 2) from None
    return cols, rows


def run(args: argparse.Namespace) -> int:
    settings = load_settings_from_args(args)
    with opened_outbox(settings) as outbox:
        from console.app import ConsoleApp

        if args.screenshot is not None:
            app = ConsoleApp(settings, outbox, background=False, screenshot=args.screenshot.resolve(),
                             actor=args.actor)
            app.run(headless=True, size=_size(args.size))
            if not args.screenshot.is_file():
                raise CommandError(f"the screenshot was not written to {args.screenshot}")
            print(args.screenshot)
            return 0
        return ConsoleApp(settings, outbox, actor=args.actor).run() or 0
