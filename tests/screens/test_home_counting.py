"""A store changed since the app last ran (a sync from the command line, say): Home's first frame
comes before the records are decrypted, says it is counting and shows none of the old counts;
the counts follow once the records are read, and are kept for the next start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from screens.home import HomeScreen
from screens.qa_mode import is_audit
from store.home_facts import LOCAL_KEY, kept_facts
from store.sea import add
from store.workspace import Workspace
from tests.screens.app_support import DEMO_PASSPHRASE, demo_home, demo_source, make_app, settle  # noqa: F401
from tests.screens.test_home import menu_text


def _change_the_store(home: Path) -> None:
    ws = Workspace.open(home, DEMO_PASSPHRASE)
    add(ws, {"criteria": ["7"], "judgement": "strength", "source_type": "case-file", "source_detail": "Case file",
             "evidence_at": "2026-11-16", "children": [], "text": "Strategy discussions were timely and well recorded."})
    ws.close()


def _first_home_frame(home: Path) -> tuple[Any, dict[str, Any]]:
    """An app that notes, at Home's first frame, what it showed and whether anything was decrypted."""
    seen: dict[str, Any] = {}
    app = make_app(home)
    display = app._display

    def noting(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if isinstance(screen, HomeScreen) and renderable is not None and "menu" not in seen:
            seen["menu"] = menu_text(screen)
            seen["loaded"] = bool(screen.workspace.loaded)
            seen["counting"] = screen.counting

    app._display = noting  # type: ignore[method-assign]
    return app, seen


async def _menu_after_a_start(home: Path) -> list[str]:
    app = make_app(home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        return menu_text(app.screen)


async def test_a_changed_store_draws_home_first_then_counts(demo_home: Path) -> None:
    before = await _menu_after_a_start(demo_home)  # keeps Home's facts
    _change_the_store(demo_home)
    app, seen = _first_home_frame(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        after = menu_text(screen)
        ws = screen.workspace
        assert not screen.counting and ws.loaded
        assert kept_facts(ws) is not None  # kept again, for the next start
    assert seen["counting"] and not seen["loaded"]  # nothing decrypted before the first frame
    first = "\n".join(seen["menu"])
    assert "Counting what is due" in first
    # None of the counts kept last time, which no longer hold: no due line, no "I wrote ...".
    assert not any(line.startswith(("I wrote", "!", "•")) for line in seen["menu"])
    assert "Children — tracking, sampling" in first  # the sections are there from the first frame
    wrote = [line for line in before if line.startswith("I wrote")]
    assert wrote and wrote[0] not in after and any(line.startswith("I wrote") for line in after)


async def test_an_unchanged_store_draws_its_counts_in_the_first_frame(demo_home: Path) -> None:
    await _menu_after_a_start(demo_home)
    app, seen = _first_home_frame(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert not seen["counting"] and not seen["loaded"]
    assert any(line.startswith("I wrote") for line in seen["menu"])


async def test_with_nothing_kept_home_counts_before_its_first_frame(demo_home: Path) -> None:
    await _menu_after_a_start(demo_home)
    ws = Workspace.open(demo_home, DEMO_PASSPHRASE)
    ws.delete_local(LOCAL_KEY)  # as on the first start after `fieldwork join`
    ws.close()
    app, seen = _first_home_frame(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert not seen["counting"] and seen["loaded"]  # the mode was not known without the records
    assert any(line.startswith("I wrote") for line in seen["menu"])


async def test_the_mode_kept_before_a_change_still_says_which_home(demo_home: Path) -> None:
    await _menu_after_a_start(demo_home)
    _change_the_store(demo_home)
    from screens.opening import open_workspace_parts, workspace_from

    ws = workspace_from(demo_home, open_workspace_parts(demo_home, DEMO_PASSPHRASE))
    try:
        assert kept_facts(ws) is None  # the store changed since they were kept
        assert is_audit(ws) is False
        assert not ws.loaded  # answered without decrypting anything
    finally:
        ws.close()
