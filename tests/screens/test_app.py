"""The shell: navigation, the idle lock and its drafts, the command palette, help and history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from screens import app as app_module
from screens.app import SECTIONS, SETTINGS_KEY, reopen_recipe
from screens.children import ChildrenScreen
from screens.conflicts import ConflictsScreen
from screens.help import HelpScreen
from screens.history import HistoryScreen
from screens.home import HomeScreen
from screens.unlock import UnlockScreen
from store.demo import DEMO_PASSPHRASE
from store.workspace import Workspace
from tests.screens.app_support import (  # noqa: F401
    FakeClock,
    demo_home,
    demo_source,
    make_app,
    notices,
    press,
    settle,
    type_into,
)


class Drafting(Screen[None]):
    """Stands in for the SEA editor: keeps its text as a draft across the lock."""

    def __init__(self, workspace: Workspace, topic: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.topic = topic
        saved = workspace.get_local("draft:test") or {}
        self.restored = saved.get("text", "")

    def compose(self) -> ComposeResult:
        yield Input(self.restored, id="draft")

    def save_draft(self) -> None:
        self.workspace.put_local("draft:test", {"text": self.query_one(Input).value})

    def reopen(self, workspace: Workspace) -> "Drafting":
        return Drafting(workspace, topic=self.topic)


async def unlock(pilot: Any) -> None:
    await type_into(pilot, "#passphrase", DEMO_PASSPHRASE)
    await press(pilot, "enter")


async def test_home_keys_open_each_section_and_escape_comes_back(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, ChildrenScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        await press(pilot, "x")
        assert isinstance(app.screen, ConflictsScreen)
        # A section opened from another closes the first: sections sit one level above Home.
        await app.open_section("children")
        await settle(pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, ChildrenScreen]


async def test_a_missing_section_says_so_plainly(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SECTIONS, "gaps", app_module.Section("screens.no_such_module", "GapsScreen", "Gaps", "g", "x"))
    monkeypatch.setitem(SECTIONS, "sync", app_module.Section("screens.no_such_sync", "SyncScreen", "Sync", "y", "x"))
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "g")
        assert isinstance(app.screen, HomeScreen)
        assert "Gaps is not available in this build yet." in notices(app)
        await press(pilot, "y")
        assert any("fieldwork sync FOLDER" in n for n in notices(app))


async def test_idle_lock_drops_the_keys_and_unlocking_returns_to_the_same_screen(demo_home: Path) -> None:
    clock = FakeClock()
    app = make_app(demo_home, idle_clock=clock, lock_after=10)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "c")
        await press(pilot, "3")  # tracked only
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=2)
        ws = app.workspace
        assert ws is not None
        clock.advance(9)
        assert await app.check_idle_lock() is False
        assert isinstance(app.screen, ChildrenScreen)
        app.notify("A toast that names a case reference")
        clock.advance(1.5)
        assert await app.check_idle_lock() is True
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.workspace is None
        assert ws.ring is None  # keys dropped
        assert len(app.screen_stack) == 2  # nothing decrypted left underneath
        assert "Locked" in str(app.screen.query_one("#unlock-locked", Static).render())
        assert notices(app) == []  # no toast outlives the lock
        await unlock(pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, ChildrenScreen]
        assert app.screen.workspace is app.workspace and app.workspace is not ws  # type: ignore[attr-defined]


async def test_activity_postpones_the_lock(demo_home: Path) -> None:
    clock = FakeClock()
    app = make_app(demo_home, idle_clock=clock, lock_after=10)
    async with app.run_test() as pilot:
        await settle(pilot)
        clock.advance(9)
        await press(pilot, "down")
        clock.advance(9)
        assert await app.check_idle_lock() is False
        assert isinstance(app.screen, HomeScreen)


async def test_lock_keeps_a_screens_draft_and_rebuilds_it(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.workspace is not None
        await app.push_screen(Drafting(app.workspace, topic="ESN 07"))
        await type_into(pilot, "#draft", "half-written evaluation")
        await press(pilot, "ctrl+l")
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, Drafting)
        assert screen.topic == "ESN 07"
        assert screen.query_one(Input).value == "half-written evaluation"


def test_a_screen_comes_back_after_the_lock_only_through_its_own_reopen(workspace: Workspace) -> None:
    screen = Drafting(workspace, topic="ESN 12")
    rebuilt = reopen_recipe(screen)
    assert rebuilt is not None
    again = rebuilt(workspace)
    assert isinstance(again, Drafting) and again.topic == "ESN 12"
    assert reopen_recipe(HelpScreen(screen)) is None  # dialogs are not restored

    class NoReopen(Screen[None]):
        def __init__(self, workspace: Workspace, topic: str = "") -> None:
            super().__init__()
            self.workspace, self.topic = workspace, topic

    # No reading constructor arguments back from attributes: a screen says how it comes back.
    assert reopen_recipe(NoReopen(workspace, topic="ESN 12")) is None


async def test_9_a_one_off_lock_after_is_not_remembered_unless_saved(demo_home: Path) -> None:
    app = make_app(demo_home, lock_after=0.2)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.lock_after == 0.2
        assert app.workspace is not None
        assert "lock_after_minutes" not in (app.workspace.get_local(SETTINGS_KEY) or {})
    again = make_app(demo_home)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.lock_after == 10  # the default: the one-off stayed one-off
    saved = make_app(demo_home, lock_after=3, remember_lock_after=True)
    async with saved.run_test() as pilot:
        await settle(pilot)
        assert saved.workspace is not None
        assert saved.workspace.get_local(SETTINGS_KEY) == {"lock_after_minutes": 3.0}
    last = make_app(demo_home)
    async with last.run_test() as pilot:
        await settle(pilot)
        assert last.lock_after == 3


async def test_9_a_theme_picked_is_remembered_on_this_laptop(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await settle(pilot)
    again = make_app(demo_home)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"


async def test_9_exports_default_to_the_documents_folder_then_the_last_one_used(demo_home: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from screens import settings
    from screens.findings import FindingsScreen, PathForm

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(settings, "documents_folder", lambda: documents)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # never the current directory
    app = make_app(demo_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "f", "k")
        form = app.screen
        assert isinstance(form, PathForm)
        box = form.query_one(Input)
        assert Path(box.value).parent == documents
        chosen = tmp_path / "exports"
        chosen.mkdir()
        box.value = str(chosen / "kit.md")
        await press(pilot, "enter")
        assert isinstance(app.screen, FindingsScreen) and (chosen / "kit.md").exists()
        await press(pilot, "k")
        assert Path(app.screen.query_one(Input).value).parent == chosen


async def test_command_palette_jumps_to_a_child_by_case_reference(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.workspace is not None
        ref = sorted(r.payload["case_ref"] for r in app.workspace.records("child"))[-1]
        await press(pilot, "ctrl+p")
        for key in f"child {ref}":
            await pilot.press("space" if key == " " else "minus" if key == "-" else key)
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChildrenScreen)
        record = app.workspace.get(screen.current_id() or "")
        assert record is not None and record.payload["case_ref"] == ref


async def test_help_lists_the_keys_of_the_screen_underneath(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Keys: Children" in text and "Promote" in text and "Command palette" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, ChildrenScreen)


async def test_history_of_a_child_shows_each_version_and_what_changed(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "c", "3", "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count >= 4
        assert str(table.get_row_at(0)[3]) == "created"
        assert "stage" in str(table.get_row_at(1)[3])
        table.move_cursor(row=1)
        await pilot.pause()
        change = str(screen.query_one("#history-change", Static).render())
        assert "Deep-dive list → Shortlisted 20" in change


async def test_everyday_actions_reach_the_other_screens(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.raise_concern()
        await settle(pilot)
        assert any(type(s).__name__ == "ConcernsScreen" for s in app.screen_stack)
        await press(pilot, "f2")
        assert isinstance(app.screen, HomeScreen)
        await press(pilot, "n")
        assert type(app.screen).__name__ == "SeaEditorScreen"


async def test_mouse_clicks_a_section_on_home(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#home-menu")
        index = menu.get_option_index("go:children")  # type: ignore[attr-defined]
        # The screen line the option starts on: options can wrap, and separators take a line.
        row = next(y for y, (option, line) in enumerate(menu._lines) if option == index and line == 0)  # type: ignore[attr-defined]
        await pilot.click(menu, offset=(5, row))
        await settle(pilot)
        assert isinstance(app.screen, ChildrenScreen)


async def test_no_screenshot_command_writes_decrypted_screens_to_disk(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Quit" in titles and "Screenshot" not in titles


async def test_a_partnership_audit_offers_the_case_audit_and_an_inspection_does_not(tmp_path: Path, demo_home: Path) -> None:
    from fieldwork import records as rec
    from tests.conftest import PASSPHRASE

    home = tmp_path / "audit"
    Workspace.create(
        home,
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Testshire", theme="Neglect", notified="2026-11-10",
                                          packs=["somerset-partnership-audit"], mode="audit"),
        me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
    ).close()
    app = make_app(home, passphrase=PASSPHRASE)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#home-menu")
        assert menu.get_option_index("go:audit") >= 0  # type: ignore[attr-defined]
        await press(pilot, "a")
        assert type(app.screen).__name__ == "AuditScreen"
    inspection = make_app(demo_home)
    async with inspection.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(inspection.screen, HomeScreen)
        assert any("not part of this inspection" in n for n in notices(inspection))


async def test_8_help_has_a_title_in_words_and_no_key_this_mode_lacks(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Case audit" not in shown  # `a` opens nothing on an inspection
        await press(pilot, "escape", "s", "n", "f1")
        head = str(app.screen.query(".help-head").first().render())
        assert head == "Keys: SEA entry editor"
