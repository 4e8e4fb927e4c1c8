"""Sending notifications through apprise: built once, one send per URL, failures reported, never raised.

Each ``[alerts] urls`` entry is added to one :class:`apprise.Apprise` object under its own tag (a short
hash of the URL, :func:`url_key`), so the watchdog can remember *which* URLs were told about an alert and
retry only the ones that failed: an alert reaches every URL once, not once per interval, and a flaky
Slack does not make the mail go out twice. URLs carry tokens, so they are never logged or stored; only
their keys are. Titles and bodies pass :func:`core.redact.redact` before leaving the process.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterable, Sequence
from typing import Literal

import apprise

from core.redact import redact, register_secrets
from core.secret import Secret

log = logging.getLogger(__name__)

NotifyKind = Literal["info", "success", "warning", "failure"]


def url_key(url: str) -> str:
    """A stable, non-secret name for an apprise URL (what the outbox stores about who was told)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


class Notifier:
    """One apprise object for the life of the watchdog; ``keys`` are the usable URLs."""

    def __init__(self, urls: Sequence[Secret | str]) -> None:
        self._apprise = apprise.Apprise()
        self.keys: list[str] = []
        for position, secret in enumerate(urls, start=1):
            url = secret.reveal() if isinstance(secret, Secret) else secret
            register_secrets([url])
            key = url_key(url)
            if key in self.keys:
                continue
            if self._apprise.add(url, tag=key):
                self.keys.append(key)
            else:
                log.warning("[alerts] urls entry %d is not a URL apprise understands; it is skipped", position)

    async def send(self, title: str, body: str, kind: NotifyKind, keys: Iterable[str]) -> set[str]:
        """Send to the URLs named by ``keys``; returns the keys that accepted it (failures are logged)."""
        delivered: set[str] = set()
        for key in keys:
            if key not in self.keys:
                continue
            try:
                ok = await asyncio.to_thread(
                    self._apprise.notify, body=redact(body), title=redact(title), notify_type=kind, tag=key,
                    match_always=False,
                )
            except Exception as exc:  # an apprise plugin bug must not stop the watchdog
                log.warning("alert notification to URL %s raised %s; retrying next interval", key,
                            type(exc).__name__)
                continue
            if ok:
                delivered.add(key)
            else:
                log.warning("alert notification to URL %s failed; retrying next interval", key)
        return delivered
