"""Conflicts: the versions side by side, keep one, or write a merged version."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TextArea

from screens.conflicts import Confirm, ConflictsScreen, MergeScreen, merge_texts
from tests.screens.app_support import demo_home, demo_source, make_app, notices, open_with, press  # noqa: F401


async def open_conflicts(pilot) -> ConflictsScreen:  # type: ignore[no-untyped-def]
    return await open_with(pilot, "x", ConflictsScreen)


async def test_keep_one_version_resolves_the_conflict(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflicts(pilot)
        ws = screen.workspace
        (conflict,) = ws.conflicts()
        heads = screen.query(".head")
        assert len(heads) == 2
        first = str(heads.first().query_one(Static).render())
        assert "≠ judgement" in first and "≠ text" in first
        await press(pilot, "2")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "y")
        assert ws.conflict_count() == 0
        record = ws.get(conflict.record)
        assert record is not None and record.payload == conflict.heads[1].payload
        # Settled by a version whose parents are both heads: the other stays in the history.
        assert set(ws.history(conflict.record)[-1].parents) == {h.version for h in conflict.heads}
        assert "No conflicts" in str(screen.query_one("#conflicts-title", Static).render())
        assert any(n.startswith("Kept ") for n in notices(app))


async def test_cancel_keeps_the_conflict(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflicts(pilot)
        await press(pilot, "1", "n")
        assert screen.workspace.conflict_count() == 1


async def test_merge_writes_one_version_from_both(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflicts(pilot)
        ws = screen.workspace
        (conflict,) = ws.conflicts()
        await press(pilot, "m")
        merge = app.screen
        assert isinstance(merge, MergeScreen)
        text = merge.query_one(TextArea).text
        for head in conflict.heads:
            assert head.payload["text"].split(". ")[-1].strip(".") in text
        merge.query_one(TextArea).text = "Strategy discussions were timely; the plan was not reviewed when circumstances changed."
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        assert ws.conflict_count() == 0
        record = ws.get(conflict.record)
        assert record is not None
        assert record.payload["text"].startswith("Strategy discussions were timely")
        assert len(ws.history(conflict.record)[-1].parents) == 2


def test_merge_texts_keeps_the_shared_start_once() -> None:
    base = "Strategy discussions were timely and well attended."
    assert merge_texts([base + " Oversight was clear.", base + " The plan drifted."]) == base + " Oversight was clear. The plan drifted."
    assert merge_texts([base, base + " More."]) == base + " More."
    assert merge_texts(["One view.", "Another view."]) == "One view.\n\nAnother view."
