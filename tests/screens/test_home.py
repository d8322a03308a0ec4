"""Home: today as a day of the inspection, and what is due (paras 9, 74, 78)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from screens.conflicts import ConflictsScreen
from screens.home import HomeScreen, summarise
from store import children
from store.workspace import Workspace
from tests.screens.app_support import demo_home, demo_source, make_app, press, settle  # noqa: F401


def menu_text(screen: HomeScreen) -> list[str]:
    menu = screen.query_one(OptionList)
    return [str(menu.get_option_at_index(n).prompt) for n in range(menu.option_count)]


async def test_home_says_the_day_the_phase_and_what_is_due(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        today = str(screen.query_one("#home-today", Static).render())
        assert today.startswith("Wednesday 25 November 2026 — day 11 of the inspection: on site")
        assert "Next: day 12" in str(screen.query_one("#home-next", Static).render())
        lines = "\n".join(menu_text(screen))
        assert "recorded more than 2 working days after the evidence (para 78)" in lines
        assert "tracked child allocated over 2 working days ago with no SEA entry yet: CR-" in lines
        assert "await a written response (para 74)" in lines and "overdue" in lines
        assert "1 record was edited differently on two laptops" in lines
        assert "I wrote" in lines and "allocated to me" in lines


async def test_a_due_line_opens_its_section(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one(OptionList)
        index = next(n for n in range(menu.option_count) if (menu.get_option_at_index(n).id or "").endswith(":conflicts"))
        menu.highlighted = index
        await press(pilot, "enter")
        assert isinstance(app.screen, ConflictsScreen)


def test_summary_counts_what_it_says(workspace: Workspace) -> None:
    from store.sea import add

    me = workspace.me_id
    children.add(workspace, {"case_ref": "CR-100001", "stage": "tracked", "allocated": me})
    children.add(workspace, {"case_ref": "CR-100002", "stage": "tracked", "allocated": me})
    add(
        workspace,
        {"criteria": ["7"], "judgement": "strength", "source_type": "case-file", "source_detail": "Case file",
         "evidence_at": "2026-11-16", "children": ["CR-100002"], "text": "Strategy discussions were timely and well recorded."},
    )
    # Allocation happened today (the store's clock), so nothing is due yet...
    allocated = date.today()
    now = summarise(workspace, allocated)
    assert not any("tracked" in line.text for line in now.due)
    # ...three working days later the tracked child with no entry is.
    later = summarise(workspace, workspace_calendar_add(workspace, allocated, 3))
    (line,) = [line for line in later.due if "tracked" in line.text]
    assert line.text.endswith(": CR-100001") and line.target == "children"
    assert "I wrote 1 SEA entry · 2 children are allocated to me (2 tracked)" == later.mine


def workspace_calendar_add(ws: Workspace, day: date, n: int) -> date:
    from store.sea import calendar

    return calendar(ws).add_working_days(day, n)


def settle_then(*keys: str) -> Any:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await press(pilot, *keys)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_home_snapshot(demo_home: Path, snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_home), terminal_size=size, run_before=settle_then())


async def test_a_second_start_draws_home_from_kept_facts_then_decrypts(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import store.home_facts
    from screens import home

    async def start() -> tuple[list[str], bool]:
        app = make_app(demo_home)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HomeScreen)
            return menu_text(screen), bool(app.workspace and app.workspace.loaded)

    first, _ = await start()
    computed: list[object] = []
    real = store.home_facts.facts_of
    monkeypatch.setattr(home, "facts_of", lambda ws: computed.append(ws) or real(ws))
    second, loaded = await start()
    assert computed == []  # nothing recomputed: the store had not changed
    assert second == first
    assert loaded  # and the records were decrypted once Home was drawn


async def test_a_store_changed_between_starts_recomputes_home(demo_home: Path) -> None:
    from store.sea import add
    from tests.screens.app_support import DEMO_PASSPHRASE

    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = "\n".join(menu_text(app.screen))  # type: ignore[arg-type]
    ws = Workspace.open(demo_home, DEMO_PASSPHRASE)
    add(ws, {"criteria": ["7"], "judgement": "strength", "source_type": "case-file", "source_detail": "Case file",
             "evidence_at": "2026-11-16", "children": [], "text": "Strategy discussions were timely and well recorded."})
    ws.close()
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        after = "\n".join(menu_text(app.screen))  # type: ignore[arg-type]
    wrote = [line for line in before.splitlines() if line.startswith("I wrote")]
    assert wrote and wrote[0] not in after  # my count moved by the entry written in between
