"""The plan screen, driven with Pilot: a day of the plan with its para 25 checks, moving between
days, one inspector's day, the para 67 checklist and sufficiency; reached from Home by `p`. Plus
an 80x24 snapshot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from fieldwork import plan
from fieldwork import records as rec
from screens.plan import PlanScreen
from store import allocation as store_allocation
from store import children
from store import gaps as store_gaps
from store import plan as store
from store import voice as store_voice
from store.workspace import Workspace
from tests.screens.app_support import demo_home, demo_source, make_app, open_with  # noqa: F401
from tests.screens.test_gaps_screen import Harness

TODAY = date(2026, 11, 24)


def seed(ws: Workspace) -> dict[str, str]:
    """Three activities on Tuesday, one on Wednesday; a second inspector, CD."""
    ws.put("inspector", rec.inspector_payload(name="CD", inspectorate="cqc"))
    children.add(ws, {"case_ref": "CR-104233", "stage": "tracked"})
    day = "2026-11-24"
    ids = {
        "interview": store.add(ws, {"type": "interview", "day": day, "start": "09:30", "end": "10:30", "place": "Civic Centre",
                                    "meeting": ["Social worker", "Team manager"], "inspectors": ["AB"], "children": ["CR-104233"]}).id,
        "visit": store.add(ws, {"type": "visit", "day": day, "start": "10:40", "end": "11:30", "place": "Family home",
                                "family": True, "support": "not-needed", "inspectors": ["AB"]}).id,
        "call": store.add(ws, {"type": "call", "day": day, "start": "14:00", "end": "14:30", "place": "phone",
                               "meeting": ["Designated nurse"], "roles_given": True, "inspectors": ["CD"]}).id,
        "dcs": store.add(ws, {"type": "interview", "day": "2026-11-25", "start": "09:00", "end": "10:00", "place": "Council offices",
                              "meeting": ["Director of children's services"], "leaders": ["dcs"], "roles_given": True,
                              "inspectors": ["AB", "CD"]}).id,
    }
    store_gaps.set_sufficient(ws, "ESN 01")
    return ids


def plan_app(ws: Workspace) -> Harness:
    return Harness(ws, lambda w: PlanScreen(w, today=TODAY))


def _text(app: Harness, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_a_day_with_its_checks_then_the_next_day_and_one_inspector(workspace: Workspace) -> None:
    ids = seed(workspace)
    app = plan_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#plan-day", DataTable)
        assert [r.key.value for r in table.ordered_rows] == [ids["interview"], ids["visit"], ids["call"]]
        assert "Tue 24 Nov 2026 · whole team · 3 activities · 2 with checks" in _text(app, "#plan-title")
        assert str(table.get_cell(ids["interview"], "checks")) == "! managers +1"
        assert str(table.get_cell(ids["call"], "place")) == "By phone"
        detail = _text(app, "#plan-detail-text")
        assert "Practitioners are to be met separately from their managers (para 25)." in detail
        await pilot.press("down")
        assert "AB has 10 minutes to get from Civic Centre to Family home" in _text(app, "#plan-detail-text")
        await pilot.press("right")
        assert [r.key.value for r in table.ordered_rows] == [ids["dcs"]]
        assert "Wed 25 Nov 2026" in _text(app, "#plan-title")
        await pilot.press("left", "i", "i")  # whole team -> AB -> CD
        assert "Tue 24 Nov 2026 · CD · 1 activity" in _text(app, "#plan-title")
        assert [r.key.value for r in table.ordered_rows] == [ids["call"]]


async def test_leaders_checklist_allocation_and_sufficiency(workspace: Workspace) -> None:
    seed(workspace)
    store_allocation.allocate(workspace, child="CR-104233", inspectors=["AB"])
    app = plan_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        allocated = app.screen.query_one("#plan-allocation", DataTable)
        assert allocated.has_focus and "1 children and groups · 1 with checks" in _text(app, "#plan-title")
        assert str(allocated.get_cell("0", "who")) == "AB"
        assert "tracked by one inspector only" in _text(app, "#plan-detail-text")
        await pilot.press("l")
        leaders = app.screen.query_one("#plan-leaders", DataTable)
        assert leaders.has_focus
        assert "1 of 16 booked" in _text(app, "#plan-title")
        assert str(leaders.get_cell("dcs", "mark")) == "[x]" and str(leaders.get_cell("dcs", "who")) == "AB CD"
        assert "Nobody is booked to meet this leader yet." in _text(app, "#plan-detail-text")  # the chief executive
        await pilot.press("u")
        criteria = app.screen.query_one("#plan-criteria", DataTable)
        assert str(criteria.get_cell("ESN 01", "ok")) == "yes (AB)"
        assert str(criteria.get_cell("ESN 02", "ok")) == "gap"


async def test_children_voice_and_evaluations(workspace: Workspace) -> None:
    seed(workspace)
    children.add(workspace, {"case_ref": "CR-104240", "stage": "tracked"})
    store_voice.record_consent(workspace, "CR-104233", child="given", carer="not-possible",
                               reason="Parent in hospital this week", confirmed_on="2026-11-20", today=TODAY)
    store_voice.record_spoken(workspace, "CR-104233", on="2026-11-23", how="in-person", feedback_to_agency=True, today=TODAY)
    app = plan_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        table = app.screen.query_one("#plan-voice", DataTable)
        assert [r.key.value for r in table.ordered_rows] == ["CR-104233", "CR-104240"]
        assert str(table.get_cell("CR-104233", "consent")) == "given / n/p"
        assert str(table.get_cell("CR-104233", "spoken")) == "1"
        assert str(table.get_cell("CR-104233", "evaluation")) == "awaited"
        detail = _text(app, "#plan-detail-text")
        assert "Agency's reason: Parent in hospital this week" in detail
        assert "Spoken with 2026-11-23 in person by AB; feedback to the agency" in detail
        assert "No joint evaluation received; it was due by day 7 (2026-11-19)." in detail
        await pilot.press("down")
        assert "Consent from the child and from the parent or carer not both known yet" in _text(app, "#plan-detail-text")


async def test_the_lead_moves_an_activity_saying_why(workspace: Workspace) -> None:
    from textual.widgets import Input, TextArea

    from screens.concerns import ConcernForm

    ids = seed(workspace)
    app = plan_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "m")  # the visit after the interview: 10 minutes to cross town
        assert isinstance(app.screen, ConcernForm)
        app.screen.query_one("#field-start", Input).value = "11:00"
        app.screen.query_one("#field-end", Input).value = "12:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Say why the activity moves" in str(app.screen.query_one("#form-error", Static).render())
        app.screen.query_one("#field-reason", TextArea).text = "More time to travel from the Civic Centre"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        table = app.screen.query_one("#plan-day", DataTable)
        assert str(table.get_cell(ids["visit"], "time")) == "11:00-12:00"
        assert str(table.get_cell(ids["visit"], "checks")) == "ok"  # the travel warning is gone
    history = workspace.history(ids["visit"])
    assert len(history) == 2 and history[-1].changes["reason"]["to"] == "More time to travel from the Civic Centre"


async def test_the_lead_adds_an_activity_and_its_checks_show(workspace: Workspace) -> None:
    from textual.widgets import Input

    from screens.concerns import ConcernForm

    seed(workspace)
    app = plan_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        assert isinstance(app.screen, ConcernForm)
        form = app.screen
        for name, value in (("start", "11:35"), ("end", "12:15"), ("place", "Police station"),
                            ("meeting", "Police constable; Public protection unit manager"), ("inspectors", "AB")):
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        table = app.screen.query_one("#plan-day", DataTable)
        assert table.row_count == 4
        new = next(a for a in store.activities(workspace) if a.place == "Police station")
        assert new.day == "2026-11-24" and new.type == "interview"
        # The visit before it ends 11:30 at the family home: 5 minutes to get there; and the
        # constable is met with the unit manager (para 25).
        checks = {w.check for w in plan.warnings_for(app.screen.warnings, new)}
        assert {"travel", "managers", "roles"} <= checks


async def test_an_empty_plan_says_how_to_start(workspace: Workspace) -> None:
    app = plan_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No activities planned yet" in _text(app, "#plan-title")
        assert "fieldwork plan add" in _text(app, "#plan-detail-text")
        await pilot.press("right", "i")  # nothing to move to; no error


async def test_home_opens_the_plan_with_p(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await open_with(pilot, "p", PlanScreen)


def test_the_plan_at_80x24(snap_compare, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    seed(workspace)
    assert snap_compare(plan_app(workspace), terminal_size=(80, 24))


def test_the_new_activity_form_at_80x24(snap_compare, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    seed(workspace)
    assert snap_compare(plan_app(workspace), terminal_size=(80, 24), press=["n"])
