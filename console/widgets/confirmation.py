"""Modal questions for actions that cannot be taken back (after posting's ``ConfirmationModal``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class ConfirmationModal(ModalScreen[bool]):
    """Yes / no; ``y`` and ``n`` answer from the keyboard, escape is no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Do nothing"),
    ]

    def __init__(self, question: str, confirm_label: str = "Yes") -> None:
        super().__init__(classes="modal")
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.confirm_label} (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ReasonModal(ModalScreen[str | None]):
    """Asks why (a skip's reason goes into the audit log); escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reason.cancel", tooltip="Do nothing")]

    def __init__(self, question: str, placeholder: str = "reason (required)", ok_label: str = "Skip") -> None:
        super().__init__(classes="modal")
        self.question = question
        self.placeholder, self.ok_label = placeholder, ok_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            yield Input(placeholder=self.placeholder, id="reason")
            with Horizontal(classes="buttons"):
                yield Button(self.ok_label, variant="error", id="ok")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._finish(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._finish(self.query_one("#reason", Input).value)
        else:
            self.dismiss(None)

    def _finish(self, value: str) -> None:
        if value.strip():
            self.dismiss(value.strip())
        else:
            self.notify("A note is required: it goes into the audit log.", severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)
