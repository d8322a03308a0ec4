"""Conflicts: the versions side by side, keep one, or write a merged version."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TextArea

from fieldwork.word_diff import diff, differing
from screens.conflicts import ConflictsScreen, MergeScreen, head_view, winner_of
from screens.dialogs import Confirm
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
        merge.query_one(TextArea).text = "Strategy discussions were timely; the plan was not reviewed when circumstances changed."
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        assert ws.conflict_count() == 0
        record = ws.get(conflict.record)
        assert record is not None
        assert record.payload["text"].startswith("Strategy discussions were timely")
        assert len(ws.history(conflict.record)[-1].parents) == 2


async def test_3_a_merge_starts_from_the_winners_text_never_both_joined(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflicts(pilot)
        ws = screen.workspace
        (conflict,) = ws.conflicts()
        winner = winner_of(conflict)
        other = next(h for h in conflict.heads if h is not winner)
        await press(pilot, "m")
        merge = app.screen
        assert isinstance(merge, MergeScreen)
        assert merge.query_one(TextArea).text == winner.payload["text"]
        beside = str(merge.query_one("#m-passages", Static).render())
        for piece in differing(winner.payload["text"], other.payload["text"]):
            assert (piece.theirs or piece.mine) in beside
        await press(pilot, "ctrl+s")  # unedited: the winner's text, with both heads as parents
        record = ws.get(conflict.record)
        assert record is not None and record.payload["text"] == winner.payload["text"]


async def test_3_the_side_by_side_view_marks_the_words_that_differ(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflicts(pilot)
        (conflict,) = screen.workspace.conflicts()
        winner = winner_of(conflict)
        other = next(h for h in conflict.heads if h is not winner)
        view = head_view(screen.workspace, conflict, other, 2)
        marked = {view.plain[span.start:span.end] for span in view.spans if "reverse" in str(span.style)}
        assert marked
        for piece in diff(other.payload["text"], winner.payload["text"]):
            if not piece.same and piece.mine:
                assert piece.mine in marked


async def test_8_no_keep_keys_are_offered_without_a_conflict(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_conflicts(pilot)
        await press(pilot, "1", "enter")
        assert screen.workspace.conflict_count() == 0
        assert not [b for b in app.active_bindings.values() if b.binding.action.startswith(("keep", "merge"))]
