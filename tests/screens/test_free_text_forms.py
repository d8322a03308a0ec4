"""Para 80 on every form that writes free text, driven with Pilot (issue 13).

For each free-text field a form fills, a possible name typed there alone is refused on the form
in the store's words, naming the word and the field, with nothing written; Ctrl+O (never typing)
confirms the words are not names, and the next Ctrl+S saves. The names are made up and exist only
as input for the checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, RadioButton, RadioSet, Select, Static, TextArea

from fieldwork import free_text
from screens.audit import NotesForm
from screens.children import ChildForm, ChildrenScreen
from screens.concerns import ConcernForm, ConcernsScreen
from screens.findings import FindingForm, FindingsScreen, SummaryForm
from screens.plan import PlanScreen
from store import activities, children, concerns, plan, sea
from store.workspace import Workspace
from tests.screens.test_qa_screens import QaApp
from tests.store.test_audit import make_audit

NAME = "Sarah Jones"
TODAY = date(2026, 11, 24)


# Just enough of the shell to host a section and its forms (`workspace`, `today()`); a form the
# test opens itself goes over an empty screen.
Host = QaApp


@dataclass(frozen=True)
class FormCase:
    kind: str
    path: str
    setup: Callable[[Workspace], dict[str, str]]
    screen: Callable[[Workspace, dict[str, str]], Screen[Any]] | None
    open: Callable[[Pilot[Any], Host, dict[str, str]], Awaitable[None]]
    fill: dict[str, str]  # selector -> a valid value
    named: str  # the selector the name goes in
    with_name: str = f"Ask {NAME}"
    preset: Callable[[Screen[Any], dict[str, str]], None] = field(default=lambda form, ids: None)


# --- setups ----------------------------------------------------------------------------------

def _jtai(ws: Workspace) -> dict[str, str]:
    children.add(ws, {"case_ref": "CR-104233", "stage": "tracked"})
    entry, _ = sea.add(ws, {"criteria": ["ESN 07"], "judgement": "strength", "source_type": "interview",
                            "source_detail": "MASH team manager", "evidence_at": "2026-11-23T10:30",
                            "children": ["CR-104233"], "text": "Information sharing was timely and effective."})
    first = plan.add(ws, {"type": "interview", "day": "2026-11-24", "start": "09:30", "end": "10:30",
                          "place": "Civic Centre", "inspectors": ["AB"]})
    return {"sea": entry.id, "plan": first.id}


def _concern_at(step: str) -> Callable[[Workspace], dict[str, str]]:
    """A concern the lead raised, moved on to just before `step`."""

    def setup(ws: Workspace) -> dict[str, str]:
        ids = _jtai(ws)
        record = concerns.raise_concern(ws, {"case_refs": "CR-104233", "service": "Police", "category": 1,
                                             "issues": "No strategy discussion.", "referred_on": "2026-11-20",
                                             "response_due": "2026-11-26"}, today=TODAY)
        moves = [("sent", lambda: concerns.mark_sent(ws, record.id, on="2026-11-20", today=TODAY)),
                 ("responded", lambda: concerns.record_response(ws, record.id, text="Booked.", received="2026-11-21", today=TODAY)),
                 ("evaluated", lambda: concerns.evaluate(ws, record.id, text="Adequate.", on="2026-11-22", today=TODAY)),
                 ("shared", lambda: concerns.share(ws, record.id, by="keep-in-touch meeting", on="2026-11-23", today=TODAY))]
        for name, move in moves:
            if name == step:
                break
            move()
        return {**ids, "concern": record.id}

    return setup


def _audit(ws: Workspace) -> dict[str, str]:
    made = activities.save(ws, "case-audit", activities.domain.ActivityEdit(theme="Neglect in under-fives", month="2026-07"))
    action = activities.add_action(ws, activity=made.id, owner_agency="Police", owner_title="Detective inspector",
                                   due="2026-10-01", text="Brief all teams on the neglect tool.")
    return {"activity": made.id, "action": action.id}


# --- openers ---------------------------------------------------------------------------------

def keys(*pressed: str) -> Callable[[Pilot[Any], Host, dict[str, str]], Awaitable[None]]:
    async def open_(pilot: Pilot[Any], app: Host, ids: dict[str, str]) -> None:
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()

    return open_


def call(make: Callable[[Host, dict[str, str]], None]) -> Callable[[Pilot[Any], Host, dict[str, str]], Awaitable[None]]:
    async def open_(pilot: Pilot[Any], app: Host, ids: dict[str, str]) -> None:
        await pilot.pause()
        make(app, ids)
        await pilot.pause()
        await pilot.pause()  # a ChoiceScreen first, for a new activity
        if not isinstance(app.screen, ConcernForm):
            await pilot.press("enter")
            await pilot.pause()

    return open_


def _pick_finding_evidence(form: Screen[Any], ids: dict[str, str]) -> None:
    assert isinstance(form, FindingForm)
    form.query_one("#field-type", Select).value = "strength"
    form.chosen = {ids["sea"]}


def _category_one(form: Screen[Any], ids: dict[str, str]) -> None:
    form.query_one("#field-category", RadioSet).query(RadioButton).first().value = True


def _plan(ws: Workspace, ids: dict[str, str]) -> Screen[Any]:
    return PlanScreen(ws, today=TODAY)


def _concerns(ws: Workspace, ids: dict[str, str]) -> Screen[Any]:
    return ConcernsScreen(ws, today=TODAY)


def _findings(ws: Workspace, ids: dict[str, str]) -> Screen[Any]:
    return FindingsScreen(ws, today=TODAY)


def _children(ws: Workspace, ids: dict[str, str]) -> Screen[Any]:
    return ChildrenScreen(ws, today=TODAY)


def _activity_form(app: Host, ids: dict[str, str]) -> None:
    from screens.qa_forms import new_activity

    new_activity(app, app.workspace)


def _action_form(app: Host, ids: dict[str, str]) -> None:
    from screens.qa_forms import new_action

    new_action(app, app.workspace, ids["activity"])


def _evidence_form(app: Host, ids: dict[str, str]) -> None:
    from screens.qa_forms import action_done

    action_done(app, app.workspace, ids["action"])


def _audit_screen(ws: Workspace, ids: dict[str, str]) -> Screen[Any]:
    from screens.audit import AuditScreen

    return AuditScreen(ws)


NEW_PLAN = {"#field-start": "11:35", "#field-end": "12:15", "#field-place": "Police station", "#field-inspectors": "AB"}
RAISE = {"#field-case_refs": "CR-104233", "#field-service": "Police", "#field-issues": "Not seen.",
         "#field-response_due": "2026-11-26"}
ACTION = {"#field-owner_agency": "Police", "#field-owner_title": "Team manager", "#field-due": "2026-12-01",
          "#field-text": "Audit the cases."}
NOTES = {"#notes-good_practice": "Seen weekly.", "#notes-development": "", "#notes-recommendation": ""}

FORMS: list[FormCase] = [
    FormCase("plan-activity", "place", _jtai, _plan, keys("n"), NEW_PLAN, "#field-place", f"{NAME}'s office"),
    FormCase("plan-activity", "meeting[]", _jtai, _plan, keys("n"), NEW_PLAN, "#field-meeting", f"Social worker; {NAME}"),
    FormCase("plan-activity", "agencies[]", _jtai, _plan, keys("n"), NEW_PLAN, "#field-agencies", f"Police; {NAME}"),
    FormCase("plan-activity", "note", _jtai, _plan, keys("n"), NEW_PLAN, "#field-note"),
    FormCase("plan-activity", "reason", _jtai, _plan, keys("m"), {"#field-start": "11:00", "#field-end": "12:00"},
             "#field-reason", f"{NAME} is late"),
    FormCase("finding", "scope", _jtai, _findings, keys("n"), {"#field-scope": "Police", "#field-text": "Timely sharing."},
             "#field-scope", NAME, _pick_finding_evidence),
    FormCase("finding", "text", _jtai, _findings, keys("n"), {"#field-scope": "partnership", "#field-text": "Timely."},
             "#field-text", f"{NAME} shared on time.", _pick_finding_evidence),
    FormCase("letter-summary", "text", _jtai, _findings, keys("m"), {"#field-summary": ""}, "#field-summary",
             f"Thanks to {NAME}."),
    FormCase("concern", "service", _jtai, _concerns, keys("n"), RAISE, "#field-service", NAME, _category_one),
    FormCase("concern", "issues", _jtai, _concerns, keys("n"), RAISE, "#field-issues", f"{NAME} was not seen.", _category_one),
    FormCase("concern", "response", _concern_at("responded"), _concerns, keys("r"), {}, "#field-text", f"{NAME} will call."),
    FormCase("concern", "evaluation", _concern_at("evaluated"), _concerns, keys("e"), {}, "#field-text", f"{NAME} answered."),
    FormCase("concern", "shared_by", _concern_at("shared"), _concerns, keys("enter"), {}, "#field-by", f"email to {NAME}"),
    FormCase("concern", "chief_officer", _concern_at("signed-off"), _concerns, keys("o"), {}, "#field-chief_officer", NAME),
    FormCase("child", "agencies[]", _jtai, _children, keys("a"), {"#f-case_ref": "CR-104299"}, "#f-agencies", f"Police; {NAME}"),
    FormCase("activity", "theme", _audit, None, call(_activity_form), {"#field-theme": "Neglect", "#field-month": "2027-01"},
             "#field-theme", f"{NAME}'s family"),
    FormCase("activity", "findings[]", _audit, None, call(_activity_form),
             {"#field-theme": "Neglect", "#field-month": "2027-01"}, "#field-finding", f"{NAME} was seen."),
    FormCase("activity", "learning", _audit, None, call(_activity_form),
             {"#field-theme": "Neglect", "#field-month": "2027-01"}, "#field-learning", f"Ask {NAME}."),
    FormCase("action", "owner_agency", _audit, None, call(_action_form), ACTION, "#field-owner_agency", NAME),
    FormCase("action", "owner_title", _audit, None, call(_action_form), ACTION, "#field-owner_title", NAME),
    FormCase("action", "text", _audit, None, call(_action_form), ACTION, "#field-text", f"Ask {NAME}."),
    FormCase("action", "evidence", _audit, None, call(_evidence_form), {}, "#field-evidence", f"{NAME}'s briefing notes"),
    FormCase("case-domain", "good_practice", _audit, _audit_screen, keys("e", "enter"), NOTES, "#notes-good_practice"),
    FormCase("case-domain", "development", _audit, _audit_screen, keys("e", "enter"), NOTES, "#notes-development"),
    FormCase("case-domain", "recommendation", _audit, _audit_screen, keys("e", "enter"), NOTES, "#notes-recommendation"),
]

FORM_SCREENS = (ConcernForm, FindingForm, SummaryForm, ChildForm, NotesForm)


@pytest.fixture
def audit_ws(tmp_path: Path) -> Iterator[Workspace]:
    ws = make_audit(tmp_path / "audit")
    yield ws
    if ws.ring is not None:
        ws.close()


def _set(screen: Screen[Any], selector: str, value: str) -> None:
    widget = screen.query_one(selector)
    if isinstance(widget, TextArea):
        widget.load_text(value)
    else:
        assert isinstance(widget, Input), selector
        widget.value = value


def _error(screen: Screen[Any]) -> str:
    for selector in ("#form-error", "#child-form-message", "#notes-error"):
        found = screen.query(selector)
        if found:
            return str(found.first(Static).render())
    raise AssertionError("no error line on the form")


@pytest.mark.parametrize("case", FORMS, ids=lambda c: f"{c.kind}:{c.path}")
async def test_a_name_in_the_field_is_refused_on_the_form_until_ctrl_o(case: FormCase, workspace: Workspace,
                                                                        audit_ws: Workspace) -> None:
    ws = audit_ws if case.setup is _audit else workspace
    ids = case.setup(ws)
    app = Host(ws, (lambda w: Screen()) if case.screen is None else (lambda w: case.screen(w, ids)))  # type: ignore[misc]
    label = dict(free_text.fields(case.kind))[case.path]
    async with app.run_test(size=(100, 40)) as pilot:
        await case.open(pilot, app, ids)
        form = app.screen
        assert isinstance(form, FORM_SCREENS), type(form)
        case.preset(form, ids)
        for selector, value in case.fill.items():
            _set(form, selector, value)
        _set(form, case.named, case.with_name)
        await pilot.pause()
        before = ws.version_count()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "a possible name was saved without a confirmation"
        refused = _error(form)
        assert re.search(r"Possible personal name '[^']*Sarah Jones[^']*'", refused) and f"in the {label}" in refused, refused
        assert "Ctrl+O" in refused and "--confirm-no-names" not in refused
        assert ws.version_count() == before
        await pilot.press("ctrl+o")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form, _error(form)
        assert ws.version_count() > before


async def test_typing_never_confirms_and_a_changed_word_needs_confirming_again(workspace: Workspace) -> None:
    ids = _jtai(workspace)
    app = Host(workspace, lambda w: PlanScreen(w, today=TODAY))
    async with app.run_test(size=(100, 40)) as pilot:
        await keys("m")(pilot, app, ids)
        form = app.screen
        assert isinstance(form, ConcernForm)
        _set(form, "#field-reason", f"{NAME} is late")
        await pilot.press("ctrl+s", "ctrl+o")
        _set(form, "#field-reason", "Sarah Brown is late")  # another name: the confirmation was for the first
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "'Sarah Brown'" in _error(form)
        form.query_one("#field-reason", TextArea).focus()
        await pilot.press("space", "o", "k")  # typing, space included, gives no confirmation
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form


async def test_the_first_run_refuses_a_theme_that_looks_like_a_name(tmp_path: Path) -> None:
    """Ctrl+O is Join on the first-run screen: a theme that looks like a name is refused there and
    confirmed where the inspection can also be made, 'fieldwork init --confirm-no-names'."""
    from screens.unlock import FirstRunScreen
    from tests.conftest import PASSPHRASE
    from tests.screens.app_support import make_app, settle, type_into

    home = tmp_path / "new"
    app = make_app(home, passphrase=None)
    async with app.run_test(size=(100, 40)) as pilot:
        for selector, text in (("#new-area", "Northshire"), ("#new-theme", f"Children known to {NAME}"),
                               ("#new-notified", "2026-11-10"), ("#new-initials", "QX"), ("#new-pass", PASSPHRASE),
                               ("#new-pass2", PASSPHRASE)):
            await type_into(pilot, selector, text)
        await pilot.click("#create")
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        message = str(app.screen.query_one("#first-message", Static).render())
        assert "Possible personal name" in message and "in the inspection's theme" in message
        assert "fieldwork init" in message and "--confirm-no-names" in message
    assert not Workspace.exists(home)
