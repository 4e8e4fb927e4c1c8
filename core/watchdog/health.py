"""Which of the store's webhooks are ours, and what is wrong with them (pure: a webhook list in, a verdict out).

Ours are the webhooks whose delivery URL contains ``[alerts] webhook_url_match`` or equals the receiver's
delivery URL (``Settings.delivery_url()``). A webhook of ours that is ``disabled`` or ``paused`` is a
problem of its own (kind ``webhook_inactive``); a required topic with no webhook of ours at all is another
(kind ``topic_missing``). A topic whose only webhook is inactive is reported once, as the webhook; an
inactive webhook is reported even when another webhook covers its topic (someone should delete or fix it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.alerts.messages import REQUIRED_TOPICS, topic_missing_text, webhook_inactive_text
from core.settings import Settings

WEBHOOK_INACTIVE = "webhook_inactive"
TOPIC_MISSING = "topic_missing"
SILENCE = "silence"
INACTIVE_STATUSES = ("disabled", "paused")


@dataclass(frozen=True)
class WebhookInfo:
    """The fields of a store webhook the watchdog needs (the REST JSON has no secret or failure count)."""

    id: int
    name: str
    topic: str
    status: str
    delivery_url: str

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> WebhookInfo:
        return cls(int(item["id"]), str(item.get("name") or ""), str(item.get("topic") or ""),
                   str(item.get("status") or ""), str(item.get("delivery_url") or ""))


@dataclass(frozen=True)
class Finding:
    """One problem the store shows now; ``(kind, subject)`` identifies it across intervals."""

    kind: str
    subject: str
    severity: str
    title: str
    message: str
    webhook_id: int | None = None
    topic: str = ""


@dataclass(frozen=True)
class Health:
    """The verdict on the store's webhooks."""

    ours: list[WebhookInfo]
    others: int
    """How many webhooks of the store are not ours (shown, never judged)."""
    active_topics: frozenset[str]
    missing_topics: list[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def webhook(self, webhook_id: int) -> WebhookInfo | None:
        return next((h for h in self.ours if h.id == webhook_id), None)


def _norm(url: str) -> str:
    return url.strip().rstrip("/").lower()


def is_ours(delivery_url: str, settings: Settings) -> bool:
    """Does a webhook with this delivery URL deliver to this connector?"""
    match = settings.alerts.webhook_url_match.strip()
    if match and match.lower() in delivery_url.lower():
        return True
    return _norm(delivery_url) == _norm(settings.delivery_url())


def assess(webhooks: Iterable[Mapping[str, Any]], settings: Settings) -> Health:
    """Our webhooks, the required topics covered by an active one, and a finding per problem."""
    infos = [WebhookInfo.from_json(item) for item in webhooks]
    ours = sorted((h for h in infos if is_ours(h.delivery_url, settings)), key=lambda h: h.id)
    active = frozenset(h.topic for h in ours if h.status == "active")
    claimed = {h.topic for h in ours}
    findings = [_inactive(h, settings) for h in ours if h.status in INACTIVE_STATUSES]
    missing = [t for t in REQUIRED_TOPICS if t not in active]
    for topic in missing:
        if topic not in claimed:
            title, message = topic_missing_text(topic, settings.delivery_url())
            findings.append(Finding(TOPIC_MISSING, f"topic:{topic}", "failure", title, message, None, topic))
    return Health(ours, len(infos) - len(ours), active, missing, findings)


def _inactive(hook: WebhookInfo, settings: Settings) -> Finding:
    title, message = webhook_inactive_text(hook.id, hook.topic, hook.status, settings.woocommerce.url)
    return Finding(WEBHOOK_INACTIVE, f"webhook:{hook.id}", "failure", title, message, hook.id, hook.topic)


def inactive_finding(webhook_id: int, topic: str, settings: Settings, status: str = "disabled") -> Finding:
    """The finding for a webhook reported inactive by someone else (the companion plugin's alert)."""
    return _inactive(WebhookInfo(webhook_id, "", topic, status, ""), settings)
