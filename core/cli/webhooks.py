"""``ml-connector webhooks check|install|enable ID``: see and repair the store's webhooks from a shell.

Exit status (also in ``--help``): 0 all well; 3 ``check`` found a webhook of ours disabled, paused or
missing (the instructions are printed); 1 the store refused or could not be reached; 2 a setting is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import textwrap
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TextIO, TypeVar

from core.cli import CommandError, load_settings_from_args, opened_outbox

if TYPE_CHECKING:
    from core.settings import Settings
    from core.watchdog import Health, WatchReport
    from core.woo.rest import WooClient

T = TypeVar("T")
EXIT_UNHEALTHY = 3
EPILOG = """exit status:
  0  every required topic has an active webhook of ours (check), or the change was made (install, enable)
  1  the store could not be reached or refused the request (the reason is printed)
  2  a setting is missing or wrong, e.g. [woocommerce] url or webhook_secret
  3  check: a webhook of ours is disabled or paused, or a required topic has none (how to fix is printed)
"""


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "webhooks", help="check, install or re-enable the store's webhooks that deliver to this connector",
        description="See and repair the WooCommerce webhooks that deliver to this connector (ours:\n"
        "delivery URL equal to the receiver's, or containing [alerts] webhook_url_match).\n"
        "WooCommerce silently disables a webhook on its 7th failed delivery in a row:\n"
        "`check` finds that, `enable` undoes it, `install` creates what is missing.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for name, helptext, handler in (
        ("check", "list the store's webhooks; exit 3 when one of ours is disabled, paused or missing", run_check),
        ("install", "create the missing webhooks (order.created/updated, customer.created/updated) with our "
                    "delivery URL and secret; running it twice changes nothing", run_install),
    ):
        verb = verbs.add_parser(name, help=helptext, description=_sentence(helptext), epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
        verb.set_defaults(handler=handler)
    enable = verbs.add_parser(
        "enable", help="set a webhook active again (WooCommerce keeps its failure count)",
        description=textwrap.fill("Set webhook ID active again through the REST API, then run one watchdog "
                                  "pass: the alert is resolved, the resolution is notified and the outage window "
                                  "is polled (backfill).", 80),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    enable.add_argument("id", type=int, metavar="ID", help="the webhook id (see `ml-connector webhooks check`)")
    enable.set_defaults(handler=run_enable)


def _sentence(text: str) -> str:
    """A help line as a wrapped sentence, for descriptions shown raw (the exit-status table keeps its layout)."""
    return textwrap.fill(text[:1].upper() + text[1:] + ".", 80)


def _with_client(settings: Settings, work: Callable[[WooClient], Awaitable[T]]) -> T:
    """Run ``work`` with a client for the configured store; store failures become a one-line error."""
    from core.woo.errors import WooError
    from core.woo.rest import WooClient

    if not settings.woocommerce.url:
        raise CommandError("[woocommerce] url is empty: set the store base URL in the configuration file", 2)

    async def main() -> T:
        async with WooClient(settings.woocommerce, max_attempts=3, backoff_cap=2.0) as client:
            return await work(client)

    try:
        return asyncio.run(main())
    except WooError as exc:
        raise CommandError(str(exc), 1) from None


def run_check(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.watchdog import check_webhooks

    out = out or sys.stdout
    settings = load_settings_from_args(args)
    health = _with_client(settings, lambda client: check_webhooks(client, settings))
    print_health(health, settings, out)
    return 0 if health.ok else EXIT_UNHEALTHY


def print_health(health: Health, settings: Settings, out: TextIO) -> None:
    """The table of our webhooks, topic coverage, and each problem with its fix."""
    out.write(f"Store {settings.woocommerce.url}; our delivery URL {settings.delivery_url()}\n")
    if health.ours:
        out.write(f"{'ID':>6}  {'STATUS':<9} {'TOPIC':<17} NAME\n")
        for hook in health.ours:
            out.write(f"{hook.id:>6}  {hook.status:<9} {hook.topic:<17} {hook.name}\n")
    else:
        out.write("No webhook of the store delivers to this connector.\n")
    out.write(f"Other webhooks of the store (not ours): {health.others}\n")
    from core.watchdog import REQUIRED_TOPICS

    marks = ", ".join(f"{t} {'ok' if t in health.active_topics else 'NOT DELIVERED'}" for t in REQUIRED_TOPICS)
    out.write(f"Required topics: {marks}\n")
    for finding in health.findings:
        out.write(f"\nPROBLEM: {finding.message}\n")
    out.write("\nAll webhooks of ours are active.\n" if health.ok else "")


def run_install(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.watchdog import WebhookSetupError, install_webhooks

    out = out or sys.stdout
    settings = load_settings_from_args(args)
    try:
        report = _with_client(settings, lambda client: install_webhooks(client, settings))
    except WebhookSetupError as exc:
        raise CommandError(str(exc), 2) from None
    for hook in report.created:
        out.write(f"created webhook {hook.id} {hook.topic} → {hook.delivery_url} ({hook.status})\n")
    for hook in report.existing:
        note = "" if hook.status == "active" else f"; run `ml-connector webhooks enable {hook.id}`"
        out.write(f"exists  webhook {hook.id} {hook.topic} ({hook.status}{note})\n")
    out.write(f"{len(report.created)} created, {len(report.existing)} already present\n")
    return 0


def run_enable(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from core.watchdog import FAILURE_COUNT_WARNING, WebhookGoneError, enable_webhook, is_ours

    out = out or sys.stdout
    settings = load_settings_from_args(args)

    async def work(client: WooClient) -> tuple[str, WatchReport | None]:
        hook = await enable_webhook(client, args.id)
        note = "" if is_ours(hook.delivery_url, settings) else " (it does not deliver to this connector)"
        return f"webhook {hook.id} ({hook.topic}) is now {hook.status}{note}", await _watchdog_pass(settings, client)

    try:
        line, report = _with_client(settings, work)
    except WebhookGoneError as exc:
        raise CommandError(str(exc), 1) from None
    out.write(line + "\n")
    out.write("WARNING: " + FAILURE_COUNT_WARNING.format(id=args.id) + "\n")
    if report is not None:
        backfilled = sum(sum(c.values()) for r in report.backfills for c in r.counts.values())
        out.write(f"alerts resolved: {len(report.resolved)}; notifications sent: {report.notified}; "
                  f"backfill: {len(report.backfills)} pass(es), {backfilled} record(s) read\n")
    return 0


async def _watchdog_pass(settings: Settings, client: WooClient) -> WatchReport | None:
    """One watchdog pass on the local outbox (resolve, notify, backfill) — only if that outbox exists."""
    from core.watchdog import Watchdog

    if not settings.database_path().exists():
        return None
    with opened_outbox(settings) as outbox:
        dog = Watchdog(settings, outbox, client)
        try:
            return await dog.run_once()
        finally:
            dog.close()
