"""Annex C concerns in the store: each step a version, history keeps them, the lead signs off,
the export is written whole, and the demo generator's concerns pass the same checks."""

from __future__ import annotations

import io
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fieldwork import records as rec
from fieldwork.errors import AccessDenied, NotFound, ValidationError
from store import children
from store import concerns as store
from store.workspace import Change, Workspace

TODAY = date(2026, 11, 24)
CO = "Director of Children's Services"


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    children.add(workspace, {"case_ref": "CR-104233"})
    return workspace


def raise_one(ws: Workspace, **over: Any) -> str:
    fields: dict[str, Any] = {
        "case_refs": ["CR-104233", "CR-104234"],
        "service": "Children's social care front door",
        "category": 1,
        "issues": "No strategy discussion followed a second referral about bruising.",
        "referred_on": "2026-11-18",
        "response_due": "2026-11-20",
    }
    fields.update(over)
    return store.raise_concern(ws, fields, today=TODAY).id


def through_evaluation(ws: Workspace) -> str:
    cid = raise_one(ws)
    store.mark_sent(ws, cid, on="2026-11-18", today=TODAY)
    store.record_response(ws, cid, text="A strategy discussion was held the next day.", received="2026-11-19", today=TODAY)
    store.evaluate(ws, cid, text="Proportionate and timely.", on="2026-11-20", today=TODAY)
    store.share(ws, cid, by="keep-in-touch meeting", on="2026-11-20", today=TODAY)
    return cid


def add_team_inspector(ws: Workspace, name: str = "CD") -> str:
    return ws.put("inspector", rec.inspector_payload(name=name, inspectorate="cqc")).record


def test_raise_to_sign_off_keeps_every_step_in_history(ws: Workspace) -> None:
    cid = through_evaluation(ws)
    record = store.sign_off(ws, cid, chief_officer=CO, chief_officer_date="2026-11-21", today=TODAY)
    p = record.payload
    assert p["state"] == "signed-off"
    assert p["referred_by"] == ws.me_id == p["evaluated_by"] == p["lead_inspector"]
    assert (p["chief_officer"], p["chief_officer_signed"], p["lead_signed"]) == (CO, "2026-11-21", TODAY.isoformat())
    history = ws.history(cid)
    assert [h.payload["state"] for h in history] == ["raised", "sent", "responded", "evaluated", "shared", "signed-off"]
    assert set(history[2].changes) == {"state", "response", "response_received"}
    assert all(h.author == ws.me_id for h in history)


def test_the_record_survives_reopening(ws: Workspace, home: Path) -> None:
    from tests.conftest import PASSPHRASE

    cid = through_evaluation(ws)
    ws.close()
    again = Workspace.open(home, PASSPHRASE)
    try:
        assert again.require(cid, "concern").payload["state"] == "shared"
    finally:
        again.close()


def test_a_team_inspector_cannot_sign_off(ws: Workspace) -> None:
    cid = through_evaluation(ws)
    # Hand the lead role to another inspector: this laptop's inspector is now a team member.
    ws.put("inspector", rec.inspector_payload(name="CD", inspectorate="cqc", role="lead"))
    ws.put("inspector", {**ws.me, "role": "team"}, record=ws.me_id)
    assert not ws.is_lead
    with pytest.raises(AccessDenied, match="Only the lead inspector signs off"):
        store.sign_off(ws, cid, chief_officer=CO, chief_officer_date="2026-11-21", today=TODAY)
    assert ws.require(cid, "concern").payload["state"] == "shared"
    assert len(ws.history(cid)) == 5


def test_refused_steps_write_nothing(ws: Workspace) -> None:
    cid = raise_one(ws)
    before = ws.version_count()
    with pytest.raises(ValidationError, match="mark it sent before you record"):
        store.record_response(ws, cid, text="Done.", received="2026-11-19", today=TODAY)
    with pytest.raises(ValidationError, match="Possible personal name"):
        store.mark_sent(ws, cid, on="2026-11-18", today=TODAY)
        store.record_response(ws, cid, text="Sarah Jones visited.", received="2026-11-19", today=TODAY)
    assert ws.version_count() == before + 1  # only the mark-sent version


def test_referrer_may_be_named_by_initials_and_must_be_on_the_team(ws: Workspace) -> None:
    member = add_team_inspector(ws, "EF")
    cid = raise_one(ws, referred_by="ef")
    assert ws.require(cid).payload["referred_by"] == member
    with pytest.raises(ValidationError, match="No inspector 'ZZ'"):
        raise_one(ws, referred_by="ZZ")


def test_unknown_id_and_wrong_kind_are_not_found(ws: Workspace) -> None:
    with pytest.raises(NotFound, match="No concern with id 'nope'"):
        store.mark_sent(ws, "nope", today=TODAY)
    child = children.find(ws, "CR-104233")
    with pytest.raises(NotFound):
        store.mark_sent(ws, child.id, today=TODAY)


