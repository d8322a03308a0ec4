"""The SEA screens inside the real app: reached from Home, left with Escape, and an unsaved entry
kept across the idle lock by the app's own lock and unlock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from screens.home import HomeScreen
from screens.sea_editor import SeaEditorScreen, draft_key
from screens.sea_list import SeaListScreen, SeaTable
from screens.unlock import UnlockScreen
from store.demo import DEMO_PASSPHRASE
from tests.screens.app_support import demo_home, demo_source, make_app, press, settle, type_into  # noqa: F401
from tests.screens.sea_harness import no_timers  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_timers")


async def test_home_opens_the_list_and_escape_clears_the_filter_then_goes_back(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, SeaListScreen)
        total = len(app.screen.query_one(SeaTable).rows)
        await press(pilot, "slash", *"late")
        assert 0 < len(app.screen.query_one(SeaTable).rows) < total
        await press(pilot, "escape")  # first Escape: the filter goes
        assert isinstance(app.screen, SeaListScreen)
        assert len(app.screen.query_one(SeaTable).rows) == total
        await press(pilot, "escape")  # then back to Home, as everywhere in the app
        assert isinstance(app.screen, HomeScreen)


async def test_an_unsaved_entry_comes_back_after_the_idle_lock(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "down", "n", "7", "enter")
        assert isinstance(app.screen, SeaEditorScreen)
        app.screen.query_one("#text").focus()
        await settle(pilot)
        app.post_message(events.Paste("Referrals from schools were timely and well evidenced."))
        await settle(pilot)
        await app.lock()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.workspace is None
        await type_into(pilot, "#passphrase", DEMO_PASSPHRASE)
        await press(pilot, "enter")
        editor = app.screen
        assert isinstance(editor, SeaEditorScreen)
        assert editor.query_one("#text").text == "Referrals from schools were timely and well evidenced."
        assert "Restored your unsaved draft" in str(editor.query_one("#editor-message").render())
        await press(pilot, "escape", "d")  # discard it after all
        assert isinstance(app.screen, SeaListScreen)
        assert app.workspace is not None and app.workspace.get_local(draft_key(None)) is None
