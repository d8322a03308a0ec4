"""The Concerns screen driven by keys: raise a concern, record the response and the evaluation,
sign it off, refusals shown in the form, and export from the screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, RadioSet, Static, TextArea

from fieldwork import records as rec
from screens.concerns import ConcernForm, ConcernsScreen
from store import children
from store import concerns as store
from store.workspace import Workspace

TODAY = date(2026, 11, 24)


class Harness(App[None]):
    """A bare app holding only the screen under test (the shell pushes it the same way)."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws

    def on_mount(self) -> None:
        self.push_screen(ConcernsScreen(self.ws, today=TODAY))


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    children.add(workspace, {"case_ref": "CR-104233"})
    return workspace


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*text)


def form(app: App[None]) -> ConcernForm:
    assert isinstance(app.screen, ConcernForm), type(app.screen)
    return app.screen


def form_error(app: App[None]) -> str:
    return str(form(app).query_one("#form-error", Static).render())


def table_states(app: App[None]) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_main_path_raise_respond_evaluate_sign_off(ws: Workspace) -> None:
    app = Harness(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "No concerns yet" in str(app.screen.query_one("#concern-detail-text", Static).render())
        await pilot.press("n")
        f = form(app)
        assert f.focused is f.query_one("#field-case_refs", Input)
        await type_text(pilot, "cr-104233,CR-104299")
        await pilot.press("enter")  # on to the next field, as on paper
        await type_text(pilot, "Police PPU")
        await pilot.press("tab")
        assert isinstance(f.focused, (RadioSet,))
        await pilot.press("enter")  # the first category: serious issue of concern
        await pilot.press("tab")
        assert isinstance(f.focused, TextArea)
        await type_text(pilot, "No strategy meeting.")
        await pilot.press("tab", "tab")  # keep the referral date (today), on to "respond by"
        assert f.focused is f.query_one("#field-response_due", Input)
        await pilot.press("ctrl+s")
        assert "respond-by date" in form_error(app)  # refused in the form, nothing lost
        await type_text(pilot, "2026-11-26")
        await pilot.press("enter")  # Enter on the last line saves
        await pilot.pause()
        assert isinstance(app.screen, ConcernsScreen)

        (concern,) = ws.records("concern")
        p = concern.payload
        assert (p["case_refs"], p["category"], p["service"]) == (["CR-104233", "CR-104299"], 1, "Police PPU")
        assert (p["referred_on"], p["response_due"], p["state"]) == ("2026-11-24", "2026-11-26", "raised")
        assert table_states(app) == ["Raised"]

        await pilot.press("enter")  # next step: mark sent, today by default
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_states(app) == ["Sent"]

        await pilot.press("r")
        await type_text(pilot, "Held.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_states(app) == ["Responded"]

        await pilot.press("e")
        await type_text(pilot, "Timely.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_states(app) == ["Evaluated"]

        await pilot.press("enter")  # para 74: the evaluation shared with the senior officer
        await type_text(pilot, "KIT meeting")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_states(app) == ["Shared"]

        await pilot.press("o")
        await type_text(pilot, "DCS")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_states(app) == ["Signed off"]
        detail = str(app.screen.query_one("#concern-detail-text", Static).render())
        assert "DCS 2026-11-24" in detail and "the review is complete" in detail

    history = ws.history(concern.id)
    assert [h.payload["state"] for h in history] == ["raised", "sent", "responded", "evaluated", "shared", "signed-off"]
    final = ws.require(concern.id).payload
    assert final["response"] == "Held."
    assert (final["evaluation"], final["chief_officer"], final["issues"]) == ("Timely.", "DCS", "No strategy meeting.")
    assert (final["lead_inspector"], final["lead_signed"], final["chief_officer_signed"]) == (ws.me_id, "2026-11-24", "2026-11-24")


async def test_a_name_is_refused_until_confirmed_in_the_form(ws: Workspace) -> None:
    cid = store.raise_concern(ws, {"case_refs": ["CR-104233"], "service": "Health visiting", "category": 2,
                                   "issues": "Plan not reviewed.", "referred_on": "2026-11-18", "response_due": "2026-11-20"}, today=TODAY).id
    store.mark_sent(ws, cid, on="2026-11-18", today=TODAY)
    app = Harness(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "2 working days overdue" in str(app.screen.query_one("#concern-detail-text", Static).render())
        await pilot.press("r")
        await type_text(pilot, "Sarah Jones came.")
        await pilot.press("ctrl+s")
        assert "Possible personal name 'Sarah Jones'" in form_error(app)
        assert "by pressing Ctrl+O" in form_error(app) and "--confirm" not in form_error(app)
        assert ws.require(cid).payload["state"] == "sent"
        # Focus stays in the text: typing on (space included) never confirms.
        assert isinstance(form(app).focused, TextArea)
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert ws.require(cid).payload["state"] == "sent" and not isinstance(app.screen, ConcernsScreen)
        await pilot.press("ctrl+o", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConcernsScreen)
    assert ws.require(cid).payload["confirmed_no_names"] == ["response"]


async def test_out_of_order_keys_explain_instead_of_opening_a_form(ws: Workspace) -> None:
    store.raise_concern(ws, {"case_refs": ["CR-104233"], "service": "Health visiting", "category": 2,
                             "issues": "Plan not reviewed.", "response_due": "2026-11-30"}, today=TODAY)
    app = Harness(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConcernsScreen)
        messages = [n.message for n in app._notifications]
        assert any("mark it sent before you record the inspector's evaluation" in m for m in messages)


async def test_a_team_inspector_is_told_only_the_lead_signs_off(ws: Workspace) -> None:
    cid = store.raise_concern(ws, {"case_refs": ["CR-104233"], "service": "Health visiting", "category": 2,
                                   "issues": "Plan not reviewed.", "referred_on": "2026-11-18", "response_due": "2026-11-30"}, today=TODAY).id
    store.mark_sent(ws, cid, today=TODAY)
    store.record_response(ws, cid, text="Reviewed.", today=TODAY)
    store.evaluate(ws, cid, text="Assured.", today=TODAY)
    store.share(ws, cid, by="secure email", today=TODAY)  # para 74
    ws.put("inspector", rec.inspector_payload(name="CD", inspectorate="cqc", role="lead"))
    ws.put("inspector", {**ws.me, "role": "team"}, record=ws.me_id)
    app = Harness(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "The lead inspector signs it off" in str(app.screen.query_one("#concern-detail-text", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConcernsScreen)
        assert any("Only the lead inspector" in n.message for n in app._notifications)
    assert ws.require(cid).payload["state"] == "shared"


async def test_export_from_the_screen_to_a_typed_path(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from screens import settings

    monkeypatch.setattr(settings, "documents_folder", lambda: tmp_path)
    cid = store.raise_concern(ws, {"case_refs": ["CR-104233"], "service": "Health visiting", "category": 2,
                                   "issues": "Plan not reviewed.", "response_due": "2026-11-30"}, today=TODAY).id
    app = Harness(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        path = form(app).query_one("#field-path", Input)
        assert path.value == str(tmp_path / f"annex-c-{cid[:8]}.docx")  # the documents folder by default
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / f"annex-c-{cid[:8]}.docx").stat().st_size > 0
        await pilot.press("x")
        form(app).query_one("#field-path", Input).value = str(tmp_path / "form.md")
        await pilot.press("enter")
        await pilot.pause()
    assert "Plan not reviewed." in (tmp_path / "form.md").read_text()