def test_a_conflicted_concern_is_not_moved_on_silently(ws: Workspace) -> None:
    cid = raise_one(ws)
    root = ws.require(cid).version
    p = ws.require(cid).payload
    # Two laptops each record a different sent date from the same raised version.
    ws.write([Change("concern", {**p, "state": "sent", "sent_on": "2026-11-18"}, record=cid, parents=(root,))])
    ws.write([Change("concern", {**p, "state": "sent", "sent_on": "2026-11-19"}, record=cid, parents=(root,))])
    assert ws.require(cid).conflicted
    with pytest.raises(ValidationError, match="conflicting versions"):
        store.record_response(ws, cid, text="Done.", received="2026-11-20", today=TODAY)


def test_to_json_carries_the_list_contract(ws: Workspace) -> None:
    cid = raise_one(ws)
    row = store.to_json(ws, ws.require(cid), TODAY)
    assert {"id", "case_refs", "category", "service", "state", "response_due", "overdue", "referred_by", "dates"} <= set(row)
    # Due Friday 20 November; Tuesday 24th is two working days later (para 9 counts working days).
    assert row["overdue"] is True and row["days_overdue"] == 2 and row["overdue_text"] == "2 working days overdue"
    assert row["referred_by"] == "AB" and row["referred_by_id"] == ws.me_id
    assert store.to_json(ws, ws.require(cid), date(2026, 11, 20))["overdue"] is False


def test_ordered_puts_open_concerns_first_by_due_date(ws: Workspace) -> None:
    late = raise_one(ws, response_due="2026-11-30")
    soon = raise_one(ws, response_due="2026-11-19")
    done = through_evaluation(ws)
    store.sign_off(ws, done, chief_officer=CO, chief_officer_date="2026-11-21", today=TODAY)
    assert [r.id for r in store.ordered(ws)] == [soon, late, done]


def test_export_writes_both_formats_atomically(ws: Workspace, tmp_path: Path) -> None:
    from docx import Document

    cid = through_evaluation(ws)
    out = tmp_path / "out"
    out.mkdir()
    md = store.export(ws, cid, "md", out / "form.md")
    assert "No strategy discussion" in md.read_text() and "Inspection of Testshire" in md.read_text()
    written = store.export(ws, cid, "docx", out)  # a folder: the default name inside it
    assert written == out / f"annex-c-{cid[:8]}.docx"
    doc = Document(io.BytesIO(written.read_bytes()))
    assert "Proportionate and timely." in "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert sorted(p.name for p in out.iterdir()) == [written.name, "form.md"]  # no temporary left


def test_export_refuses_a_missing_folder_and_an_unknown_format(ws: Workspace, tmp_path: Path) -> None:
    cid = raise_one(ws)
    with pytest.raises(ValidationError, match="does not exist"):
        store.export(ws, cid, "md", tmp_path / "nowhere" / "x.md")
    with pytest.raises(ValidationError, match="Unknown export format 'pdf'"):
        store.export(ws, cid, "pdf", tmp_path / "x.pdf")
    assert store.format_for("a/B.DOCX") == "docx" and store.format_for("x", "md") == "md"
    with pytest.raises(ValidationError, match="end the file name in .docx or .md"):
        store.format_for("x.txt")


def test_demo_changes_cover_every_state_with_a_history_and_no_names(ws: Workspace) -> None:
    for ref in ("CR-104234", "CR-104235", "CR-104236"):
        children.add(ws, {"case_ref": ref})
    member = add_team_inspector(ws)
    kids = ws.records("child")
    team = ws.records("inspector")
    changes = store.demo_changes(random.Random(7), kids, team, today=TODAY)
    assert changes == store.demo_changes(random.Random(7), kids, team, today=TODAY)  # reproducible
    ws.write(changes)
    concerns = ws.records("concern")
    assert 7 <= len(concerns) <= 9
    states = {c.payload["state"] for c in concerns}
    assert states == set(store.con.STATES)
    assert sum(store.con.awaiting_response(c.payload) for c in concerns) == 3
    assert sum(store.con.is_overdue(c.payload, TODAY) for c in concerns) == 1
    assert sum(store.con.unsent_urgent(c.payload) for c in concerns) == 1  # a category 1 concern not yet sent
    assert {c.payload["referred_by"] for c in concerns} <= {ws.me_id, member}
    for c in concerns:
        assert len(ws.history(c.id)) == store.con.STATES.index(c.payload["state"]) + 1
        assert c.payload["confirmed_no_names"] == []  # the demo's made-up texts pass the name check
        if c.payload["state"] == "signed-off":
            assert c.payload["lead_inspector"] == ws.me_id  # the lead, found by role


def test_demo_changes_take_bare_ids_and_nothing_gives_nothing() -> None:
    changes = store.demo_changes(random.Random(1), ["CR-100001", "CR-100002"], ["lead", "team"], today=TODAY)
    signed = [c.payload for c in changes if c.payload["state"] == "signed-off"]
    assert signed and all(p["lead_inspector"] == "lead" for p in signed)
    assert store.demo_changes(random.Random(1), [], ["lead"], today=TODAY) == []
