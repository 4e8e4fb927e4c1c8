"""What the header says, gathered in one read: mode, receiver, session age, counts, webhook problems.

Built from :class:`core.outbox.paging.EventPager` reads and one TCP connect to the receiver, so the
header can refresh every few seconds from a worker without touching the UI thread.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from console.sources import open_item_events
from core.outbox import Outbox
from core.outbox.paging import EventPager
from core.settings import Settings

ATTACHED = "attached"
STANDALONE = "standalone"


@dataclass(frozen=True)
class Status:
    mode: str
    receiver: str
    listening: bool
    session_age: float | None
    review: int
    failed: int
    posted_today: int
    webhook_problems: list[str] = field(default_factory=list)
    """Titles of the watchdog's open webhook alerts (disabled, paused, topic missing)."""
    needs_action: int = 0
    """Open items: orders whose books in Intacct differ from the store, waiting for a person."""
    config: str = ""
    """The configuration file the console runs on."""

    def banner(self) -> str:
        """The red banner's text ("" when every webhook of ours is active)."""
        if not self.webhook_problems:
            return ""
        return "⚠ " + "; ".join(self.webhook_problems) + " — press l for alerts and re-enable"


def receiver_address(settings: Settings) -> str:
    r = settings.receiver
    return f"http://{r.host}:{r.port}{r.path}"


def listening(host: str, port: int, timeout: float = 0.2) -> bool:
    """Whether something accepts TCP connections at the receiver's address."""
    try:
        with socket.create_connection((host if host not in ("0.0.0.0", "::") else "127.0.0.1", port), timeout):
            return True
    except OSError:
        return False


def detect_mode(pager: EventPager, own_owner: str, clock: Callable[[], float] = time.time) -> str:
    """Attached when another process (a ``serve``) holds a live lease on this database."""
    others = [lease for lease in pager.live_leases(clock()) if lease["owner"] != own_owner]
    return ATTACHED if others else STANDALONE


def today_start(now: datetime | None = None) -> str:
    moment = now or datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT00:00:00.000000Z")


def webhook_alerts(outbox: Outbox) -> list[str]:
    """The watchdog's open alerts about our webhooks (the banner's source)."""
    from core.watchdog import open_alerts

    return [a.title for a in open_alerts(outbox) if a.kind.startswith("webhook") or a.webhook_id is not None
            or a.kind.startswith("topic")]


def read_status(pager: EventPager, outbox: Outbox, settings: Settings, mode: str, session_age: float | None,
                now: datetime | None = None, probe: Callable[[str, int], bool] = listening) -> Status:
    return Status(
        mode=mode,
        receiver=receiver_address(settings),
        listening=probe(settings.receiver.host, settings.receiver.port),
        session_age=session_age,
        review=pager.count("review"),
        failed=pager.count("failed"),
        posted_today=pager.posted_since(today_start(now)),
        webhook_problems=webhook_alerts(outbox),
        needs_action=len(open_item_events(pager)),
        config=settings.source,
    )
