"""Both emulators side by side on 127.0.0.1: the sandbox store and the sandbox Intacct company.

One place starts them for the demo (in-process, free ports) and for ``ml-connector sandbox`` (chosen
ports, in the foreground), so both use the same credentials as :mod:`core.demo.config` writes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from core.demo.config import WOO_KEY, WOO_SECRET
from core.sandbox.intacct import Credentials, IntacctSandbox
from core.sandbox.woo import WooSandbox

STORE_TIMEZONE = "America/New_York"


@dataclass
class Sandboxes:
    """The running pair: the objects (for scripting and inspection) and their URLs."""

    woo: WooSandbox
    intacct: IntacctSandbox
    woo_url: str = ""
    intacct_url: str = ""
    credentials: Credentials = Credentials()


@contextlib.contextmanager
def running_sandboxes(seed: int = 0, woo_port: int = 0, intacct_port: int = 0,
                      delivery_delay: float = 0.05, behind_tls: bool = False) -> Iterator[Sandboxes]:
    """Start the store and the company (port 0: any free port) and stop both when the block ends.

    The store follows WooCommerce's rule: over plain http only OAuth 1.0a authenticates (HTTP Basic and
    ``consumer_key`` query credentials are refused). ``behind_tls`` is for a store put behind a
    TLS-terminating proxy (WordPress' ``HTTPS=on``): then Basic is accepted too.

    The Intacct sandbox validates requests against ``api.xsd`` when ``$ML_CONNECTOR_INTACCT_SCHEMA_PATH``
    names it, and falls back to its own structural checks otherwise.
    """
    woo = WooSandbox(seed=seed, consumer_key=WOO_KEY, consumer_secret=WOO_SECRET, timezone=STORE_TIMEZONE,
                     inspection=True, delivery_delay=delivery_delay, delivery_timeout=5.0, behind_tls=behind_tls)
    creds = Credentials()
    intacct = IntacctSandbox(sender_id=creds.sender_id, sender_password=creds.sender_password,
                             company_id=creds.company_id, user_id=creds.user_id, user_password=creds.user_password,
                             inspection=True)
    with woo.run_in_thread(port=woo_port) as woo_url, intacct.run_in_thread(port=intacct_port) as intacct_url:
        yield Sandboxes(woo, intacct, woo_url, intacct_url, creds)
