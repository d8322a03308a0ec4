"""A SelectionList whose options can be replaced on every keystroke.

A SelectionList turns the highlight it is given into a message handled later; when the options
are replaced in between (the filter above it typed into at speed) that message names an option
that is gone, and Textual raised OptionDoesNotExist out of its own handler, which ended the app
with the form's text (issue 13: the New finding crash). A stale highlight is dropped here.
Likewise Page Up/Down read a line map that is rebuilt only when the list is next drawn: pressed
straight after the options changed, Textual raised KeyError (found by the keyboard monkey), and
again before the list had any size to lay its lines out in (the long monkey run, seed 13).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.widgets import OptionList, SelectionList

T = TypeVar("T")


class Picker(SelectionList[T], Generic[T]):
    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Textual runs this handler of every class in the MRO: prevent_default keeps
        # SelectionList's own from running on an option that is gone.
        if event.option_index >= self.option_count:
            event.stop()  # the option it named was replaced before the message arrived
            event.prevent_default()

    def _move_page(self, direction: Any) -> None:
        self._update_lines()  # the line map for the options as they are now, not as last drawn
        if (self.highlighted or 0) not in self._index_to_line:
            # Not laid out yet (no size to measure lines in: just mounted, or squeezed out by a
            # resize): there is no page to move by, and Textual would raise KeyError.
            return
        super()._move_page(direction)

