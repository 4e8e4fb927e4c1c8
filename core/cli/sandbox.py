"""``ml-connector sandbox``: the emulated store and Intacct company in the foreground, for manual testing."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from core.cli import CommandError

SANDBOX_DATA = {"customers": 20, "orders": 40, "refunds": 6}
"""What ``--seed`` fills the store with (``--empty`` starts with no data)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sandbox", help="run the emulated WooCommerce store and Intacct gateway for manual testing",
        description="Run the sandbox store and the sandbox Intacct company on 127.0.0.1 until Ctrl-C, and print "
        "their URLs and the credentials to put in a configuration (or write one with --write-config).")
    parser.add_argument("--woo-port", type=int, default=0, metavar="N", help="store port (default: any free port)")
    parser.add_argument("--intacct-port", type=int, default=0, metavar="N",
                        help="Intacct gateway port (default: any free port)")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="seed of the generated store data")
    parser.add_argument("--empty", action="store_true", help="start the store with no customers or orders")
    parser.add_argument("--write-config", type=Path, metavar="PATH",
                        help="write a connector configuration pointing at both sandboxes to PATH")
    parser.add_argument("--behind-tls", action="store_true",
                        help="the store sits behind a TLS-terminating proxy (like WordPress with HTTPS=on): also "
                        "accept HTTP Basic and consumer_key query credentials, which WooCommerce refuses over "
                        "plain http (default: OAuth 1.0a only, as WooCommerce over http)")
    parser.set_defaults(handler=run)


def describe(woo_url: str, intacct_url: str, config: dict[str, Any], behind_tls: bool = False) -> str:
    """What the user needs to point the connector at the sandboxes."""
    woo, intacct = config["woocommerce"], config["intacct"]
    auth = ("behind TLS: HTTP Basic, consumer_key query parameters or OAuth 1.0a" if behind_tls else
            "plain http: OAuth 1.0a only, HTTP Basic is refused as WooCommerce does (see --behind-tls)")
    return "\n".join([
        f"WooCommerce sandbox:  {woo_url}   (REST: {woo_url}/wp-json/wc/v3, inspection: {woo_url}/_sandbox/...)",
        f"  authentication:     {auth}",
        f"Intacct sandbox:      {intacct_url}",
        "",
        "[woocommerce]",
        f"url = {woo['url']!r}  consumer_key = {woo['consumer_key']!r}  consumer_secret = {woo['consumer_secret']!r}",
        f"webhook_secret = {woo['webhook_secret']!r}",
        "[intacct]",
        f"endpoint = {intacct['endpoint']!r}",
        f"sender_id = {intacct['sender_id']!r}  sender_password = {intacct['sender_password']!r}",
        f"company_id = {intacct['company_id']!r}  user_id = {intacct['user_id']!r}  "
        f"user_password = {intacct['user_password']!r}",
    ])


def _stop_on_sigterm(done: threading.Event) -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        done.set()
    signal.signal(signal.SIGTERM, handler)


def run(args: argparse.Namespace) -> int:
    from core.demo.config import connector_config, write_config
    from core.demo.sandboxes import running_sandboxes

    done = threading.Event()
    try:
        with running_sandboxes(seed=args.seed, woo_port=args.woo_port, intacct_port=args.intacct_port,
                               behind_tls=args.behind_tls) as boxes:
            if not args.empty:
                boxes.woo.generate(**SANDBOX_DATA)
            config = connector_config(boxes.woo_url, boxes.intacct_url)
            if args.write_config is not None:
                print(f"configuration written to {write_config(args.write_config, config, 'ml-connector sandbox')}")
            _stop_on_sigterm(done)  # before the prompt: a SIGTERM sent on seeing it must stop us cleanly
            print(describe(boxes.woo_url, boxes.intacct_url, config, args.behind_tls), flush=True)
            print("Press Ctrl-C to stop.", flush=True)
            while not done.wait(0.5):
                pass
    except OSError as exc:
        raise CommandError(f"cannot start the sandboxes: {exc}") from exc
    except KeyboardInterrupt:
        pass
    return 0
