"""The Concerns screen says so when a response is required after day 13, the last day on site
(para 35-37, 74): the concern is raised all the same."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, RadioSet, TextArea

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


async def test_annex_c_c_corrects_the_referral_as_a_recorded_edit(ws: Workspace) -> None:  # noqa: F811
    from store import concerns as store

    cid = store.raise_concern(ws, {"case_refs": ["CR-104233"], "service": "Health visiting", "category": 2,
                                   "issues": "Plan not reviewed.", "referred_on": "2026-11-18", "response_due": "2026-11-20"},
                              today=date(2026, 11, 24)).id
    app = Harness(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        f = form(app)
        service = f.query_one("#field-service", Input)
        assert service.value == "Health visiting"  # the form opens on what the referral says
        service.value = "Health visiting service"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert ws.require(cid).payload["service"] == "Health visiting service"
    assert [h.payload["service"] for h in ws.history(cid)] == ["Health visiting", "Health visiting service"]
