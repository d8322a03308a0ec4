"""Unlock, first run (create or join), and the wrong passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select, SelectionList, Static

from screens.home import HomeScreen
from screens.unlock import FirstRunScreen, UnlockScreen
from store.demo import DEMO_PASSPHRASE
from store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.screens.app_support import demo_home, demo_source, make_app, press, settle, type_into  # noqa: F401


def files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.iterdir()) if p.is_file()}


async def test_right_passphrase_opens_home(demo_home: Path) -> None:
    app = make_app(demo_home, passphrase=None)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, UnlockScreen)
        # The demo's public passphrase is shown on its own unlock screen.
        assert DEMO_PASSPHRASE in str(app.screen.query_one("#unlock-demo", Static).render())
        await type_into(pilot, "#passphrase", DEMO_PASSPHRASE)
        await press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.workspace is not None and app.workspace.ring is not None


async def test_wrong_passphrase_says_so_and_changes_nothing(demo_home: Path) -> None:
    before = files(demo_home)
    app = make_app(demo_home, passphrase=None)
    async with app.run_test() as pilot:
        await type_into(pilot, "#passphrase", "not the passphrase")
        await press(pilot, "enter")
        assert isinstance(app.screen, UnlockScreen)
        message = str(app.screen.query_one("#unlock-message", Static).render())
        assert "Wrong passphrase" in message and "Nothing was changed" in message
        assert app.screen.query_one("#passphrase").value == ""  # type: ignore[attr-defined]
        assert app.workspace is None
    assert files(demo_home) == before


async def test_passphrase_given_at_start_unlocks_without_asking(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_wrong_passphrase_given_at_start_asks_for_it_and_changes_nothing(demo_home: Path) -> None:
    before = files(demo_home)
    app = make_app(demo_home, passphrase="not the passphrase")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        message = str(app.screen.query_one("#unlock-message", Static).render())
        assert "Wrong passphrase" in message and "Nothing was changed" in message
        assert app.workspace is None
        assert files(demo_home) == before
        await type_into(pilot, "#passphrase", DEMO_PASSPHRASE)
        await press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        # Home sits where the prompt was: one step up from the app's base screen, as after typing.
        assert len(app.screen_stack) == 2


async def test_passphrase_given_at_start_draws_no_prompt(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prompts: list[UnlockScreen] = []
    original = UnlockScreen.__init__

    def record(self: UnlockScreen, *args: object, **kwargs: object) -> None:
        prompts.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(UnlockScreen, "__init__", record)
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "HomeScreen"]
    assert prompts == []


async def fill_new_inspection(pilot, first: str, second: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(pilot.app.screen, FirstRunScreen)
    for selector, text in (("#new-area", "Northshire"), ("#new-theme", "Neglect"), ("#new-notified", "2026-11-10"),
                           ("#new-initials", "QX"), ("#new-pass", first), ("#new-pass2", second)):
        await type_into(pilot, selector, text)
    await pilot.click("#create")


async def test_first_run_creates_an_inspection_with_me_as_lead(home: Path) -> None:
    app = make_app(home, passphrase=None)
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.query_one("#new-inspectorate", Select).value = "cqc"
        app.screen.query_one("#new-packs", SelectionList).select("jtai-neglect")
        await fill_new_inspection(pilot, PASSPHRASE, PASSPHRASE)
        await settle(pilot)
        await written_down(pilot, lead=True)
        assert isinstance(app.screen, HomeScreen)
        ws = app.workspace
        assert ws is not None
        assert ws.inspection["area"] == "Northshire"
        assert ws.inspection["packs"] == ["jtai-2016-front-door", "jtai-neglect"]
        assert ws.me == {**ws.me, "name": "QX", "inspectorate": "cqc", "role": "lead"}
    reopened = Workspace.open(home, PASSPHRASE)
    try:
        assert reopened.inspection["notified"] == "2026-11-10"
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("short", "short", "at least 8"), ("password1", "password1", "too easy to guess"), (PASSPHRASE, PASSPHRASE + "x", "differ")],
)
async def test_first_run_refuses_a_bad_passphrase_and_creates_nothing(home: Path, first: str, second: str, expected: str) -> None:
    app = make_app(home, passphrase=None)
    async with app.run_test(size=(100, 40)) as pilot:
        await fill_new_inspection(pilot, first, second)
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        assert expected in str(app.screen.query_one("#first-message", Static).render())
    assert not Workspace.exists(home)


async def test_joining_with_an_invite(tmp_path: Path, workspace: Workspace) -> None:
    from sync.invite import make_invite

    invite = tmp_path / "invite.bin"
    invite.write_bytes(make_invite(workspace, "one-time invite words", name="CD", inspectorate="ofsted"))
    home = tmp_path / "mine"
    app = make_app(home, passphrase=None)
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.query_one("#first-tabs").active = "tab-join"  # type: ignore[attr-defined]
        await pilot.pause()
        await type_into(pilot, "#join-file", str(invite))
        await type_into(pilot, "#join-invite-pass", "one-time invite words")
        await type_into(pilot, "#join-initials", "CD")
        await type_into(pilot, "#join-pass", PASSPHRASE)
        await type_into(pilot, "#join-pass2", PASSPHRASE)
        await pilot.click("#join")
        await settle(pilot)
        await written_down(pilot, lead=False)
        assert isinstance(app.screen, HomeScreen)
        assert app.workspace is not None
        assert app.workspace.inspection_id == workspace.inspection_id
        assert app.workspace.me["name"] == "CD"
        assert not app.workspace.is_lead


async def test_a_partnership_auditor_joins_by_agency(tmp_path: Path, workspace: Workspace) -> None:
    from textual.widgets import Select

    from screens.unlock import AUDITOR_CHOICE  # noqa: F401 - the choice the person reads
    from sync.invite import make_invite

    invite = tmp_path / "invite.bin"
    invite.write_bytes(make_invite(workspace, "one-time invite words", name="GH", agency="Health"))
    app = make_app(tmp_path / "auditor", passphrase=None)
    async with app.run_test(size=(80, 24)) as pilot:
        # From the keyboard alone: Ctrl+O opens the join tab and puts the cursor in its first field.
        await press(pilot, "ctrl+o")
        assert app.screen.query_one("#first-tabs").active == "tab-join"  # type: ignore[attr-defined]
        assert app.focused is not None and app.focused.id == "join-file"
        await press(pilot, "ctrl+n")
        assert app.screen.query_one("#first-tabs").active == "tab-new"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+o")
        await type_into(pilot, "#join-file", str(invite))
        await type_into(pilot, "#join-invite-pass", "one-time invite words")
        await type_into(pilot, "#join-initials", "GH")
        app.screen.query_one("#join-inspectorate", Select).value = ""
        await type_into(pilot, "#join-pass", PASSPHRASE)
        await type_into(pilot, "#join-pass2", PASSPHRASE)
        await pilot.click("#join")
        await settle(pilot)
        # No inspectorate and no agency: refused in words, nothing created.
        assert not isinstance(app.screen, HomeScreen)
        assert not (tmp_path / "auditor" / "keyring.json").exists()
        await type_into(pilot, "#join-agency", "Health")
        await pilot.click("#join")
        await settle(pilot)
        await written_down(pilot, lead=False)
        assert isinstance(app.screen, HomeScreen)
        assert app.workspace is not None
        assert app.workspace.me["agency"] == "Health" and app.workspace.me["inspectorate"] == ""


async def test_a_damaged_store_is_refused_plainly(demo_home: Path) -> None:
    (demo_home / "store.db").write_bytes(b"this is not a database" * 100)
    for leftover in ("store.db-wal", "store.db-shm"):
        (demo_home / leftover).unlink(missing_ok=True)
    app = make_app(demo_home, passphrase=None)
    async with app.run_test() as pilot:
        await type_into(pilot, "#passphrase", DEMO_PASSPHRASE)
        await press(pilot, "enter")
        assert isinstance(app.screen, UnlockScreen)
        message = str(app.screen.query_one("#unlock-message", Static).render())
        assert "could not be opened" in message and "Nothing was changed" in message

async def written_down(pilot: Any, *, lead: bool) -> None:
    """The recovery code (and a new lead's paper key) is shown once, before Home."""
    from textual.widgets import Static as _Static

    from screens.dialogs import Ask

    screen = pilot.app.screen
    assert isinstance(screen, Ask)
    text = " ".join(str(w.render()) for w in screen.query(_Static))
    assert "Recovery code" in text and "shown only this once" in text
    assert ("fieldwork-paper-key/v1" in text) is lead
    await press(pilot, "enter")
    await settle(pilot)
