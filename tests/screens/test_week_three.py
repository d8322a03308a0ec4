"""Issue 13, driven as a person drives the app: keys in bursts with no pause, on the demo
inspection. Each test is one numbered finding of the issue and failed on the code it was filed on."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static, TextArea

from screens.findings import FindingForm, FindingsScreen
from screens.widgets.not_names import NotNames
from tests.screens.app_support import demo_home, demo_source, make_app, press, settle  # noqa: F401
from tests.screens.keys import burst, typed

STATEMENT = "Strategy discussions are timely and well attended."


async def _new_finding(pilot) -> FindingForm:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await press(pilot, "f", "n")
    form = pilot.app.screen
    assert isinstance(form, FindingForm)
    return form


async def test_1_typing_into_the_evidence_filter_at_speed_keeps_the_finding(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _new_finding(pilot)
        form.query_one("#field-text", TextArea).load_text(STATEMENT)
        form.query_one("#field-filter", Input).focus()
        await pilot.pause()
        burst(app, [*typed("esn:7 j:strength"), "ctrl+u", *typed("CR-999001"), "ctrl+u", *typed("zzz"), "backspace", "backspace", "backspace"])
        await settle(pilot)
        assert app.is_running and app.screen is form
        assert form.query_one("#field-text", TextArea).text == STATEMENT
        assert form.query_one("#field-filter", Input).value == ""


async def test_5_new_finding_opens_with_its_first_field_focused(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _new_finding(pilot)
        assert form.focused is form.query_one("#field-type", Select)


async def test_8_the_evidence_picker_takes_the_sea_list_filter_language(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 32)) as pilot:
        form = await _new_finding(pilot)
        form.query_one("#field-filter", Input).value = "esn:7 j:strength"
        await settle(pilot)
        shown = [form.index.entries[i] for i in form._shown()]
        assert shown and all("ESN 07" in e.criteria and e.judgement == "strength" for e in shown)
        form.query_one("#field-filter", Input).value = "j:con"  # concern or context: said, not guessed
        await settle(pilot)
        assert form._shown() == [] and "j:con" in str(form.query_one("#form-count", Static).render())


async def test_2_typing_never_confirms_a_name_and_the_refusal_names_the_key(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(100, 32)) as pilot:
        form = await _new_finding(pilot)
        form.chosen = set(list(form.entries)[:1])
        form.query_one("#field-text", TextArea).focus()
        burst(app, [*typed("Sarah told us that strategy meetings are timely."), "ctrl+s"])
        await settle(pilot)
        error = str(form.query_one("#form-error", Static).render())
        assert "'Sarah'" in error and "Ctrl+O" in error
        assert form.focused is form.query_one("#field-text", TextArea)  # focus stays in the text
        # Going on typing, spaces and all, then saving again: still refused.
        burst(app, [*typed(" And more words "), "tab", "space", "space", "shift+tab", "ctrl+s"])
        await settle(pilot)
        assert app.screen is form
        assert not [r for r in app.workspace.records("finding") if "Sarah" in r.payload.get("text", "")]
        # Ctrl+O confirms these words only; a different flagged word clears it.
        await press(pilot, "ctrl+o")
        assert form.query_one(NotNames).confirmed
        form.query_one("#field-text", TextArea).load_text("Sarah and Wendy told us the meetings are timely.")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert app.screen is form and "'Wendy'" in str(form.query_one("#form-error", Static).render())
        # Fixing the name clears the refusal straight away.
        form.query_one("#field-text", TextArea).load_text(STATEMENT)
        await settle(pilot)
        assert str(form.query_one("#form-error", Static).render()) == ""
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FindingsScreen)


async def test_5_keys_typed_as_a_form_opens_reach_its_first_field(demo_home: Path) -> None:
    from screens.children import ChildForm, ChildrenScreen

    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, ChildrenScreen)
        burst(app, ["a", *typed("CR-999001")])
        await settle(pilot)
        assert isinstance(app.screen, ChildForm)
        assert app.screen.query_one("#f-case_ref", Input).value == "CR-999001"


async def test_5_keys_typed_after_a_section_key_reach_the_section_not_home(demo_home: Path) -> None:
    from screens.sea_editor import SeaEditorScreen
    from screens.sea_list import SeaListScreen

    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, ["s", "n"])  # SEA entries, then a new entry: `n` must not land on Home
        await settle(pilot)
        assert isinstance(app.screen, SeaEditorScreen)
        assert isinstance(app.screen_stack[-2], SeaListScreen)


async def test_5_tab_at_typing_speed_moves_on_before_the_next_words(demo_home: Path) -> None:
    from screens.sea_editor import SeaEditorScreen

    app = make_app(demo_home)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n")
        editor = app.screen
        assert isinstance(editor, SeaEditorScreen)
        editor.query_one("#children", Input).focus()
        await pilot.pause()
        burst(app, [*typed("CR-999001"), "tab", *typed("police")])
        await settle(pilot)
        assert editor.query_one("#children", Input).value == "CR-999001"
        assert editor.query_one("#agencies", Input).value == "police"


async def test_5_slash_in_the_focused_filter_is_not_typed_and_n_starts_an_entry(demo_home: Path) -> None:
    from screens.sea_editor import SeaEditorScreen

    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "slash", "slash", *typed("late"))
        assert app.screen.query_one("#sea-filter", Input).value == "late"
        await press(pilot, "escape", "escape", "n")  # clear the filter, back to the list, new entry
        assert isinstance(app.screen, SeaEditorScreen)


async def test_4_a_sunday_says_so_on_home_and_timeline(demo_home: Path) -> None:
    from datetime import date

    from screens.app import FieldworkApp
    from screens.timeline import TODAY_KEY, TimelineScreen
    from store.demo import DEMO_PASSPHRASE

    sunday = date(2026, 11, 29)  # the demo was notified on Tuesday 10 November: days 13 and 14 around it
    app = FieldworkApp(demo_home, passphrase=DEMO_PASSPHRASE, today=sunday, idle_check_every=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        today = str(app.screen.query_one("#home-today", Static).render())
        assert today.startswith("Sunday 29 November 2026: not a working day; next working day, Monday 30 November, is day")
        assert "day 1" not in today.split("is day")[0]  # no carried-over day number before it
        await press(pilot, "t")
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        from textual.widgets import DataTable

        table = screen.query_one(DataTable)
        row = table.get_row(TODAY_KEY)
        assert str(row[0]).strip() == "" and "not a working day" in str(row[2])


async def test_a_screens_priority_binding_still_wins_over_its_tables_own(demo_home: Path) -> None:
    from screens.concerns import ConcernForm, ConcernsScreen

    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        assert isinstance(app.screen, ConcernsScreen)
        await press(pilot, "enter")  # the next step's form, not the table's select
        assert isinstance(app.screen, ConcernForm)
