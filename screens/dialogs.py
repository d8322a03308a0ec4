"""The app's dialogs, one pattern everywhere: Enter confirms, Escape cancels.

A question gets a few answers, each also on its own key; Enter gives the default answer (the first
unless said otherwise) and Escape backs out. The buttons are for the mouse and never take focus,
so Enter always means the same thing and no key typed on a dialog lands anywhere unexpected.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class _Answer(Button, can_focus=False):
    """A dialog's button: clicked, never focused."""


class Ask(ModalScreen[str | None]):
    """A question with a few answers; dismisses with the answer's value, or None on Escape."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer_default", "Confirm", priority=True),
        Binding("escape", "back_out", "Cancel", priority=True),
    ]

    def __init__(self, question: str, answers: Sequence[tuple[str, str, str]], *,
                 back: str = "Cancel", default: str | None = None, back_key: str | None = None) -> None:
        """`answers`: (key, button label, value); `back` labels Escape (`back_key` backs out
        too); `default` is the value Enter gives (the first answer's unless named)."""
        super().__init__()
        self.back_key = back_key
        self.question = question
        self.answers = tuple(answers)
        self.back = back
        self.default = default if default is not None else self.answers[0][2]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="dialog-question", markup=False)
            with Horizontal(id="dialog-buttons"):
                for key, label, value in self.answers:
                    shown = f"{label} [{'enter' if value == self.default else key}]"
                    yield _Answer(Content(shown), id=f"ask-{value}", compact=True,
                                  variant="error" if value in ("delete", "discard") else
                                  "primary" if value == self.default else "default")
                yield _Answer(Content(f"{self.back} [esc]"), id="ask-back", compact=True)

    def help_keys(self) -> list[Binding]:
        """The answers' own keys, read by `on_key` rather than bound: F1 lists them too."""
        keys = [Binding(key, "answer", label) for key, label, value in self.answers if key != "enter"]
        if self.back_key:
            keys.append(Binding(self.back_key, "back_out", self.back))
        return keys

    # Textual calls this handler of every class in the MRO: subclasses must not define their own.
    def on_key(self, event: events.Key) -> None:
        if event.key == self.back_key:
            event.stop()
            self.dismiss(None)
            return
        for key, _, value in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        value = (event.button.id or "").removeprefix("ask-")
        self.dismiss(None if value == "back" else value)

    def action_answer_default(self) -> None:
        self.dismiss(self.default)

    def action_back_out(self) -> None:
        self.dismiss(None)


class Confirm(Ask):
    """Yes or no, answered True or False: Enter (or `y`) says yes, Escape (or `n`) says no."""

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__(question, (("y", yes, "yes"),), back=no, back_key="n")

    def dismiss(self, result: Any = None) -> Any:  # type: ignore[override]
        return super().dismiss(result == "yes")  # type: ignore[arg-type]
