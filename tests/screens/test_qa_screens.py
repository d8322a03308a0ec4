"""A partnership's quality assurance in the app, through Pilot: audit Home (this quarter's calendar,
activities in progress, actions due, reports due), an activity, the action list and the calendar,
each at 80x24. Made-up case references, job titles and initials only; a fixed today."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import DataTable, Input, OptionList, Static

from fieldwork.activities import ActivityEdit
from screens.qa import ActionsScreen, ActivitiesScreen, CalendarScreen, QaHomeScreen
from store import activities
from store.workspace import Workspace
from tests.store.test_audit import make_audit

TODAY = date(2026, 11, 16)  # quarter 3 of the partnership's year 2026-27
JTAI_TERMS = re.compile(r"notified|\bday \d+|tracked|sampled|para 78|\bKIT\b|findings meeting|letter of findings",
                        re.IGNORECASE)


class QaApp(App[None]):
    """Just enough app to host the screens, as the shell does (`app.workspace`, `app.today()`)."""

    def __init__(self, workspace: Workspace, screen: type) -> None:
        super().__init__()
        self.workspace = workspace
        self.start = screen

    def today(self) -> date:
        return TODAY

    def on_mount(self) -> None:
        self.push_screen(self.start(self.workspace))


def qa_workspace(home: Path) -> Workspace:
    ws = make_audit(home)
    q2 = activities.save(ws, "case-audit", ActivityEdit(
        theme="Neglect in under-fives", month="2026-07", completed="2026-07-28", source="priorities",
        priority="safe-start", cases=["CR-104233", "CR-104234"],
        responses=[("Police", "Attended every strategy meeting.")],
        findings=["Fathers were rarely invited to core groups."], learning="Invite fathers from the first meeting."))
    activities.save(ws, "case-audit", ActivityEdit(theme="Exploitation and reduced timetables", month="2026-10",
                                                   status="in-progress", priority="safe-community",
                                                   cases=["CR-104235"]))
    activities.save(ws, "s11", ActivityEdit(theme="Section 11 cycle 2026", month="2026-10", status="in-progress",
                                            ratings=[("Police", "leadership", "met"), ("Health", "culture", "partly met")]))
    late = activities.add_action(ws, activity=q2.id, owner_agency="Police", owner_title="Detective inspector",
                                 due="2026-10-01", text="Brief all teams on the neglect tool.")
    activities.add_action(ws, activity=q2.id, owner_agency="Health", owner_title="Named nurse", due="2026-12-01",
                          text="Audit the use of the neglect tool.")
    done = activities.add_action(ws, activity=q2.id, owner_agency="Education", owner_title="Designated safeguarding lead",
                                 due="2026-09-30", text="School contact forms to ask about fathers.")
    activities.action_done(ws, done.id, "New form in use in every school.", date(2026, 9, 20))
    reviewed = activities.add_action(ws, activity=q2.id, owner_agency="Children's social care",
                                     owner_title="Team manager", due="2026-09-01", text="Invite fathers to core groups.")
    activities.action_done(ws, reviewed.id, "Core group template changed.", date(2026, 8, 20))
    activities.action_review(ws, reviewed.id, "partly", date(2026, 10, 10))
    assert late.payload["state"] == "open"
    return ws


def lines(app: App[Any]) -> str:
    menu = app.screen.query_one(OptionList)
    return "\n".join(str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count))


async def test_audit_home_shows_the_quarter_and_never_a_jtai_term(home: Path) -> None:
    ws = qa_workspace(home)
    try:
        app = QaApp(ws, QaHomeScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            text = lines(app) + str(app.screen.query_one("#home-today", Static).render())
            assert "quarter 3" in text
            assert "Multi-Agency Audit (Q3) — in-progress" in text
            assert "Section 11 audit: Section 11 cycle 2026" in text
            assert "OVERDUE 2026-10-01  Detective inspector, Police" in text
            assert "to review  Designated safeguarding lead" in text
            assert "SSCP Executive: exception report" in text
            assert not JTAI_TERMS.search(text), JTAI_TERMS.search(text)
    finally:
        ws.close()


async def test_the_action_list_marks_overdue_and_shows_the_chosen_action(home: Path) -> None:
    ws = qa_workspace(home)
    try:
        app = QaApp(ws, ActionsScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert "4 · 1 overdue" in str(screen.query_one("#qa-title", Static).render())
            table = screen.query_one(DataTable)
            assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
                "reviewed (partly)", "done", "OVERDUE", "open"]
            await pilot.press("down", "down")
            await pilot.pause()
            assert "Brief all teams" in str(screen.query_one("#qa-detail", Static).render())
    finally:
        ws.close()


async def test_an_activity_shows_in_full_when_chosen(home: Path) -> None:
    ws = qa_workspace(home)
    try:
        app = QaApp(ws, ActivitiesScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            detail = str(app.screen.query_one("#qa-detail", Static).render())
            assert "Multi-Agency Audit: Neglect in under-fives" in detail
            assert "Police: Attended every strategy meeting." in detail
            await pilot.press("down", "down")
            await pilot.pause()
            detail = str(app.screen.query_one("#qa-detail", Static).render())
            assert "Leadership and governance: Police met" in detail
    finally:
        ws.close()


def _snap(snap_compare, home: Path, screen: type, press: tuple[str, ...] = ()) -> bool:  # type: ignore[no-untyped-def]
    ws = qa_workspace(home)

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        if press:
            await pilot.press(*press)

    try:
        return bool(snap_compare(QaApp(ws, screen), terminal_size=(80, 24), run_before=before))
    finally:
        ws.close()


def test_audit_home_at_80_by_24(snap_compare, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert _snap(snap_compare, home, QaHomeScreen)


def test_an_activity_at_80_by_24(snap_compare, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert _snap(snap_compare, home, ActivitiesScreen)


def test_the_action_list_at_80_by_24(snap_compare, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert _snap(snap_compare, home, ActionsScreen, ("down", "down"))


def test_the_calendar_at_80_by_24(snap_compare, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert _snap(snap_compare, home, CalendarScreen)


async def test_an_action_is_done_then_reviewed_from_the_keyboard(home: Path) -> None:
    from screens.audit import ChoiceScreen
    from screens.concerns import ConcernForm

    ws = qa_workspace(home)
    try:
        app = QaApp(ws, ActionsScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("down", "down", "d")  # the overdue action
            await pilot.pause()
            assert isinstance(app.screen, ConcernForm)
            await pilot.press("enter")  # empty evidence is refused, the form stays
            await pilot.pause()
            assert isinstance(app.screen, ConcernForm) and "evidence" in str(app.screen.query_one("#form-error").render())
            app.screen.query_one(Input).value = "Briefing slides and the attendance list."
            await pilot.press("enter")
            await pilot.pause()
            late = next(r for r in activities.actions(ws) if r.payload["owner_title"] == "Detective inspector")
            assert (late.payload["state"], late.payload["done_on"]) == ("done", TODAY.isoformat())
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.press("down", "enter")  # met -> partly met
            await pilot.pause()
            late = ws.require(late.id)
            assert (late.payload["state"], late.payload["impact"]) == ("reviewed", "partly")
            assert "0 overdue" in str(app.screen.query_one("#qa-title", Static).render())
    finally:
        ws.close()


async def test_a_report_is_written_from_home(home: Path, tmp_path: Path) -> None:
    from screens.audit import ExportForm

    ws = qa_workspace(home)
    try:
        app = QaApp(ws, QaHomeScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            await pilot.press("down", "enter")  # the QA subgroup, then the Audit subgroup
            await pilot.pause()
            assert isinstance(app.screen, ExportForm)
            app.screen.query_one(Input).value = str(tmp_path / "audit-subgroup.md")
            await pilot.press("enter")
            await pilot.pause()
        text = (tmp_path / "audit-subgroup.md").read_text(encoding="utf-8")
        assert text.startswith("# Exception report to the SSCP Audit subgroup")
    finally:
        ws.close()


async def test_each_priority_across_quarters(home: Path) -> None:
    from screens.qa import TrendScreen

    ws = qa_workspace(home)
    try:
        app = QaApp(ws, TrendScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            text = str(app.screen.query_one("#qa-trend", Static).render())
            assert "Safe Start to Life\n2026-27 Q2  " in text
            assert "Positive Mental Health and Emotional Wellbeing\n  no activity recorded" in text
    finally:
        ws.close()


async def test_the_app_opens_an_audit_on_its_quarter_and_every_qa_section(tmp_path: Path) -> None:
    from store.audit_demo import build_audit_demo
    from tests.conftest import PASSPHRASE
    from tests.screens.app_support import make_app, press, settle

    build_audit_demo(tmp_path / "qa", PASSPHRASE, today=TODAY).close()
    app = make_app(tmp_path / "qa", passphrase=PASSPHRASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QaHomeScreen)
        for key, cls in (("v", ActivitiesScreen), ("p", ActionsScreen), ("k", CalendarScreen)):
            await press(pilot, key)
            assert isinstance(app.screen, cls), app.screen
            await press(pilot, "escape")
            assert isinstance(app.screen, QaHomeScreen)
