"""Para 81 in the app (issue 16): Retention, one key from Home and in the command palette. My
records go out as the encrypted archive with its recovery code shown once; closing the laptop
checks the team's bundle and the archive, asks once more, wipes with the CLI's own functions and
exits. Snapshots at 80x24 of the screen and its export form (the documents folder fixed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.command import Provider
from textual.widgets import Input, Static

from fieldwork import archive as arc
from fieldwork.errors import FieldworkError
from screens import settings
from screens.commands import FieldworkCommands
from screens.concerns import ConcernForm
from screens.dialogs import Ask, Confirm
from screens.retention import RetentionScreen
from store import archive
from store.demo import DEMO_PASSPHRASE
from store.keyring import keyring_path
from store.workspace import Workspace
from tests.screens.app_support import demo_home, demo_source, make_app, open_with, press, settle  # noqa: F401

CODE = re.compile(r"^  (\S+)$", re.MULTILINE)


def shown_code(question: str) -> str:
    """The recovery code as the dialog lays it out, a few words a line."""
    return "".join(CODE.findall(question))


def _error(screen: Any) -> str:
    return str(screen.query_one("#form-error", Static).render())


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    monkeypatch.setattr(settings, "documents_folder", lambda: folder)
    return folder


async def test_my_records_are_archived_with_the_code_shown_once(demo_home: Path, documents: Path, tmp_path: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_with(pilot, "r", RetentionScreen)
        assert app.focused is screen.query_one("#retention-menu")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, ConcernForm)
        assert app.focused is form.query_one("#field-folder")
        assert form.query_one("#field-folder", Input).value == str(documents)
        me = str(app.workspace.me["name"]).lower()
        assert form.query_one("#field-name", Input).value == f"{me}-records"
        form.query_one("#field-folder", Input).value = str(tmp_path / "no-such-folder")
        await press(pilot, "ctrl+s")
        assert app.screen is form and "There is no folder" in _error(form)
        assert not list(tmp_path.glob("**/*.fwarchive"))
        form.query_one("#field-folder", Input).value = str(tmp_path)
        await press(pilot, "ctrl+s")
        dialog = app.screen
        assert isinstance(dialog, Ask) and "shown only this once" in dialog.question
        code = shown_code(dialog.question)
        assert len(code.split("-")) == arc.CODE_WORDS
        await press(pilot, "enter")
        assert app.screen is screen
        # Gone once read: nothing on the screen or in a toast repeats it.
        assert code not in str(screen.query_one("#retention-done", Static).render())
        assert all(code not in str(n.message) for n in app._notifications)
        assert settings.read(app.workspace)["export_folder"] == str(tmp_path.resolve())
    content = archive.open_archive(tmp_path / f"{me}-records.fwarchive", code)
    assert content["scope"] == "mine" and content["records"]
    assert (tmp_path / f"{me}-records.md").exists()


async def test_the_sea_is_the_leads_to_export(demo_home: Path, documents: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_with(pilot, "r", RetentionScreen)
        await press(pilot, "s")  # the demo's laptop is the lead's
        form = app.screen
        assert isinstance(form, ConcernForm) and form.query_one("#field-name", Input).value == "sea-retention"
        form.query_one("#field-folder", Input).value = str(tmp_path)
        await press(pilot, "ctrl+s")
        code = shown_code(app.screen.question)  # type: ignore[attr-defined]
        await press(pilot, "enter")
        assert {r["kind"] for r in archive.open_archive(tmp_path / "sea-retention.fwarchive", code)["records"]} == {"sea"}

        monkeypatch.setattr(Workspace, "is_lead", property(lambda self: False))
        await press(pilot, "escape", "r")
        screen = app.screen
        assert isinstance(screen, RetentionScreen)
        assert screen.query_one("#retention-menu").get_option("export:sea").disabled  # type: ignore[attr-defined]
        await press(pilot, "s")
        assert app.screen is screen and any("Only the lead" in str(n.message) for n in app._notifications)


async def test_closing_checks_first_asks_once_more_then_wipes_and_exits(demo_home: Path, tmp_path: Path) -> None:
    from sync.folder import sync_folder

    ws = Workspace.open(demo_home, DEMO_PASSPHRASE)
    try:
        made, _, _ = archive.export(ws, tmp_path / "ab-records")
        stick = tmp_path / "stick"
        stick.mkdir()
        sync_folder(ws, stick)
    finally:
        ws.close()
    bundle = next(stick.glob("*.fwbundle"))

    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_with(pilot, "r", RetentionScreen)
        await press(pilot, "w")
        form = app.screen
        assert isinstance(form, ConcernForm) and app.focused is form.query_one("#field-bundle")
        form.query_one("#field-bundle", Input).value = str(tmp_path / "none.fwbundle")
        form.query_one("#field-archive", Input).value = str(made)
        await press(pilot, "ctrl+s")
        assert app.screen is form and "Nothing was wiped" in _error(form)
        form.query_one("#field-bundle", Input).value = str(bundle)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, Confirm) and "never be opened on this laptop again" in app.screen.question
        await press(pilot, "escape")  # changed my mind
        assert app.screen is screen and keyring_path(demo_home).exists()

        await press(pilot, "w")
        app.screen.query_one("#field-bundle", Input).value = str(bundle)
        app.screen.query_one("#field-archive", Input).value = str(made)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0 and app.workspace is None
    assert not keyring_path(demo_home).exists()
    with pytest.raises(FieldworkError):
        Workspace.open(demo_home, DEMO_PASSPHRASE)


async def test_the_palette_offers_retention_on_an_inspection(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider: Provider = FieldworkCommands(app.screen)
        titles = {title: run for title, run, _ in provider._commands()}
        assert {"Retention", "New SEA entry", "Raise a concern"} <= set(titles)
        titles["Retention"]()
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
        await press(pilot, "e")
        await press(pilot, "escape")  # the form, cancelled
        assert isinstance(app.screen, RetentionScreen)
        await press(pilot, "escape")  # one level back: Home
        assert type(app.screen).__name__ == "HomeScreen"
        await press(pilot, "r", "f2")
        assert type(app.screen).__name__ == "HomeScreen"


def test_retention_at_80_by_24(snap_compare: Any, demo_home: Path, documents: Path) -> None:
    async def open_it(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(make_app(demo_home), terminal_size=(80, 24), run_before=open_it)


def test_the_export_form_at_80_by_24(snap_compare: Any, demo_home: Path, documents: Path) -> None:
    async def open_it(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        # The documents folder is a temporary one: a fixed path keeps the picture the same run to run.
        pilot.app.screen.query_one("#field-folder", Input).value = "/home/ab/Documents"
        await settle(pilot)

    assert snap_compare(make_app(demo_home), terminal_size=(80, 24), run_before=open_it)
