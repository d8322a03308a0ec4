"""The audit in the store: grades and domain notes as records beside the case, the name check,
offline edits from two laptops, and the report written atomically. Made-up case references only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from fieldwork import audit as domain
from fieldwork import records as rec
from fieldwork.errors import NotFound, ValidationError
from store import audit, children, sea
from store.workspace import Workspace
from tests.conftest import PASSPHRASE

AUDIT_PACK = "somerset-partnership-audit"


def make_audit(home: Path) -> Workspace:
    """A new partnership audit with me (AB, Somerset Council) as its audit lead, and three cases."""
    ws = Workspace.create(
        home,
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Somerset", theme="Neglect in under-fives", notified="2026-04-06",
                                          packs=[AUDIT_PACK], mode="audit"),
        me=domain.auditor_payload(name="AB", agency="Somerset Council children's social care", inspectorate=None,
                                  role="lead"),
    )
    for ref in ("CR-104233", "CR-104234", "CR-104235"):
        children.add(ws, {"case_ref": ref})
    return ws


def entry(ws: Workspace, code: str, ref: str, judgement: str = "strength") -> None:
    sea.add(ws, {"criteria": [code], "judgement": judgement, "source_type": "case-file",
                 "source_detail": "Health visitor's record", "evidence_at": date.today().isoformat(),
                 "children": [ref], "text": "Effective early support reduced the risk to the baby."})


@pytest.fixture
def ws(home: Path) -> Iterator[Workspace]:
    ws = make_audit(home)
    yield ws
    if ws.ring is not None:
        ws.close()


# --- grades ------------------------------------------------------------------------------------

def test_a_grade_is_a_record_beside_the_case_with_an_id_derived_from_it(ws: Workspace) -> None:
    item = audit.set_grade(ws, "cr-104233", "Requires improvement")
    assert item.grade == "requires-improvement"
    child = children.find(ws, "CR-104233")
    record = ws.require(domain.grade_record_id(ws.inspection_id, child.id), domain.GRADE_KIND)
    assert record.payload == {"child": child.id, "grade": "requires-improvement"}
    # The child record itself is untouched, so grading never conflicts with editing the case.
    assert len(ws.history(child.id)) == 1


def test_regrading_appends_a_version_and_the_same_grade_again_writes_nothing(ws: Workspace) -> None:
    audit.set_grade(ws, "CR-104233", "good")
    before = ws.version_count()
    audit.set_grade(ws, "CR-104233", "good")
    assert ws.version_count() == before
    audit.set_grade(ws, "CR-104233", "inadequate")
    record_id = domain.grade_record_id(ws.inspection_id, children.find(ws, "CR-104233").id)
    assert [e.payload["grade"] for e in ws.history(record_id)] == ["good", "inadequate"]


def test_grading_refuses_an_unknown_case_or_grade_and_writes_nothing(ws: Workspace) -> None:
    before = ws.version_count()
    with pytest.raises(NotFound):
        audit.set_grade(ws, "CR-999999", "good")
    with pytest.raises(ValidationError, match="Unknown grade 'excellent'"):
        audit.set_grade(ws, "CR-104233", "excellent")
    assert ws.version_count() == before


def test_an_inspection_without_a_grading_scale_cannot_grade(workspace: Workspace) -> None:
    children.add(workspace, {"case_ref": "CR-104233"})
    with pytest.raises(ValidationError, match="This inspection has no grading scale"):
        audit.set_grade(workspace, "CR-104233", "good")


# --- domain notes ------------------------------------------------------------------------------

def test_domain_notes_build_up_field_by_field_and_show_on_the_case(ws: Workspace) -> None:
    audit.set_domain(ws, "CR-104233", "safe-start", {"good_practice": "Health visitor saw the baby weekly."})
    item = audit.set_domain(ws, "CR-104233", "Safe Start to Life", {"recommendation": "Use the neglect tool at first contact."})
    notes = item.domain("safe-start")
    assert notes is not None
    assert (notes.good_practice, notes.development, notes.recommendation) == (
        "Health visitor saw the baby weekly.", "", "Use the neglect tool at first contact.")
    assert [d.strand for d in item.domains] == ["safe-start"]
    # Clearing every field leaves the domain empty, and the case shows no notes for it.
    cleared = audit.set_domain(ws, "CR-104233", "safe-start", {"good_practice": "", "recommendation": ""})
    assert cleared.domains == ()


def test_domains_are_kept_in_the_packs_order(ws: Workspace) -> None:
    audit.set_domain(ws, "CR-104233", "mental-health", {"development": "No supervision record."})
    audit.set_domain(ws, "CR-104233", "safe-start", {"good_practice": "Early help offered."})
    assert [d.strand for d in audit.case(ws, "CR-104233").domains] == ["safe-start", "mental-health"]


def test_a_domain_must_be_a_strand_of_the_audit(ws: Workspace) -> None:
    with pytest.raises(ValidationError, match="Unknown domain 'front-door'"):
        audit.set_domain(ws, "CR-104233", "front-door", {"good_practice": "Quick decision."})


def test_a_likely_name_is_refused_unless_confirmed_and_the_confirmation_is_kept(ws: Workspace) -> None:
    before = ws.version_count()
    with pytest.raises(ValidationError, match="Possible personal name 'Sarah'.*Nothing was saved"):
        audit.set_domain(ws, "CR-104233", "safe-start", {"development": "Sarah was not seen alone."})
    assert ws.version_count() == before
    audit.set_domain(ws, "CR-104233", "safe-start", {"development": "Sarah was not seen alone."}, confirm_no_names=True)
    record = ws.require(domain.domain_record_id(ws.inspection_id, children.find(ws, "CR-104233").id, "safe-start"))
    assert record.payload["confirmed_no_names"] is True
    # Editing another field does not ask again about text already confirmed.
    audit.set_domain(ws, "CR-104233", "safe-start", {"good_practice": "The health visitor acted quickly."})


def test_cases_count_the_audit_entries_that_name_them(ws: Workspace) -> None:
    entry(ws, "P1.1", "CR-104233")
    entry(ws, "P1.3", "CR-104233", "development")
    entry(ws, "P3.5", "CR-104235")
    counts = {c.case_ref: c.entries for c in audit.cases(ws)}
    assert counts == {"CR-104233": 2, "CR-104234": 0, "CR-104235": 1}


# --- two laptops offline -----------------------------------------------------------------------

@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    """The audit lead's laptop and a second auditor's, joined by invite and synced."""
    from sync.bundle import export_bundle, import_bundle
    from sync.invite import join, make_invite, open_invite

    lead = make_audit(tmp_path / "lead")
    invite = open_invite(make_invite(lead, "one-time invite words", name="CD", inspectorate="cqc"), "one-time invite words")
    other = join(tmp_path / "other", invite, PASSPHRASE, name="CD", inspectorate="cqc")
    import_bundle(other, export_bundle(lead)[0])
    import_bundle(lead, export_bundle(other)[0])
    yield lead, other
    for ws in (lead, other):
        if ws.ring is not None:
            ws.close()


def swap(a: Workspace, b: Workspace) -> None:
    from sync.bundle import export_bundle, import_bundle

    import_bundle(b, export_bundle(a)[0])
    import_bundle(a, export_bundle(b)[0])


def test_two_auditors_grading_one_case_offline_make_a_conflict_not_two_grades(pair: tuple[Workspace, Workspace]) -> None:
    lead, other = pair
    audit.set_grade(lead, "CR-104233", "good")
    audit.set_grade(other, "CR-104233", "requires-improvement")
    swap(lead, other)
    for ws in (lead, other):
        assert len(ws.records(domain.GRADE_KIND)) == 1
        item = audit.case(ws, "CR-104233")
        assert item.conflicted
    assert audit.case(lead, "CR-104233").grade == audit.case(other, "CR-104233").grade  # same winner shown
    # A new grade would silently settle the conflict: refused until a person resolves it.
    before = lead.version_count()
    with pytest.raises(ValidationError, match="changed on two laptops offline.*fieldwork resolve"):
        audit.set_grade(lead, "CR-104233", "outstanding")
    assert lead.version_count() == before
    record_id = domain.grade_record_id(lead.inspection_id, children.find(lead, "CR-104233").id)
    heads = lead.require(record_id).heads
    kept = next(h.version for h in lead.conflicts()[0].heads if h.payload.get("grade") == "requires-improvement")
    assert kept in heads
    lead.resolve(record_id, keep=kept)
    assert audit.case(lead, "CR-104233").grade == "requires-improvement"
    assert audit.set_grade(lead, "CR-104233", "outstanding").grade == "outstanding"


def test_two_auditors_writing_different_domains_of_one_case_do_not_conflict(pair: tuple[Workspace, Workspace]) -> None:
    lead, other = pair
    audit.set_domain(lead, "CR-104233", "safe-start", {"good_practice": "Early help offered."})
    audit.set_domain(other, "CR-104233", "mental-health", {"development": "Long wait for CAMHS."})
    swap(lead, other)
    for ws in (lead, other):
        item = audit.case(ws, "CR-104233")
        assert [d.strand for d in item.domains] == ["safe-start", "mental-health"]
        assert not any(d.conflicted for d in item.domains) and ws.conflict_count() == 0


# --- the report --------------------------------------------------------------------------------

def test_the_report_is_written_atomically_in_either_format(ws: Workspace, tmp_path: Path) -> None:
    audit.set_grade(ws, "CR-104233", "good")
    audit.set_domain(ws, "CR-104233", "safe-start", {"recommendation": "Use the neglect tool at first contact."})
    entry(ws, "P1.3", "CR-104233")
    out = tmp_path / "out"
    out.mkdir()
    md = audit.export(ws, out / "report.md", produced=date(2026, 5, 1))
    text = md.read_text(encoding="utf-8")
    assert "Report produced | 2026-05-01" in text
    assert "| P1.3 |" in text and "Use the neglect tool at first contact." in text
    assert "| AB | Somerset Council children's social care | Audit lead |" in text
    docx = audit.export(ws, out / "report", "docx")  # no extension: --format decides
    assert docx.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in out.iterdir()) == ["report", "report.md"]  # no temporary files left


def test_export_refuses_an_unknown_format_or_a_missing_folder(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="end the file name in .docx or .md"):
        audit.export(ws, tmp_path / "report.pdf")
    with pytest.raises(ValidationError, match="end the file name in .docx or .md"):
        audit.export(ws, tmp_path / "report.bin", "docx")  # Word would not open it
    with pytest.raises(ValidationError, match="does not exist"):
        audit.export(ws, tmp_path / "missing" / "report.md")
    assert list(tmp_path.glob("report*")) == []


def test_added_criteria_are_counted_in_the_report_and_their_pack_named(ws: Workspace, tmp_path: Path) -> None:
    from store import criteria

    before = audit.render(ws, "md", date(2026, 5, 1)).decode()
    assert "Added criteria" not in before  # the custom pack is named only once it holds something
    code = criteria.add(ws, label="Fathers are seen at home visits", strand="safe-start").payload["code"]
    entry(ws, code, "CR-104234", "development")
    text = audit.render(ws, "md", date(2026, 5, 1)).decode()
    assert f"| {code} | Fathers are seen at home visits | 1 | 0 | 1 | 0 | 0 |" in text
    assert "| Framework | Somerset Safeguarding Children Partnership quality assurance; Added criteria |" in text
