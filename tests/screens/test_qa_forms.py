"""Adding a partnership's activity and an action from the app (issue 17), through the store functions
`fieldwork activity add` and `fieldwork action add` use: the name check on free text, one plain
message on bad input with the typing kept, and the command palette in audit mode offering the
audit's own commands, never the inspection's. Made-up case references and job titles only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, Static, TextArea

from screens.audit import ChoiceScreen
from screens.qa import ActionsScreen, ActivitiesScreen
from screens.qa_forms import ActionForm, ActivityForm
from store import activities
from tests.screens.test_qa_screens import JTAI_TERMS, TODAY, QaApp, _snap, qa_workspace


def _error(screen: Any) -> str:
    return str(screen.query_one("#form-error", Static).render())


async def test_an_activity_is_added_from_its_type_and_common_fields(home: Path) -> None:
    ws = qa_workspace(home)
    try:
        before = len(activities.activities(ws))
        app = QaApp(ws, ActivitiesScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.press("down", "enter")  # the second type the pack lists
            await pilot.pause()
            form = app.screen
            assert isinstance(form, ActivityForm) and form.form_title == "New: " + activities.setup(ws).activities[1].label
            assert app.focused is form.query_one("#field-theme")
            assert "activity update" in form.HELP  # what stays on the command line is said, on the form too
            assert "fieldwork activity update" in str(form.query_one("#form-help", Static).render())
            form.query_one("#field-theme", Input).value = "Journey of a family known as Sarah Jones"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form and "Possible personal name 'Sarah Jones' in the theme" in _error(form)
            form.query_one("#field-theme", Input).value = "Neglect and school attendance"
            form.query_one("#field-month", Input).value = "2026-13"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form and "month" in _error(form).lower()
            assert len(activities.activities(ws)) == before  # nothing saved by a refusal
            form.query_one("#field-month", Input).value = "2027-01"
            form.query_one("#field-finding", TextArea).text = "Attendance was not discussed at core groups."
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ActivitiesScreen)
        made = [r for r in activities.activities(ws) if r.payload["theme"] == "Neglect and school attendance"]
        assert len(made) == 1
        p = made[0].payload
        assert (p["type"], p["month"], p["status"]) == (activities.setup(ws).activities[1].id, "2027-01", "planned")
        assert p["findings"] == ["Attendance was not discussed at core groups."]
    finally:
        ws.close()


async def test_an_action_is_raised_from_the_chosen_activity(home: Path) -> None:
    ws = qa_workspace(home)
    try:
        app = QaApp(ws, ActivitiesScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            chosen = activities.activities(ws)[0]  # the first row: July's case audit
            await pilot.press("a")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, ActionForm) and app.focused is form.query_one("#field-owner_agency")
            form.query_one("#field-owner_agency", Input).value = "Health"
            form.query_one("#field-owner_title", Input).value = "Named nurse"
            form.query_one("#field-due", Input).value = "next month"
            form.query_one("#field-text", TextArea).text = "Train health visitors in the neglect tool."
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form and "date" in _error(form).lower()
            form.query_one("#field-due", Input).value = "2027-02-01"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ActivitiesScreen)
        made = [r.payload for r in activities.actions(ws, chosen.id) if r.payload["text"].startswith("Train health")]
        assert len(made) == 1
        assert (made[0]["owner_agency"], made[0]["owner_title"], made[0]["due"], made[0]["priority"], made[0]["state"]) == (
            "Health", "Named nurse", "2027-02-01", "medium", "open")
    finally:
        ws.close()


async def test_a_flagged_word_is_saved_only_once_confirmed_not_a_name(home: Path) -> None:
    ws = qa_workspace(home)
    try:
        count = len(activities.actions(ws))
        app = QaApp(ws, ActivitiesScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            form = app.screen
            form.query_one("#field-owner_agency", Input).value = "Health"
            form.query_one("#field-owner_title", Input).value = "Ward manager"
            form.query_one("#field-due", Input).value = "2027-02-01"
            form.query_one("#field-text", TextArea).text = "Brief the Mary Seacole ward team on the neglect tool."
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form and "Ctrl+O" in _error(form) and len(activities.actions(ws)) == count
            await pilot.press("ctrl+o", "ctrl+s")  # a ward's name, not a person's: confirmed on purpose
            await pilot.pause()
            assert isinstance(app.screen, ActivitiesScreen)
        made = next(r.payload for r in activities.actions(ws) if r.payload["owner_title"] == "Ward manager")
        assert made["confirmed_no_names"] is True
    finally:
        ws.close()


async def test_the_action_list_raises_one_from_an_activity_chosen_first(home: Path) -> None:
    ws = qa_workspace(home)
    try:
        count = len(activities.actions(ws))
        app = QaApp(ws, ActionsScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen)
            await pilot.press("enter")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, ActionForm)
            form.query_one("#field-owner_agency", Input).value = "Police"
            form.query_one("#field-owner_title", Input).value = "Detective sergeant"
            form.query_one("#field-due", Input).value = "2027-03-01"
            form.query_one("#field-text", TextArea).text = "Share the strategy meeting checklist."
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ActionsScreen)
            assert f"Action plans · {count + 1}" in str(app.screen.query_one("#qa-title", Static).render())
    finally:
        ws.close()


async def test_the_palette_in_audit_mode_offers_the_audits_commands_only(tmp_path: Path) -> None:
    from textual.command import Provider

    from screens.commands import FieldworkCommands
    from store.audit_demo import build_audit_demo
    from tests.conftest import PASSPHRASE
    from tests.screens.app_support import make_app, settle

    build_audit_demo(tmp_path / "qa", PASSPHRASE, today=TODAY).close()
    app = make_app(tmp_path / "qa", passphrase=PASSPHRASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider: Provider = FieldworkCommands(app.screen)
        commands = list(provider._commands())
        titles = {title: run for title, run, _ in commands}
        assert {"New activity", "New action", "Activities", "Action plans", "QA calendar", "Lock now"} <= set(titles)
        assert not {"New SEA entry", "Raise a concern", "Children", "Timeline", "Findings", "Concerns (Annex C)",
                    "Retention"} & set(titles)
        assert not any(t.startswith("Child ") for t in titles)
        for title, _, why in commands:
            assert not JTAI_TERMS.search(f"{title} {why}"), (title, why)
        titles["New activity"]()
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)


def test_the_new_activity_form_at_80_by_24(snap_compare: Any, home: Path) -> None:
    assert _snap(snap_compare, home, ActivitiesScreen, ("n", "enter"))


def test_the_new_action_form_at_80_by_24(snap_compare: Any, home: Path) -> None:
    assert _snap(snap_compare, home, ActivitiesScreen, ("a",))


