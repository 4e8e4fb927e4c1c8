"""``ml-connector preview --topic TOPIC FILE [--request]``: show the Intacct XML a Woo payload becomes.

Offline on purpose: no store or Intacct call. Products and their categories are therefore unknown, so every
product line uses ``mapping.default_account`` (said on stderr as a ``#`` comment line, so stdout stays pure
XML). Orders are previewed as if their vendor already exists and nothing was posted before; refund detail
can be given with ``--refunds FILE`` (the ``/orders/<id>/refunds`` JSON), else refunds are amount-only.
With ``--request`` the whole envelope is printed as the client would send it, passwords as ``********``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from lxml import etree

from core.cli import CommandError, load_settings_from_args
from core.settings import Settings

TOPICS = ("customer.created", "customer.updated", "order.created", "order.updated")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "preview", help="map a WooCommerce JSON payload file and print the Intacct XML",
        description="Show what a WooCommerce payload becomes in Intacct before anything is sent: the "
        "<function> elements, or with --request the whole request envelope with passwords masked. Offline: "
        "no store or Intacct call, so products are not looked up and every product line uses [mapping] "
        "default_account (said on stderr as a '#' line; stdout stays pure XML). Orders are previewed as if "
        "their vendor exists; pass refund detail with --refunds, else refunds are amount-only.",
        epilog="exit status: 0 printed; 1 the payload cannot be mapped (the reason is printed); 2 a file is "
        "missing or not JSON, or the configuration is invalid")
    parser.add_argument("--topic", required=True, choices=TOPICS, help="the webhook topic the payload came with")
    parser.add_argument("file", metavar="FILE", help="WooCommerce JSON payload (a customer or an order)")
    parser.add_argument("--refunds", metavar="FILE", help="refund detail JSON for an order (/orders/<id>/refunds)")
    parser.add_argument("--request", action="store_true", help="print the whole request envelope, credentials masked")
    parser.set_defaults(handler=run)


def _read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"{what} file {path} does not exist", 2) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{what} file {path} is not readable JSON ({exc})", 2) from None


def masked_request(functions: list[Any], settings: Settings | None = None) -> bytes:
    """The request the client would send around ``functions``, with both passwords masked."""
    from core.intacct.client import build_request_xml

    return build_request_xml((settings or Settings()).intacct, functions, masked=True)


def pretty(data: bytes | etree._Element) -> str:
    """Indented XML text (re-parsed with the hardened parser when given bytes)."""
    if isinstance(data, bytes):
        from core.intacct.xml import parse

        data = parse(data)
    etree.indent(data, space="  ")
    return etree.tostring(data, encoding="unicode")


def run(args: argparse.Namespace) -> int:
    from core.mapping import MappingError, PlanContext, plan_event

    settings = load_settings_from_args(args)
    payload = _read_json(args.file, "payload")
    if not isinstance(payload, dict):
        raise CommandError(f"payload file {args.file} must hold one JSON object", 2)
    refunds = _read_json(args.refunds, "refunds") if args.refunds else []
    context = PlanContext(settings, refund_details=refunds if isinstance(refunds, list) else [refunds],
                          vendor_known=args.topic.startswith("order."))
    try:
        plan = plan_event(args.topic, payload, context)
    except (MappingError, KeyError) as exc:
        raise CommandError(f"cannot map {args.file}: {exc}", 1) from None
    if args.topic.startswith("order."):
        print(f"# products are not looked up offline: product lines use mapping.default_account "
              f"({settings.mapping.default_account})", file=sys.stderr)
    for note in plan.notes:
        print(f"# {note}", file=sys.stderr)
    functions = [step.function() for step in plan.steps]
    if args.request:
        print(pretty(masked_request(functions, settings)))
    else:
        for function in functions:
            print(pretty(function.to_xml()))
    return 0
