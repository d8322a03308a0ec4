"""Children: add by case reference only, move between stages, filter, and the balance warnings."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from screens.children import ChildForm, ChildrenScreen, MoveTo
from store import children
from store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.screens.app_support import demo_home, demo_source, make_app, open_with, press, type_into  # noqa: F401


def shown_refs(screen: ChildrenScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


def select(screen: ChildrenScreen, case_ref: str) -> None:
    record = children.find(screen.workspace, case_ref)
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(record.id))


async def open_children(pilot) -> ChildrenScreen:  # type: ignore[no-untyped-def]
    return await open_with(pilot, "c", ChildrenScreen)


async def test_add_a_child_by_case_reference_and_refuse_a_name(workspace: Workspace) -> None:
    home = workspace.home
    workspace.close()
    app = make_app(home, passphrase=PASSPHRASE)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_children(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, ChildForm)
        await type_into(pilot, "#f-case_ref", "Jane Smith")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ChildForm)  # refused, form kept open
        message = str(app.screen.query_one("#child-form-message", Static).render())
        assert "case reference" in message and "not a case reference" in message
        await type_into(pilot, "#f-case_ref", "cr-104233")
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        assert shown_refs(screen) == ["CR-104233"]
        assert app.workspace is not None
        assert children.find(app.workspace, "CR-104233").payload["stage"] == "deep-dive"


async def test_move_a_child_along_the_stages_with_keys(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_children(pilot)
        ws = screen.workspace
        ref = next(r.payload["case_ref"] for r in ws.records("child") if r.payload["stage"] == "deep-dive")
        select(screen, ref)
        await press(pilot, "greater_than_sign")
        assert children.find(ws, ref).payload["stage"] == "shortlisted"
        await press(pilot, "greater_than_sign")
        assert children.find(ws, ref).payload["stage"] == "tracked"
        await press(pilot, "less_than_sign")
        assert children.find(ws, ref).payload["stage"] == "shortlisted"
        await press(pilot, "m")
        assert isinstance(app.screen, MoveTo)
        await press(pilot, "4")
        assert children.find(ws, ref).payload["stage"] == "sampled"
        # The cursor stays on the child that moved.
        assert ws.get(screen.current_id() or "").payload["case_ref"] == ref  # type: ignore[union-attr]
        # Each move is a version in the child's history.
        assert [e.payload["stage"] for e in ws.history(children.find(ws, ref).id)][-4:] == ["shortlisted", "tracked", "shortlisted", "sampled"]


async def test_filters_by_stage_key_and_by_text(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_children(pilot)
        ws = screen.workspace
        everyone = shown_refs(screen)
        assert len(everyone) == 60
        await press(pilot, "3")
        tracked = sorted(r.payload["case_ref"] for r in ws.records("child") if r.payload["stage"] == "tracked")
        assert shown_refs(screen) == tracked
        await press(pilot, "0", "slash")
        await type_into(pilot, "#children-filter", "probation")
        with_probation = sorted(r.payload["case_ref"] for r in ws.records("child") if r.payload["probation"])
        assert shown_refs(screen) == with_probation
        await type_into(pilot, "#children-filter", tracked[0].lower())
        assert shown_refs(screen) == [tracked[0]]
        await press(pilot, "escape")  # clears the filter, back to the table
        assert len(shown_refs(screen)) == 60
        assert screen.query_one(DataTable).has_focus


async def test_balance_warns_when_tracked_is_outside_five_to_seven_without_probation(workspace: Workspace) -> None:
    for n in range(4):
        children.add(workspace, {"case_ref": f"CR-10000{n}", "stage": "tracked", "gender": ("female", "male")[n % 2]})
    home = workspace.home
    workspace.close()
    app = make_app(home, passphrase=PASSPHRASE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_children(pilot)
        strip = str(screen.query_one("#children-warnings", Static).render())
        assert "4 children are tracked: paras 21 and 55 ask for 5 to 7." in strip
        panel = str(screen.query_one("#balance-tracked", Static).render())
        assert "No tracked child has National Probation Service or CRC involvement" in panel
        assert "female 2" in panel
        # Track a fifth, with probation involvement: both warnings go.
        children.add(screen.workspace, {"case_ref": "CR-100009", "stage": "shortlisted", "probation": "yes", "gender": "male"})
        screen.refresh_rows()
        select(screen, "CR-100009")
        await press(pilot, "greater_than_sign")
        panel = str(screen.query_one("#balance-tracked", Static).render())
        assert "are tracked" not in panel and "Probation" not in panel
        assert "probation/CRC involved: 1" in panel


async def test_balance_panel_is_toggled_with_b_on_a_narrow_terminal(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_children(pilot)
        balance = screen.query_one("#balance")
        table = screen.query_one(DataTable)
        assert not balance.display or balance.region.width == 0
        await press(pilot, "b")
        assert balance.region.width > 0 and table.region.width == 0
        await press(pilot, "b")
        assert table.region.width > 0
