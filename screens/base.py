"""What every Fieldwork screen and form shares.

`after_typing`: a priority binding (Ctrl+S) runs as soon as the app reads the key, while the
characters typed just before it may still wait in the focused field's queue; a save run then would
miss the end of the sentence, or check a text that is not the one on screen. Running the action
from the focused widget's own queue puts it after every key that reached it first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


def after_typing(screen: Screen[Any], callback: Callable[[], Any]) -> None:
    """Run `callback` once the focused widget has handled every key already sent to it."""
    target = screen.focused or screen
    target.call_later(callback)
