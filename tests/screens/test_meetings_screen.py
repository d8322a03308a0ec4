"""The meetings screen and the read-only meeting view, driven with Pilot: the list with attendance
checks and open actions, a meeting's detail, the projector view of the feedback meeting (which
must fit 120x40 and name no child); reached from Home by `m`. Snapshots at 80x24 and 120x40."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from fieldwork import records as rec
from screens.meetings import MeetingsScreen, MeetingViewScreen
from store import children, findings, meetings, sea
from store.workspace import Workspace
from tests.screens.app_support import demo_home, demo_source, make_app, open_with  # noqa: F401
from tests.screens.test_gaps_screen import Harness

TODAY = date(2026, 11, 27)


def seed(ws: Workspace) -> dict[str, str]:
    """A CQC inspector CD; two SEA entries and two agreed findings; a team, a KIT and a feedback meeting."""
    cd = ws.put("inspector", rec.inspector_payload(name="CD", inspectorate="cqc")).record
    children.add(ws, {"case_ref": "CR-104233", "stage": "tracked", "agencies": ["Police"]})
    e1, _ = sea.add(ws, {"criteria": ["7"], "judgement": "strength", "source_type": "interview", "source_detail": "MASH team manager",
                         "evidence_at": "2026-11-23", "children": ["CR-104233"], "agencies": ["Police"],
                         "text": "Information sharing between police and children's social care was timely and effective."})
    e2, _ = sea.add(ws, {"criteria": ["12"], "judgement": "development", "source_type": "case-file", "source_detail": "Case file",
                         "evidence_at": "2026-11-23", "children": ["CR-104233"], "agencies": ["Health"],
                         "text": "Health practitioners were not invited to the strategy discussion, so risk was not fully shared."})
    f1 = findings.add(ws, {"type": "strength", "scope": "partnership", "text": "Information is shared promptly at the front door.", "sea": [e1.id]})
    f2 = findings.add(ws, {"type": "development", "scope": "Health", "text": "Health practitioners are not routinely part of strategy discussions.", "sea": [e2.id]})
    findings.agree(ws, f1.id)
    findings.agree(ws, f2.id)
    ids = {
        "team": meetings.add(ws, {"type": "team", "on": "2026-11-24", "at": "08:30", "attendees": ["AB"],
                                  "actions": [{"for": "AB", "what": "Gather health visiting evidence", "due": "2026-11-25"}]}).id,
        "kit": meetings.add(ws, {"type": "kit", "on": "2026-11-25", "at": "09:00", "attendees": ["AB", "CD"],
                                 "present": ["Director of children's services"], "challenges": ["Leaders question the sample size"]}).id,
        "feedback": meetings.add(ws, {"type": "feedback", "on": "2026-11-27", "at": "10:00", "attendees": ["AB", "CD"],
                                      "present": ["Chair of the LSCB", "Director of children's services"], "agency_offers": ["Health"]}).id,
    }
    del cd
    return ids


def meetings_app(ws: Workspace) -> Harness:
    return Harness(ws, lambda w: MeetingsScreen(w, today=TODAY))


def _text(app: Harness, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_list_the_detail_and_the_projector_view(workspace: Workspace) -> None:
    ids = seed(workspace)
    app = meetings_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert [r.key.value for r in table.ordered_rows] == [ids["team"], ids["kit"], ids["feedback"]]
        assert "my open actions: 1" in _text(app, "#meetings-title")
        # The team meeting had no CQC inspector present (para 34).
        assert str(table.get_cell(ids["team"], "check")) == "! 1" and str(table.get_cell(ids["kit"], "check")) == "ok"
        assert str(table.get_cell(ids["team"], "actions")) == "1 open"
        detail = _text(app, "#meetings-detail-text")
        assert "Nobody from CQC is recorded as present (paras 33-34)." in detail
        assert "AB: Gather health visiting evidence by 2026-11-25 (action 1)" in detail
        await pilot.press("down")
        assert "Leaders' challenges: Leaders question the sample size" in _text(app, "#meetings-detail-text")
        await pilot.press("down", "v")
        assert isinstance(app.screen, MeetingViewScreen)
        shown = _text(app, "#meeting-view-text")
        assert shown.startswith("FEEDBACK MEETING 2026-11-27 10:00")
        # Prioritised: the area for development before the strength; the evidence as counts.
        assert shown.index("Area for development (Health)") < shown.index("Strength")
        assert "1 supporting SEA entry (1 case file); by agency: Health 1." in shown
        assert "Separate meetings offered (para 44): Health" in shown
        assert "CR-" not in shown
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingsScreen)


async def test_an_action_is_marked_done_from_the_list(workspace: Workspace) -> None:
    from screens.concerns import ConcernForm

    ids = seed(workspace)
    app = meetings_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        assert isinstance(app.screen, ConcernForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        table = app.screen.query_one(DataTable)
        assert str(table.get_cell(ids["team"], "actions")) == "-"
        assert "no open actions for me" in _text(app, "#meetings-title")
        await pilot.press("d")
        assert isinstance(app.screen, MeetingsScreen)  # nothing left to mark
    assert workspace.get(ids["team"]).payload["actions"][0]["done"] is True  # type: ignore[union-attr]


async def test_the_feedback_view_fits_a_projector_at_120x40(workspace: Workspace) -> None:
    ids = seed(workspace)
    app = Harness(workspace, lambda w: MeetingViewScreen(w, ids["feedback"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        scroll = app.screen.query_one("#meeting-view", VerticalScroll)
        assert scroll.max_scroll_y == 0  # nothing below the fold


async def test_no_meetings_yet(workspace: Workspace) -> None:
    app = meetings_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "fieldwork meeting add" in _text(app, "#meetings-detail-text")
        await pilot.press("v")
        assert isinstance(app.screen, MeetingsScreen)


async def test_home_opens_meetings_with_m(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test() as pilot:
        await open_with(pilot, "m", MeetingsScreen)


async def test_open_actions_show_on_home_for_the_inspector_they_are_for(demo_home: Path) -> None:
    from screens.home import HomeScreen
    from tests.screens.app_support import DEMO_PASSPHRASE, settle

    ws = Workspace.open(demo_home, DEMO_PASSPHRASE)
    me = ws.me["name"]
    other = next(r.payload["name"] for r in ws.records("inspector") if r.id != ws.me_id)
    meeting = meetings.add(ws, {"type": "team", "on": "2026-11-24", "attendees": [me], "actions": [
        {"for": me, "what": "Gather health visiting evidence", "due": "2026-11-26"},
        {"for": other, "what": "Read the audit of the front door", "due": "2026-11-25"}]})
    ws.close()
    app = make_app(demo_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.6)
        assert isinstance(app.screen, HomeScreen)
        line = str(app.screen.query_one("#home-actions", Static).render())
        assert line == "• Action due 2026-11-26: Gather health visiting evidence"  # mine only
        assert app.workspace is not None
        meetings.done(app.workspace, meeting.id, 1)
        await open_with(pilot, "m", MeetingsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one("#home-actions", Static).display


def test_meetings_at_80x24(snap_compare, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    seed(workspace)
    assert snap_compare(meetings_app(workspace), terminal_size=(80, 24))


def test_the_meeting_view_at_120x40(snap_compare, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    ids = seed(workspace)
    assert snap_compare(Harness(workspace, lambda w: MeetingViewScreen(w, ids["feedback"])), terminal_size=(120, 40))
