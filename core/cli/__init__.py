"""The ``ml-connector`` command line.

Each subcommand lives in its own module under :mod:`core.cli` (found automatically) and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a function ``(args) -> int``.
Commands that need the console import :mod:`console` inside their handler, so ``import core`` never loads
Textual.

Every failure ends with exit status non-zero and one line on stderr that says why.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from core import __version__

if TYPE_CHECKING:
    from core.outbox import Outbox
    from core.settings import Settings


def command_modules() -> list[str]:
    """Modules under :mod:`core.cli` that provide a subcommand (each has ``register``), by name."""
    import pkgutil

    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


class CommandError(Exception):
    """A command failed for a reason the user can act on; printed as one line, exit status ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ml-connector",
        description="Keep a WooCommerce store and a Sage Intacct company in sync: "
        "customers become vendors, orders become AP bills, refunds become AP adjustments. "
        "New here? `ml-connector demo` runs the whole product on a built-in sandbox; "
        "`ml-connector init` then `ml-connector ping` start a real set-up.",
        epilog="exit status: 0 on success; non-zero with a one-line reason on stderr on failure (2: the "
        "configuration or the command line is wrong). Each command's --help lists its own codes.",
    )
    parser.add_argument("--version", action="version", version=f"ml-connector {__version__}")
    parser.add_argument("--config", metavar="PATH", help="configuration file (default: $ML_CONNECTOR_CONFIG, "
                        "else the user config dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail (secrets stay masked)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        module = importlib.import_module(f"core.cli.{name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from core.redact import install_log_redaction

    install_log_redaction()
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except CommandError as exc:
        print(f"ml-connector {args.command}: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the one-line reason promised by the interface
        from core.settings import SettingsError

        if isinstance(exc, SettingsError):
            print(f"ml-connector {args.command}: {exc}", file=sys.stderr)
            return 2
        from core.redact import redact

        print(f"ml-connector {args.command}: {redact(f'{type(exc).__name__}: {exc}')}", file=sys.stderr)
        if args.verbose:
            raise
        return 1


def load_settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings for a command, from ``--config`` / ``$ML_CONNECTOR_CONFIG`` / the default path."""
    from pathlib import Path

    from core.redact import register_secrets
    from core.settings import load_settings

    settings = load_settings(Path(args.config) if args.config else None)
    register_secrets(settings.secrets())
    return settings


def open_outbox(settings: Settings) -> Outbox:
    """The outbox at ``[database] path`` (``auto_approve`` from ``[sync] mode``), or a one-line CommandError."""
    from core.outbox import Outbox, OutboxError

    path = settings.database_path()
    try:
        return Outbox.open(path, auto_approve=settings.sync.mode == "auto")
    except (OutboxError, OSError) as exc:
        raise CommandError(f"cannot open the outbox at {path}: {exc}") from exc


@contextlib.contextmanager
def opened_outbox(settings: Settings) -> Iterator[Outbox]:
    """:func:`open_outbox` for the length of a ``with`` block: every command that reads or writes the outbox
    opens it this way, so the error line, the review/auto mode and the closing are the same everywhere."""
    outbox = open_outbox(settings)
    try:
        yield outbox
    finally:
        outbox.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
