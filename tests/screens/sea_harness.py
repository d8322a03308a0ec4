"""A small app that shows one SEA screen on a workspace, and fixed data to show, for the SEA
screen tests (and for running the screens by hand: `python -m tests.screens.sea_harness HOME`).

Everything is made up: case references of the CR-###### form, inspectors by initials only, and
fixed dates and recording times, so snapshots do not change from day to day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, TextArea

from fieldwork import records as rec

TODAY = date(2026, 11, 25)  # a Wednesday of the on-site week

CHILDREN = ("CR-104233", "CR-104299", "CR-200117", "CR-310045")

# (criteria, judgement, source, detail, evidence, recorded, children, agencies, text, author)
ENTRIES: tuple[tuple[Any, ...], ...] = (
    (["ESN 07"], "strength", "case-file", "Social worker", "2026-11-23T10:30", "2026-11-23T16:00",
     ["CR-104233"], ["Police", "Children's social care"],
     "Information sharing between police and children's social care was timely and effective: "
     "the strategy discussion happened the same day and the child was safer as a result.", "AB"),
    (["ESN 13", "ESN 09"], "development", "observation", "Strategy meeting", "2026-11-23",
     "2026-11-24T09:00", ["CR-104299", "CR-200117"], ["Health visiting"],
     "Strategy discussions did not consistently include health, which weakened the analysis "
     "of risk for younger children.", "CD"),
    (["ESN 17"], "concern", "interview", "Team manager", "2026-11-18", "2026-11-24T11:00",
     [], ["Children's social care"],
     "Supervision was infrequent and did not challenge drift in plans; workers were not "
     "helped to reflect on risk.", "AB"),
    (["ESN 22"], "context", "document", "LSCB annual report", "2026-11-20", "2026-11-23T08:00",
     [], ["LSCB"], "The LSCB has a new independent chair since the spring.", "CD"),
)


def seed(ws: Any) -> dict[str, str]:
    """Team, children and the entries above; returns {initials: inspector id}."""
    from store import children, sea
    from store.workspace import Change

    from store.team import enrol

    team = {"AB": ws.me_id}
    member = enrol(ws, name="CD", inspectorate="cqc")
    team["CD"] = member[0]
    keys = {"AB": None, "CD": member}
    for ref in CHILDREN:
        children.add(ws, {"case_ref": ref, "stage": "tracked"})
    rules = sea.rules(ws)
    for criteria, judgement, source, detail, evidence, recorded, refs, agencies, text, by in ENTRIES:
        payload = rec.sea_payload({
            "criteria": criteria, "judgement": judgement, "source_type": source,
            "source_detail": detail, "evidence_at": evidence, "recorded_at": recorded,
            "children": refs, "agencies": agencies, "text": text,
        }, rules)
        ws.write([Change("sea", payload)], as_identity=keys[by])
    return team


@pytest.fixture
def team(workspace: Any) -> dict[str, str]:
    """The harness's fixed entries in the test's workspace; {initials: inspector id}."""
    return seed(workspace)


@pytest.fixture
def no_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Filter and check on every change, and save drafts only when asked: no timers to wait for."""
    from screens.sea_editor import SeaEditorScreen
    from screens.sea_list import SeaListScreen

    monkeypatch.setattr(SeaListScreen, "DEBOUNCE", 0)
    monkeypatch.setattr(SeaEditorScreen, "CHECK_DEBOUNCE", 0)
    monkeypatch.setattr(SeaEditorScreen, "DRAFT_EVERY", 3600.0)


class Harness(App[None]):
    """Shows one screen, in the app's theme, with no cursor blink (snapshots are stills)."""

    def __init__(self, make: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self._make = make

    def on_mount(self) -> None:
        from screens.app import FIELDWORK_THEME

        self.register_theme(FIELDWORK_THEME)
        self.theme = "fieldwork"
        self.push_screen(self._make())

    def on_descendant_focus(self) -> None:
        self.still()

    def still(self) -> None:
        for widget in self.screen.query("Input, TextArea"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False


if __name__ == "__main__":  # pragma: no cover - for looking at the screens by hand
    import os
    import sys
    from pathlib import Path

    from store.workspace import Workspace

    home = Path(sys.argv[1])
    passphrase = "correct horse battery staple"
    os.environ.setdefault("FIELDWORK_KDF", "fast")
    if Workspace.exists(home):
        ws = Workspace.open(home, passphrase)
    else:
        ws = Workspace.create(home, passphrase, inspection=rec.inspection_payload(
            area="Testshire", theme="Neglect", notified="2026-11-10",
            packs=["jtai-2016-front-door", "jtai-neglect"]),
            me=rec.inspector_payload(name="AB", inspectorate="ofsted"))
        seed(ws)
    from screens.sea_editor import SeaEditorScreen
    from screens.sea_list import SeaListScreen

    if "--editor" in sys.argv:
        Harness(lambda: SeaEditorScreen(ws, today=TODAY)).run()
    else:
        Harness(lambda: SeaListScreen(ws)).run()
    ws.close()
