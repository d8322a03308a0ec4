"""Criteria the lead adds: lead only, a record of kind "criterion" that the framework folds in, and
codes whose letters carry the author so that laptops adding criteria offline do not collide."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldwork.audit import auditor_payload
from fieldwork.errors import AccessDenied, ValidationError
from fieldwork.frameworks import shipped_packs
from store import criteria
from store.workspace import Change, Workspace
from tests.conftest import PASSPHRASE
from tests.store.test_audit import make_audit


@pytest.mark.parametrize(("name", "letters"), [
    ("AB", "CAB"), ("Jo Smith", "CJS"), ("Zoë Ánh", "CZA"), ("123", "C"),
    # C + SA would read as the child sexual abuse theme's CSA, and C + SE as CSE.
    ("SA", "CCSA"), ("S E", "CCSE"),
])
def test_code_letters_are_c_and_the_authors_initials(name: str, letters: str) -> None:
    assert criteria.letters_for(name) == letters
    assert letters not in {p.code_prefix for p in shipped_packs() if p.id != "custom"}


def test_a_criterion_is_a_record_the_framework_folds_in(workspace: Workspace) -> None:
    record = criteria.add(workspace, label="Children missing education are followed up", strand="front-door",
                          prompt="  ")
    assert record.kind == "criterion"
    assert record.payload == {"code": "CAB 01", "strand": "front-door",
                              "label": "Children missing education are followed up", "prompt": None}
    found = workspace.framework.resolve("cab 1")
    assert (found.code, found.pack, found.strand) == ("CAB 01", "custom", "front-door")


def test_numbers_run_on_from_the_highest_code_with_the_same_letters(workspace: Workspace) -> None:
    # A criterion from another author (another lead, synced in) has other letters: no clash.
    workspace.write([Change("criterion", {"code": "CCD 07", "strand": "front-door", "label": "Theirs", "prompt": None})])
    workspace.write([Change("criterion", {"code": "CAB 04", "strand": "front-door", "label": "Mine", "prompt": None})])
    assert criteria.add(workspace, label="Next", strand="leadership").payload["code"] == "CAB 05"
    assert {c.code for c in workspace.framework.criteria if c.pack == "custom"} == {"CCD 07", "CAB 04", "CAB 05"}


def test_only_the_lead_adds_criteria_in_the_audits_own_words(home: Path, tmp_path: Path) -> None:
    ws = make_audit(home)
    try:
        # Demote myself: the same refusal a team member's laptop gives.
        ws.put("inspector", {**ws.me, "role": "team"}, record=ws.me_id)
        before = ws.version_count()
        with pytest.raises(AccessDenied, match="Only the audit lead can add criteria"):
            criteria.add(ws, label="Local issue", strand="safe-start")
        assert ws.version_count() == before
    finally:
        ws.close()


def test_an_audit_lead_adds_criteria_to_a_domain_of_the_partnership(home: Path) -> None:
    ws = make_audit(home)
    try:
        code = criteria.add(ws, label="Fathers are seen at home visits", strand="safe-start").payload["code"]
        assert code == "CAB 01"
        assert ws.framework.get(code).strand == "safe-start"  # type: ignore[union-attr]
        # Audit entries still read a bare number as the partnership's own P series.
        assert ws.framework.resolve("1.2").code == "P1.2"
    finally:
        ws.close()


def test_the_custom_strand_adds_the_custom_pack_in_the_same_write(workspace: Workspace) -> None:
    assert "custom" not in [s.id for s in workspace.framework.strands]
    record = criteria.add(workspace, label="Local issue", strand="custom")
    assert workspace.inspection["packs"] == ["jtai-2016-front-door", "custom"]
    assert workspace.framework.get(record.payload["code"]) is not None
    # Added once; a second criterion there leaves the packs alone.
    criteria.add(workspace, label="Another local issue", strand="custom")
    assert workspace.inspection["packs"] == ["jtai-2016-front-door", "custom"]


def test_bad_input_is_refused_before_anything_is_written(workspace: Workspace) -> None:
    before = workspace.version_count()
    with pytest.raises(ValidationError, match="Unknown strand 'nowhere'"):
        criteria.add(workspace, label="Local issue", strand="nowhere")
    with pytest.raises(ValidationError, match="label is empty"):
        criteria.add(workspace, label="  ", strand="front-door")
    with pytest.raises(ValidationError, match="Possible personal name"):
        criteria.add(workspace, label="Cases Sarah holds are reviewed", strand="front-door")
    assert workspace.version_count() == before
    confirmed = criteria.add(workspace, label="Cases Sarah holds are reviewed", strand="front-door", confirm_no_names=True)
    assert confirmed.payload["code"] == "CAB 01"


def test_an_auditor_without_initials_letters_still_gets_a_code(tmp_path: Path) -> None:
    from fieldwork import records as rec

    ws = Workspace.create(
        tmp_path / "h", PASSPHRASE,
        inspection=rec.inspection_payload(area="Somerset", theme="Q1", notified="2026-04-06",
                                          packs=["somerset-partnership-audit"], mode="audit"),
        me=auditor_payload(name="42", agency="Somerset NHS", inspectorate=None, role="lead"))
    try:
        assert criteria.add(ws, label="Local issue", strand="mental-health").payload["code"] == "C 01"
    finally:
        ws.close()
