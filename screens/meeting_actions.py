"""Home's line of my open meeting actions (paras 33-34: the team agrees "how best to gather further
evidence in the time remaining"): each action agreed at a meeting shows on the Home of the
inspector it is for until it is marked done (`fieldwork meeting done`, or in Meetings, key m).

A widget of its own, so Home's summary and its kept facts are untouched: right after unlocking,
Home is drawn before the records are decrypted, and this line fills in once they are."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from store.workspace import Workspace

SHOWN = 3  # the soonest due; Meetings lists them all
_WAIT = 0.25  # seconds between looks while the records are still being decrypted


class OpenActions(Static):
    DEFAULT_CSS = """
    OpenActions {
        height: auto;
        padding: 0 1;
        color: $warning;
    }
    OpenActions.-none {
        display: none;
    }
    """

    def __init__(self, workspace: "Workspace") -> None:
        super().__init__("", id="home-actions", classes="-none")
        self.workspace = workspace

    def on_mount(self) -> None:
        self.refresh_actions()

    def refresh_actions(self) -> None:
        ws = self.workspace
        if ws.ring is None:
            return  # locked
        if not ws.loaded:
            self.set_timer(_WAIT, self.refresh_actions)
            return
        from store.meetings import open_actions

        actions = open_actions(ws)
        text = Text()
        for action in actions[:SHOWN]:
            text.append("• ", style="bold")
            text.append(f"Action due {action['due']}: {action['what']}\n")
        if len(actions) > SHOWN:
            text.append(f"  and {len(actions) - SHOWN} more open actions in Meetings (m)\n", style="dim")
        text.rstrip()  # in place
        self.update(text)
        self.set_class(not actions, "-none")
