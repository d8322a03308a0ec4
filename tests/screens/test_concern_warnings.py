"""The Concerns screen says so when a response is required after day 13, the last day on site
(para 35-37, 74): the concern is raised all the same."""

from __future__ import annotations

from textual.widgets import RadioSet, TextArea

from store.workspace import Workspace
from tests.screens.test_concerns import Harness, form, type_text, ws  # noqa: F401 - ws is the fixture


async def test_para_37_raising_with_a_response_after_day_13_warns_in_the_screen(ws: Workspace) -> None:  # noqa: F811
    app = Harness(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        f = form(app)
        await type_text(pilot, "CR-104233")
        await pilot.press("enter")
        await type_text(pilot, "Police PPU")
        await pilot.press("tab")
        assert isinstance(f.focused, RadioSet)
        await pilot.press("enter")
        await pilot.press("tab")
        assert isinstance(f.focused, TextArea)
        await type_text(pilot, "No strategy meeting.")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2026-12-02")  # notified Tuesday 10 November: day 13 is Friday 27th
        await pilot.press("ctrl+s")
        await pilot.pause()
        (concern,) = ws.records("concern")
        assert concern.payload["response_due"] == "2026-12-02"
        messages = [n.message for n in app._notifications]
        assert any("after day 13 (2026-11-27), the last day on site" in m for m in messages), messages
