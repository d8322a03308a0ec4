"""The audit screen driven with the keyboard through Pilot: grade a case, write a domain's notes,
export the report; and how it looks at 80x24. Made-up case references only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import DataTable, Input, Static, TextArea

from screens.audit import AuditScreen, ChoiceScreen, ExportForm, NotesForm
from store import audit, sea
from store.workspace import Workspace
from tests.store.test_audit import make_audit, ws  # noqa: F401 - ws is the same audit fixture


class AuditApp(App[None]):
    """Just enough app to host the screen, as the shell does (`app.workspace`)."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def on_mount(self) -> None:
        self.push_screen(AuditScreen(self.workspace))


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_setting_a_grade_with_the_keyboard(ws: Workspace) -> None:
    app = AuditApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        assert "3 cases, 3 not graded" in text_of(screen, "#audit-title")
        assert "Good 0" in text_of(screen, "#audit-grades")
        await pilot.press("down")  # the second case, CR-104234
        await pilot.press("g")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "down", "enter")  # outstanding -> good -> requires improvement
        assert app.screen is screen
        assert audit.case(ws, "CR-104234").grade == "requires-improvement"
        assert audit.case(ws, "CR-104233").grade is None
        table = screen.query_one(DataTable)
        assert str(table.get_row("" + audit.case(ws, "CR-104234").child_id)[1]) == "Requires improvement"
        grades = text_of(screen, "#audit-grades")
        assert "Requires improvement 1" in grades and "2 not graded" in text_of(screen, "#audit-title")
        # Escape in the picker changes nothing.
        await pilot.press("g", "escape")
        assert audit.case(ws, "CR-104234").grade == "requires-improvement"


async def test_writing_a_domains_notes_with_the_keyboard(ws: Workspace) -> None:
    app = AuditApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("e")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")  # the second domain: Safe in the Community
        form = app.screen
        assert isinstance(form, NotesForm)
        await pilot.press(*"Sarah seen")
        await pilot.press("tab", *"No tool")
        await pilot.press("ctrl+s")
        # A likely name: the form stays open with the refusal shown and the typing kept.
        assert app.screen is form
        assert "Possible personal name" in text_of(form, "#notes-error")
        assert "Sarah" in text_of(form, "#notes-check")
        form.query_one("#notes-good_practice", TextArea).text = "The school was seen"
        await pilot.press("ctrl+s")
        assert app.screen is screen
        notes = audit.case(ws, "CR-104233").domain("safe-community")
        assert notes is not None
        assert (notes.good_practice, notes.development) == ("The school was seen", "No tool")
        assert "Areas for development: No tool" in text_of(screen, "#audit-detail-text")


async def test_exporting_the_report_from_the_screen(ws: Workspace, tmp_path: Path) -> None:
    audit.set_grade(ws, "CR-104233", "good")
    app = AuditApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        form = app.screen
        assert isinstance(form, ExportForm)
        path_input = form.query_one(Input)
        assert path_input.value.endswith("audit-report-somerset.docx")
        path_input.value = str(tmp_path / "nowhere" / "report.md")
        await pilot.press("enter")
        assert app.screen is form and "does not exist" in text_of(form, "#export-error")
        path_input.value = str(tmp_path / "report.md")
        await pilot.press("enter")
        assert isinstance(app.screen, AuditScreen)
    assert "### CR-104233: Good" in (tmp_path / "report.md").read_text(encoding="utf-8")


def snapshot_workspace(home: Path) -> Workspace:
    ws = make_audit(home)
    audit.set_grade(ws, "CR-104233", "good")
    audit.set_grade(ws, "CR-104234", "inadequate")
    audit.set_domain(ws, "CR-104233", "safe-start", {
        "good_practice": "Health visitor saw the baby weekly and shared concerns quickly.",
        "development": "Fathers were not invited to the core group.",
        "recommendation": "Invite fathers to every core group."})
    audit.set_domain(ws, "CR-104233", "mental-health", {"development": "No record of safeguarding supervision."})
    sea.add(ws, {"criteria": ["P1.2"], "judgement": "development", "source_type": "case-file",
                 "source_detail": "Core group minutes", "evidence_at": "2026-04-08", "children": ["CR-104233"],
                 "text": "Fathers were not included, which left the risk unassessed."})
    return ws


def test_the_audit_screen_at_80_by_24(snap_compare, home: Path) -> None:  # type: ignore[no-untyped-def]
    ws = snapshot_workspace(home)
    try:
        assert snap_compare(AuditApp(ws), terminal_size=(80, 24))
    finally:
        ws.close()


def test_the_domain_notes_form_at_80_by_24(snap_compare, home: Path) -> None:  # type: ignore[no-untyped-def]
    ws = snapshot_workspace(home)

    async def open_first_domain(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("e", "enter")

    try:
        assert snap_compare(AuditApp(ws), terminal_size=(80, 24), run_before=open_first_domain)
    finally:
        ws.close()
