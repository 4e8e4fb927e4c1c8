"""Acknowledged differences: an operator accepted one, with a note (kept with who and when), so it stops
alerting and no longer makes ``reconcile`` exit 4. The fingerprint covers the amounts: a difference that
changes is a new one (table ``reconcile_acks``, migration ``0006_reconcile_acks``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.outbox import Outbox
from core.outbox.db import utc_now
from core.reconcile.compare import Difference


@dataclass(frozen=True)
class Ack:
    fingerprint: str
    kind: str
    order_number: str
    document: str
    detail: str
    note: str
    actor: str
    at: str


class AckError(ValueError):
    """The acknowledgement cannot be recorded (no note)."""


def acknowledge(outbox: Outbox, difference: Difference, note: str, actor: str) -> Ack:
    """Record that ``actor`` accepted ``difference`` (``note`` says why; required)."""
    note = note.strip()
    if not note:
        raise AckError("say why the difference is accepted: a note is required (it is kept in the audit)")
    ack = Ack(difference.fingerprint, difference.kind, difference.order_number, difference.document,
              difference.detail, note, actor, utc_now())
    with outbox.db.write() as conn:
        conn.execute("INSERT OR REPLACE INTO reconcile_acks (fingerprint, kind, order_number, document, detail, "
                     "note, actor, at) VALUES (?,?,?,?,?,?,?,?)",
                     (ack.fingerprint, ack.kind, ack.order_number, ack.document, ack.detail, ack.note, ack.actor,
                      ack.at))
    return ack


def notes_for(outbox: Outbox, fingerprints: Iterable[str]) -> dict[str, str]:
    """Fingerprint → the acknowledgement's note, for those acknowledged."""
    wanted = sorted(set(fingerprints))
    found: dict[str, str] = {}
    with outbox.db.read() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows = conn.execute(f"SELECT fingerprint, note, actor, at FROM reconcile_acks WHERE fingerprint IN "
                                f"({','.join('?' * len(chunk))})", chunk).fetchall()
            found.update({str(r["fingerprint"]): f"{r['note']} ({r['actor']}, {r['at']})" for r in rows})
    return found


def list_acks(outbox: Outbox) -> list[Ack]:
    with outbox.db.read() as conn:
        rows = conn.execute("SELECT * FROM reconcile_acks ORDER BY at").fetchall()
    return [Ack(**dict(r)) for r in rows]
