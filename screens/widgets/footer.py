"""The footer every Fieldwork screen uses: its keys in compact form, so a busy screen's keys fit
80 columns, and no command-palette hint when the terminal is narrower than that (Ctrl+P still
works, and ? lists it), so at 60 columns the screen's own keys keep the room."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

PALETTE_HINT_FROM = 80  # columns


class KeysFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        self.show_command_palette = event.size.width >= PALETTE_HINT_FROM
