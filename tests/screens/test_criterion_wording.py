"""The criterion picker: para 7's full wording one key (F3) away, and a working criterion's
status shown in the list and with its wording (para 4)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import OptionList

from fieldwork.frameworks import Framework, load_pack
from screens.widgets.criterion_picker import CriterionPicker, CriterionSearch

FRAMEWORK = Framework([load_pack("jtai-2016-front-door"), load_pack("jtai-neglect")])


class PickerApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CriterionPicker(FRAMEWORK)


async def test_para_7_f3_shows_the_full_wording_and_para_4_the_status() -> None:
    app = PickerApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(CriterionSearch).focus()
        await pilot.press(*"esn13")
        await pilot.press("f3")
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.title == "ESN 13"
        assert note.message == ("the impact of strategy discussions and any subsequent section 47 enquiries on actions "
                                "taken to protect children and young people")
        search = app.query_one(CriterionSearch)
        search.value = ""
        await pilot.press(*"neg3")
        await pilot.press("f3")
        await pilot.pause()
        assert any(n.title == "NEG 03 (working criterion, not published guidance)" for n in app._notifications)
        shown = str(app.query_one(OptionList).get_option_at_index(0).prompt)
        assert "working criterion, not published guidance" in shown
