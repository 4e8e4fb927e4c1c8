"""The header line: which way the console runs, the receiver, the Intacct session and the counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from console.status import Status


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "no session"
    minutes = int(seconds // 60)
    return f"session {minutes} min old"


class StatusBar(Static):
    """One or two lines; the counts are what an operator checks first in the morning."""

    def show(self, status: Status) -> None:
        text = Text()
        text.append(f" {status.mode.upper()} ", style="bold reverse")
        text.append("  receiver ")
        text.append(status.receiver)
        text.append(" listening" if status.listening else " not listening",
                    style="bold green" if status.listening else "bold red")
        text.append(f"\n Intacct {_age(status.session_age)}  ·  ")
        text.append(f"review {status.review}", style="bold yellow" if status.review else "")
        text.append("  ·  ")
        text.append(f"needs action {status.needs_action}", style="bold yellow reverse" if status.needs_action else "")
        text.append("  ·  ")
        text.append(f"failed {status.failed}", style="bold red" if status.failed else "")
        text.append(f"  ·  posted today {status.posted_today}")
        text.append(f"  ·  config {status.config}")
        self.update(text)


class Banner(Static):
    """Red while any webhook of ours is disabled or paused; hidden otherwise."""

    def show(self, status: Status) -> None:
        message = status.banner()
        self.update(message)
        self.display = bool(message)
