"""What a push did, for the CLI summary, the console's progress bar and the logs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PushReport:
    """Event ids per outcome of one push (an event appears once, under its latest outcome)."""

    posted: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    review: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    """event id → the reason it failed or will be retried (Intacct's own words where it answered)."""
    rounds: int = 0
    writes_sent: int = 0
    cancelled: bool = False

    def note(self, event_id: int, outcome: str, reason: str = "") -> None:
        for bucket in (self.posted, self.failed, self.retry, self.review, self.skipped):
            if event_id in bucket:
                bucket.remove(event_id)
        getattr(self, outcome).append(event_id)
        if reason:
            self.errors[event_id] = reason
        else:
            self.errors.pop(event_id, None)

    @property
    def done(self) -> int:
        return len(self.posted) + len(self.failed) + len(self.review) + len(self.skipped)

    @property
    def ok(self) -> bool:
        return not self.failed

    def lines(self) -> list[str]:
        head = (f"posted {len(self.posted)}, failed {len(self.failed)}, retry later {len(self.retry)}, "
                f"held for review {len(self.review)}, skipped {len(self.skipped)}"
                + (" (cancelled)" if self.cancelled else ""))
        return [head] + [f"event {i}: {self.errors[i]}" for i in sorted(self.failed) if i in self.errors]


Progress = Callable[[PushReport], None]
"""Called after every wave and round with the report so far (the console draws its progress from it)."""
