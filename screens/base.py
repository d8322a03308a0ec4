"""What every Fieldwork screen and form shares: the section base class, and running a save after
the keys typed before it.

`after_typing`: a priority binding (Ctrl+S) runs as soon as the app reads the key, while the
characters typed just before it may still wait in the focused field's queue; a save run then would
miss the end of the sentence, or check a text that is not the one on screen. Running the action
from the focused widget's own queue puts it after every key that reached it first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from store.workspace import Workspace


def after_typing(screen: Screen[Any], callback: Callable[[], Any]) -> None:
    """Run `callback` once the focused widget has handled every key already sent to it."""
    target = screen.focused or screen
    target.call_later(callback)


class SectionScreen(Screen[None]):
    """A section one level above Home (Children, SEA entries, Findings...).

    Escape goes one level back through the app's own rule (which keeps drafts and stops at Home);
    F2 goes Home from anywhere (the app's binding). After the idle lock the app rebuilds the
    section with `reopen`, on the new workspace, with the same fixed date (tests)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.back", "Back")]

    def __init__(self, workspace: "Workspace", *, today: date | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self._today = today  # fixed in tests; None follows the clock

    @property
    def today(self) -> date:
        return self._today or date.today()

    def reopen(self, workspace: "Workspace") -> Screen[Any]:
        return type(self)(workspace, today=self._today)
