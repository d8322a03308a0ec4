"""The evidence picker (screens/widgets/picker.py): Page Up/Down before the list has any size to lay
its lines out in did nothing in Textual but raise KeyError, which ended the app (found by the long
keyboard monkey run, seed 13, in the New finding form)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from screens.widgets.picker import Picker


class Squeezed(App[None]):
    CSS = "#picked { height: 0; }"  # no room: the list has no lines laid out

    def compose(self) -> ComposeResult:
        yield Picker[str](*((f"CR-10{n:04d}", str(n)) for n in range(40)), id="picked")


async def test_page_keys_on_a_list_with_no_room_do_nothing_and_end_nothing() -> None:
    app = Squeezed()
    async with app.run_test(size=(60, 20)) as pilot:
        picker = app.query_one(Picker)
        picker.focus()
        picker.clear_options()
        picker.add_options([(f"CR-20{n:04d}", str(n)) for n in range(40)])
        picker.highlighted = 0
        await pilot.press("pagedown", "pageup", "pagedown")
        await pilot.pause()
        assert app.is_running and app._exception is None
        assert picker.highlighted == 0  # nothing to page by


async def test_page_down_moves_by_a_page_once_laid_out() -> None:
    class Roomy(App[None]):
        def compose(self) -> ComposeResult:
            yield Picker[str](*((f"CR-10{n:04d}", str(n)) for n in range(40)), id="picked")

    app = Roomy()
    async with app.run_test(size=(60, 10)) as pilot:
        picker = app.query_one(Picker)
        picker.focus()
        picker.highlighted = 0
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert (picker.highlighted or 0) > 1
