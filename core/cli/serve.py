"""``ml-connector serve``: the headless service: webhook receiver, outbox worker, scheduled poll, watchdog."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from core.cli import CommandError, load_settings_from_args, opened_outbox

log = logging.getLogger("core.serve")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "serve",
        help="run the headless service: webhook receiver, outbox worker, scheduled poll, webhook watchdog",
        description="Run the connector unattended until SIGTERM or Ctrl-C: the webhook receiver on [receiver] "
        "host:port (each delivery is stored in the outbox before WooCommerce gets its 200), the outbox worker "
        "that pushes to Intacct (in [sync] mode 'auto'; in 'review' it pushes what an operator approved), the "
        "scheduled poll that catches what webhooks missed, and the webhook watchdog. Run it under systemd "
        "behind a TLS reverse proxy (docs/ml-connector.service, docs/security.md).",
        epilog="exit status: 0 stopped by SIGTERM/Ctrl-C; 1 the receiver could not listen, the outbox "
        "could not be opened or written, or a background task died; 2 the configuration is invalid",
    )
    parser.add_argument("--host", help="override [receiver] host")
    parser.add_argument("--port", type=int, help="override [receiver] port")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sqlite3

    from core.outbox import OutboxError
    from core.service import Service, ServiceFailed
    from core.settings import with_overrides

    settings = load_settings_from_args(args)
    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    if overrides:
        settings = with_overrides(settings, receiver=overrides)
    with contextlib.ExitStack() as stack:
        try:  # a read-only file, directory or full disk: refuse to start rather than answer 500 to everything
            outbox = stack.enter_context(opened_outbox(settings))
            outbox.check_writable()
        except (sqlite3.Error, OutboxError, OSError) as exc:
            raise CommandError(f"the outbox database {settings.database_path()} is not writable: {exc}") from None
        service = Service(settings, outbox)
        log.info("outbox %s; receiving on http://%s:%d%s", settings.database_path(), settings.receiver.host,
                 settings.receiver.port, settings.receiver.path)
        try:
            asyncio.run(service.run())
        except SystemExit:  # uvicorn exits when it cannot bind
            raise CommandError(f"could not listen on {settings.receiver.host}:{settings.receiver.port}") from None
        except ServiceFailed as exc:  # the supervisor restarts us; the outbox kept everything
            raise CommandError(str(exc)) from None
    return 0
