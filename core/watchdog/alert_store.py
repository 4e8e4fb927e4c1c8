"""Alerts in the outbox database: opened, acknowledged, resolved, who was told, and the backfill they owe.

One open alert per ``(kind, subject)`` (a partial unique index, migration ``0002_alert_lifecycle``), so a
webhook that stays disabled for a day is one alert, not one per interval. Notifications are claimed
before they are sent (compare-and-set on the ``notified_*`` lists) so that ``serve`` and a CLI command
running a watchdog pass at the same time never tell anyone twice; a failed send gives its claim back.

The console reads alerts through :func:`open_alerts`, :func:`list_alerts` and :func:`acknowledge_alert`.
This module opens its own connection to the outbox file (WAL lets it sit beside the outbox's own).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from core.outbox import Outbox
from core.outbox.db import Database, utc_now
from core.watchdog.health import Finding

Phase = Literal["open", "resolved"]


@dataclass(frozen=True)
class Alert:
    """One alert row. ``kind`` is empty for a companion alert the watchdog has not adopted yet."""

    id: int
    kind: str
    subject: str
    severity: str
    title: str
    message: str
    source: str
    opened_at: str
    acknowledged_at: str | None
    resolved_at: str | None
    resolution: str
    webhook_id: int | None
    body: dict[str, Any] = field(default_factory=dict)
    backfill_from: str | None = None
    backfilled_at: str | None = None
    notified_open: tuple[str, ...] = ()
    notified_resolved: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def topic(self) -> str:
        return str(self.body.get("topic") or "")

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Alert:
        d = dict(row)
        body = _json(d.get("body"), {})
        title = d.get("title") or f"{d['source']} alert: {d['event']}" + (
            f" (webhook {d['webhook_id']})" if d.get("webhook_id") is not None else "")
        return cls(
            id=int(d["id"]), kind=d.get("kind") or "", subject=d.get("subject") or "",
            severity=d.get("severity") or "failure", title=title, message=d.get("message") or "",
            source=d["source"], opened_at=d["received_at"], acknowledged_at=d.get("acknowledged_at"),
            resolved_at=d.get("resolved_at"), resolution=d.get("resolution") or "", webhook_id=d.get("webhook_id"),
            body=body if isinstance(body, dict) else {}, backfill_from=d.get("backfill_from"),
            backfilled_at=d.get("backfilled_at"), notified_open=tuple(_json(d.get("notified_open"), [])),
            notified_resolved=tuple(_json(d.get("notified_resolved"), [])),
        )


def _json(text: Any, default: Any) -> Any:
    try:
        return json.loads(text) if text else default
    except (TypeError, ValueError):
        return default


class AlertStore:
    """Alert rows of one outbox database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    def for_outbox(cls, outbox: Outbox) -> AlertStore:
        """A store on ``outbox``'s file (already migrated by :meth:`Outbox.open`)."""
        return cls(Database(outbox.path))

    def close(self) -> None:
        self._db.close()

    # -- reads ------------------------------------------------------------------------------------------------

    def _select(self, where: str, params: Iterable[Any] = (), limit: int = 1000) -> list[Alert]:
        with self._db.read() as conn:
            found = conn.execute(f"SELECT * FROM alerts WHERE {where} ORDER BY id DESC LIMIT ?", (*params, limit))
            return [Alert.from_row(r) for r in found.fetchall()]

    def get(self, alert_id: int) -> Alert | None:
        found = self._select("id = ?", (alert_id,), 1)
        return found[0] if found else None

    def open_alerts(self) -> list[Alert]:
        """Unresolved alerts, newest first (companion alerts not yet adopted included)."""
        return self._select("resolved_at IS NULL")

    def recent(self, limit: int = 100) -> list[Alert]:
        return self._select("1 = 1", (), limit)

    def open_for(self, kind: str, subject: str) -> Alert | None:
        found = self._select("kind = ? AND subject = ? AND resolved_at IS NULL", (kind, subject), 1)
        return found[0] if found else None

    def unadopted(self) -> list[Alert]:
        """Companion alerts stored by the receiver that the watchdog has not turned into a tracked alert."""
        return list(reversed(self._select("kind IS NULL AND resolved_at IS NULL")))

    def needing_notification(self) -> list[Alert]:
        """Open alerts, and resolved ones whose "resolved" message has not reached everyone told of them."""
        return list(reversed(self._select(
            "kind IS NOT NULL AND (resolved_at IS NULL OR (notified_open != '[]' AND "
            "notified_open != notified_resolved))")))

    def pending_backfills(self) -> list[Alert]:
        return list(reversed(self._select("resolved_at IS NOT NULL AND backfill_from IS NOT NULL "
                                          "AND backfilled_at IS NULL")))

    # -- writes -----------------------------------------------------------------------------------------------

    def open(self, finding: Finding, source: str = "watchdog", extra: dict[str, Any] | None = None) -> Alert | None:
        """Open an alert for ``finding``; ``None`` when one is already open for its ``(kind, subject)``."""
        body = {"topic": finding.topic, "webhook_id": finding.webhook_id, **(extra or {})}
        with self._db.write() as conn:
            try:
                cursor = conn.execute(
                    "INSERT INTO alerts (received_at, source, event, webhook_id, body, kind, subject, severity, "
                    "title, message) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (utc_now(), source, finding.kind, finding.webhook_id, json.dumps(body, sort_keys=True),
                     finding.kind, finding.subject, finding.severity, finding.title, finding.message),
                )
            except sqlite3.IntegrityError:
                return None
            alert_id = int(cursor.lastrowid or 0)
        return self.get(alert_id)

    def adopt(self, alert_id: int, finding: Finding) -> bool:
        """Turn a companion row into the tracked alert for ``finding``; False when one is already open."""
        with self._db.write() as conn:
            try:
                changed = conn.execute(
                    "UPDATE alerts SET kind = ?, subject = ?, severity = ?, title = ?, message = ? "
                    "WHERE id = ? AND kind IS NULL",
                    (finding.kind, finding.subject, finding.severity, finding.title, finding.message, alert_id),
                ).rowcount
            except sqlite3.IntegrityError:
                return False
        return bool(changed)

    def resolve(self, alert_id: int, resolution: str, backfill_from: str | None = None,
                kind: str | None = None) -> bool:
        """Mark resolved (once: False when someone else resolved it first)."""
        with self._db.write() as conn:
            changed = conn.execute(
                "UPDATE alerts SET resolved_at = ?, resolution = ?, backfill_from = ?, kind = COALESCE(kind, ?) "
                "WHERE id = ? AND resolved_at IS NULL",
                (utc_now(), resolution, backfill_from, kind, alert_id),
            ).rowcount
        return bool(changed)

    def acknowledge(self, alert_id: int) -> bool:
        """An operator has seen it (the console's acknowledge); the alert stays open until fixed."""
        with self._db.write() as conn:
            return bool(conn.execute("UPDATE alerts SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL",
                                     (utc_now(), alert_id)).rowcount)

    def mark_backfilled(self, alert_id: int) -> None:
        with self._db.write() as conn:
            conn.execute("UPDATE alerts SET backfilled_at = ? WHERE id = ?", (utc_now(), alert_id))

    def claim(self, alert: Alert, phase: Phase, keys: Iterable[str]) -> bool:
        """Record ``keys`` as told about ``phase`` before sending, unless another process changed the list."""
        column = "notified_open" if phase == "open" else "notified_resolved"
        before = list(alert.notified_open if phase == "open" else alert.notified_resolved)
        after = sorted(set(before) | set(keys))
        with self._db.write() as conn:
            changed = conn.execute(f"UPDATE alerts SET {column} = ? WHERE id = ? AND {column} = ?",
                                   (json.dumps(after), alert.id, json.dumps(before))).rowcount
        return bool(changed)

    def unclaim(self, alert_id: int, phase: Phase, keys: Iterable[str]) -> None:
        """Give back claims whose send failed, so the next interval retries them."""
        column = "notified_open" if phase == "open" else "notified_resolved"
        drop = set(keys)
        with self._db.write() as conn:
            row = conn.execute(f"SELECT {column} FROM alerts WHERE id = ?", (alert_id,)).fetchone()
            kept = sorted(set(_json(row[0] if row else None, [])) - drop)
            conn.execute(f"UPDATE alerts SET {column} = ? WHERE id = ?", (json.dumps(kept), alert_id))

    # -- what the silence check reads -------------------------------------------------------------------------

    def last_delivery_at(self, webhook_id: int | None = None) -> str | None:
        """When the newest signed delivery arrived (from one webhook, or any), from ``webhook_health``."""
        where, params = ("WHERE webhook_id = ?", (webhook_id,)) if webhook_id is not None else ("", ())
        with self._db.read() as conn:
            row = conn.execute(f"SELECT max(last_delivery_at) FROM webhook_health {where}", params).fetchone()
        return row[0] if row and row[0] else None

    def poll_finds_since(self, since: str) -> int:
        """New events the scheduled poll found (not webhooks) since ``since``."""
        with self._db.read() as conn:
            row = conn.execute("SELECT count(*) FROM events WHERE source = 'poll' AND received_at >= ?",
                               (since,)).fetchone()
        return int(row[0]) if row else 0


def _with_store(outbox: Outbox) -> AlertStore:
    return AlertStore.for_outbox(outbox)


def open_alerts(outbox: Outbox) -> list[Alert]:
    """Unresolved alerts, newest first: what the console's banner shows."""
    store = _with_store(outbox)
    try:
        return store.open_alerts()
    finally:
        store.close()


def list_alerts(outbox: Outbox, limit: int = 100) -> list[Alert]:
    """The newest alerts, open and resolved (the console's alerts screen)."""
    store = _with_store(outbox)
    try:
        return store.recent(limit)
    finally:
        store.close()


def acknowledge_alert(outbox: Outbox, alert_id: int) -> bool:
    """Mark one alert as seen by an operator; True when it was not acknowledged before."""
    store = _with_store(outbox)
    try:
        return store.acknowledge(alert_id)
    finally:
        store.close()
