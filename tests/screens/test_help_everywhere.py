"""Issue 13, help: F1 (and ? where it types nothing) opens the keys help over every screen,
forms and dialogs included, titled in words, and Escape returns to the form as it was, its text
and focus kept. Each test here failed while help was an ordinary app binding, which Textual offers
no modal screen (the SEA editor's case, a screen of its own, worked before and is kept)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from screens.app import FieldworkApp
from screens.help import HelpScreen
from tests.screens.app_support import demo_home, demo_source, press  # noqa: F401
from tests.screens.keys import typed
from tests.screens.test_keys_in_turn import app_on, audit_demo, fast, stack


def help_text(app: FieldworkApp) -> str:
    assert isinstance(app.screen, HelpScreen), stack(app)
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


# (keys to the screen, key that opens the form, the help's title, the form's class)
FORMS = {
    "SEA editor": ("s", "n", "SEA entry editor", "SeaEditorScreen"),
    "new finding": ("f", "n", "New finding", "FindingForm"),
    "raise a concern": ("o", "n", "Raise a concern (Annex C)", "ConcernForm"),
    "add a child": ("c", "a", "Add a child — by case reference only, never a name", "ChildForm"),
}


def _text_field(app: FieldworkApp) -> Input | TextArea:
    """The focused field if it takes text, else the form's first one that does (given focus)."""
    focused = app.focused
    if isinstance(focused, (Input, TextArea)):
        return focused
    field = app.screen.query("Input, TextArea").first()
    field.focus()
    return field  # type: ignore[return-value]


def _text(field: Input | TextArea) -> str:
    return field.value if isinstance(field, Input) else field.text


@pytest.mark.parametrize("form", list(FORMS))
async def test_f1_opens_help_over_a_form_and_escape_returns_to_it_as_it_was(demo_home: Path, form: str) -> None:
    section, key, title, cls = FORMS[form]
    async with app_on(demo_home, section, key, size=(80, 30)) as (app, pilot):
        screen = app.screen
        assert type(screen).__name__ == cls
        field = _text_field(app)
        await fast(pilot, typed("CR-1042"))
        typed_so_far = _text(field)
        assert typed_so_far.endswith("CR-1042")
        await press(pilot, "f1")
        text = help_text(app)
        assert f"Keys: {title}" in text and cls not in text
        assert "Save" in text or "Close" in text  # the form's own keys, not only the app's
        await press(pilot, "escape")
        assert app.screen is screen and app.focused is field and _text(field) == typed_so_far
        # At typing speed, help opened and closed between two halves of a word:
        await fast(pilot, [*typed("33"), "f1", "escape", *typed(", CR-104234")])
        assert app.screen is screen and _text(field) == typed_so_far + "33, CR-104234"


async def test_f1_opens_help_over_a_dialog_and_escape_leaves_the_question_asked(demo_home: Path) -> None:
    from screens.dialogs import Confirm

    async with app_on(demo_home, "s", "d") as (app, pilot):
        before = len(app.workspace.records("sea"))
        dialog = app.screen
        assert isinstance(dialog, Confirm)
        await press(pilot, "f1")
        text = help_text(app)
        assert "Keys: Delete this SEA entry" in text
        assert "Cancel" in text and " n " in f" {text} "  # its answers' own keys are listed
        await press(pilot, "escape")
        assert app.screen is dialog  # the help closed, not the question
        await press(pilot, "escape")
        assert stack(app)[-1] == "SeaListScreen" and len(app.workspace.records("sea")) == before


async def test_help_over_a_qa_form_is_titled_by_the_form(tmp_path: Path) -> None:
    from screens.qa_forms import ActivityForm

    home, passphrase = audit_demo(tmp_path / "qa")
    async with app_on(home, "v", "n", "enter", size=(80, 30), passphrase=passphrase) as (app, pilot):
        form = app.screen
        assert isinstance(form, ActivityForm)
        await fast(pilot, typed("Neglect"))
        await press(pilot, "f1")
        text = help_text(app)
        assert "Keys: New: " in text and "activity update" in text and "ActivityForm" not in text
        await press(pilot, "escape")
        assert app.screen is form and form.query_one("#field-theme", Input).value == "Neglect"


async def test_help_lists_over_a_form_only_the_keys_that_reach_past_it(demo_home: Path) -> None:
    async with app_on(demo_home, "s", "f1", size=(80, 40)) as (app, pilot):
        over_list = help_text(app)
        assert "Keys: SEA entries" in over_list and "Lock now" in over_list
        await press(pilot, "escape", "d", "f1")
        over_dialog = help_text(app)
        assert "Lock now" not in over_dialog  # Ctrl+L does nothing over a dialog: not offered there
        assert "Home" in over_dialog and "Command palette" in over_dialog


async def test_question_mark_types_in_a_field_and_opens_help_elsewhere(demo_home: Path) -> None:
    async with app_on(demo_home, "o", "n", size=(80, 30)) as (app, pilot):
        await fast(pilot, typed("CR-104233?"))
        assert app.screen.query_one("#field-case_refs", Input).value == "CR-104233?"
        app.screen.query_one("RadioSet").focus()
        await pilot.pause()
        await press(pilot, "question_mark")
        assert "Keys: Raise a concern (Annex C)" in help_text(app)
