"""The audit's pure rules: grades and domains from the pack, notes payloads, summaries, the report
view and both renderers. Made-up case references only."""

from __future__ import annotations

import io
from datetime import date

import pytest

from fieldwork import audit, free_text, partnership
from fieldwork.audit import CaseAudit, DomainNotes
from fieldwork.errors import ValidationError
from fieldwork.frameworks import Framework, load_pack, parse_pack
from fieldwork.render.audit_report_docx import docx_bytes
from fieldwork.render.audit_report_md import markdown

AUDIT = load_pack("somerset-partnership-audit")
# The framework sets no scale: these are the steps of the scale a partnership picks at init.
SCALE = partnership.load("somerset-partnership-audit").grading("four-step")
INSPECTION_ID = "6f1c1b9e-8a43-4c41-9a39-0d0f3e5b3a11"

# A pack with a different scale and different domains: whatever the report shows must follow it.
OTHER = parse_pack('''
id = "test-audit"
title = "Test partnership audit"
version = "1"
source = "Made up for a test"
kind = "audit"
code_prefix = "Q"

[vocabulary]
inspection = "review"
child = "file"
children = "files"
entries = "review notes"

[[strands]]
id = "early-help"
label = "Early help offer"

[[strands]]
id = "voice"
label = "Voice of the child"

[[grading]]
id = "met"
label = "Standard met"
rank = 1

[[grading]]
id = "not-met"
label = "Standard not met"
rank = 2

[[criteria]]
code = "Q1"
strand = "voice"
label = "The child was seen alone"
''', "test-audit.toml")


def case(ref: str, grade: str | None, *notes: DomainNotes, entries: int = 0) -> CaseAudit:
    return CaseAudit(child_id=f"id-{ref}", case_ref=ref, grade=grade, domains=tuple(notes), entries=entries)


# --- grades and domains come from the pack -----------------------------------------------------

def test_a_grade_is_chosen_by_id_or_label_from_the_packs_scale() -> None:
    assert audit.clean_grade("requires-improvement", SCALE).id == "requires-improvement"
    assert audit.clean_grade(" Requires improvement ", SCALE).id == "requires-improvement"
    assert audit.clean_grade("standard not met", OTHER.grading).id == "not-met"
    with pytest.raises(ValidationError, match="choose one of outstanding, good, requires-improvement, inadequate"):
        audit.clean_grade("excellent", SCALE)
    with pytest.raises(ValidationError, match="Unknown grade 'good'"):
        audit.clean_grade("good", OTHER.grading)  # another pack's scale is not this audit's


def test_without_a_grading_scale_grading_is_refused_in_the_audits_words() -> None:
    with pytest.raises(ValidationError, match="This inspection has no grading scale"):
        audit.clean_grade("good", load_pack("jtai-2016-front-door").grading, "inspection")


def test_a_domain_is_a_strand_of_the_pack_by_id_or_label() -> None:
    assert audit.clean_strand("safe-start", AUDIT.strands).label == "Safe Start to Life"
    assert audit.clean_strand("safe start to life", AUDIT.strands).id == "safe-start"
    with pytest.raises(ValidationError, match=r"domains are safe-start, safe-community, mental-health\."):
        audit.clean_strand("front-door", AUDIT.strands)


# --- notes payloads ----------------------------------------------------------------------------

def test_domain_notes_lay_over_what_was_there_and_an_empty_text_clears_a_field() -> None:
    strand = AUDIT.strands[0]
    first = audit.domain_payload("c1", strand, {"good_practice": " Seen weekly. ", "recommendation": "Use the tool."})
    assert first == {"child": "c1", "strand": "safe-start", "good_practice": "Seen weekly.", "development": "",
                     "recommendation": "Use the tool.", "confirmed_no_names": False}
    second = audit.domain_payload("c1", strand, {"development": "Late referral.", "recommendation": ""}, first)
    assert (second["good_practice"], second["development"], second["recommendation"]) == ("Seen weekly.", "Late referral.", "")
    # Only what an edit changes is checked for names again (fieldwork.free_text): a name the first
    # version was saved with on its author's word is not asked about twice.
    named = {**first, "good_practice": "Seen weekly by Sarah."}
    edited = {**named, "development": "Late referral from Sarah."}
    assert [f.field for f in free_text.names_in(audit.DOMAIN_KIND, edited, before=named)] == ["development"]


def test_domain_notes_refuse_nothing_unknown_fields_and_overlong_text() -> None:
    strand = AUDIT.strands[0]
    with pytest.raises(ValidationError, match="Nothing to record"):
        audit.domain_payload("c1", strand, {"good_practice": None})
    with pytest.raises(ValidationError, match="Unknown domain field"):
        audit.domain_payload("c1", strand, {"grade": "good"})
    with pytest.raises(ValidationError, match="too long"):
        audit.domain_payload("c1", strand, {"development": "x" * (audit.NOTE_LIMIT + 1)})


def test_record_ids_are_derived_from_the_case_so_two_laptops_write_the_same_record() -> None:
    one = audit.grade_record_id(INSPECTION_ID, "child-1")
    assert one == audit.grade_record_id(INSPECTION_ID, "child-1")
    assert one != audit.grade_record_id(INSPECTION_ID, "child-2")
    assert audit.domain_record_id(INSPECTION_ID, "child-1", "safe-start") != audit.domain_record_id(
        INSPECTION_ID, "child-1", "mental-health")
    assert one not in {audit.domain_record_id(INSPECTION_ID, "child-1", s.id) for s in AUDIT.strands}


# --- people ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [("AB", "AB"), ("ab", "AB"), ("Second Auditor", "SA"), ("J-P R", "JPR")])
def test_auditors_are_shown_by_initials(name: str, expected: str) -> None:
    assert audit.initials(name) == expected


def test_an_auditor_needs_an_agency_when_no_inspectorate_is_given() -> None:
    with pytest.raises(ValidationError, match="initials and agency"):
        audit.auditor_payload(name="AB", agency=None, inspectorate=None, role="lead")
    me = audit.auditor_payload(name="AB", agency="  Somerset   NHS  ", inspectorate=None, role="lead")
    assert me == {"name": "AB", "inspectorate": "", "role": "lead", "devices": [], "agency": "Somerset NHS"}
    inspector = audit.auditor_payload(name="CD", agency=None, inspectorate="ofsted")
    assert inspector["inspectorate"] == "ofsted" and "agency" not in inspector


# --- summaries ---------------------------------------------------------------------------------

def test_the_distribution_shows_every_step_best_first_then_the_ungraded() -> None:
    cases = [case("CR-1", "good"), case("CR-2", "good"), case("CR-3", "inadequate"), case("CR-4", None)]
    rows = audit.distribution(cases, SCALE)
    assert [(r.grade, r.count) for r in rows] == [
        ("outstanding", 0), ("good", 2), ("requires-improvement", 0), ("inadequate", 1), ("", 1)]
    # A grade the scale no longer has (a revised pack) is shown, not dropped from the count.
    rows = audit.distribution([case("CR-5", "retired")], SCALE)
    assert ("retired", 1) in [(r.grade, r.count) for r in rows]


def test_domain_themes_gather_each_heading_across_cases_in_the_packs_order() -> None:
    cases = [
        case("CR-1", "good", DomainNotes("mental-health", good_practice="Quick CAMHS referral."),
             DomainNotes("safe-start", recommendation="Involve fathers.")),
        case("CR-2", "good", DomainNotes("safe-start", recommendation="Use the neglect tool.", development="Drift.")),
    ]
    themes = audit.domain_themes(cases, AUDIT.strands)
    assert [t.strand for t in themes] == [s.id for s in AUDIT.strands]
    start = themes[0]
    assert start.notes["recommendation"] == (("CR-1", "Involve fathers."), ("CR-2", "Use the neglect tool."))
    assert start.notes["development"] == (("CR-2", "Drift."),)
    assert themes[1].empty and not themes[2].empty


def test_criterion_counts_list_every_criterion_split_by_judgement() -> None:
    entries = [{"criteria": ["P1.1"], "judgement": "strength"}, {"criteria": ["P1.1", "P2.2"], "judgement": "concern"},
               {"criteria": ["C 09"], "judgement": "context"}]
    rows = audit.criterion_counts(entries, AUDIT.criteria)
    by_code = {r.code: r for r in rows}
    assert (by_code["P1.1"].total, by_code["P1.1"].by_judgement) == (2, {"strength": 1, "concern": 1})
    assert by_code["P2.5"].total == 0  # thin evidence shows as a zero, not as a missing row
    assert [r.code for r in rows][-1] == "C 09"  # a criterion not yet received still counts
    assert len(rows) == len(AUDIT.criteria) + 1


# --- the report --------------------------------------------------------------------------------

def report(pack=AUDIT, cases=None, entries=None):  # type: ignore[no-untyped-def]
    fw = Framework([pack])
    cases = cases if cases is not None else [
        case("CR-104233", (pack.grading or SCALE)[1].id, DomainNotes(pack.strands[0].id, good_practice="Seen weekly.",
                                                           recommendation="# Not a heading\n| not a cell")),
        case("CR-104234", None, entries=2),
    ]
    return audit.build_report(
        inspection={"area": "Somerset", "theme": "Neglect in under-fives", "notified": "2026-04-06"},
        words=fw.vocabulary, frameworks=[pack.title],
        team=[{"name": "Second Auditor", "agency": "Somerset NHS", "role": "team"},
              {"name": "AB", "agency": "Avon and Somerset Police", "role": "lead"}],
        cases=cases, grading=pack.grading or SCALE, strands=fw.strands, criteria=fw.criteria,
        entries=entries if entries is not None else [
            {"criteria": [pack.criteria[0].code], "judgement": "strength", "evidence_at": "2026-04-20"},
            {"criteria": [pack.criteria[0].code], "judgement": "development", "evidence_at": "2026-04-08T10:00"}],
        produced=date(2026, 5, 1))


def test_the_report_view_holds_scope_auditors_by_initials_and_the_audits_words() -> None:
    view = report()
    scope = dict(view.scope_rows())
    assert scope["Area"] == "Somerset" and scope["Theme"] == "Neglect in under-fives"
    assert scope["Audit entries gathered"] == "2026-04-08 to 2026-04-20"
    assert scope["Cases audited"] == "2"
    assert view.title == "Audit report: Somerset"
    _, auditors = view.auditor_rows()
    assert auditors == [["AB", "Avon and Somerset Police", "Audit lead"], ["SA", "Somerset NHS", "Auditor"]]


def test_the_markdown_report_has_every_section_and_keeps_free_text_from_reshaping_it() -> None:
    text = markdown(report())
    for heading in ("# Audit report: Somerset", "## Scope", "### Auditors", "## Grade distribution",
                    "## Findings by domain", "### Safe Start to Life", "#### Recommendations",
                    "## Evidence by criterion", "## Appendix: cases", "### CR-104233: Good",
                    "### CR-104234: Not yet graded"):
        assert heading + "\n" in text
    assert "| Good | 1 | 50% |" in text
    assert "\n# Not a heading" not in text and "\\# Not a heading" in text
    assert "\\| not a cell" in text
    assert "Second Auditor" not in text  # auditors by initials only


def test_the_report_follows_another_packs_scale_domains_and_words() -> None:
    view = report(OTHER)
    text = markdown(view)
    assert text.startswith("# Review report: Somerset")
    assert "| Standard met | 0 |" in text and "### CR-104233: Standard not met" in text
    assert "### Voice of the child" in text and "## Appendix: files" in text
    assert "Outstanding" not in text and "Safe Start" not in text


def test_the_word_report_opens_and_holds_every_case_grade_and_recommendation() -> None:
    from docx import Document

    doc = Document(io.BytesIO(docx_bytes(report())))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert paragraphs[0] == "Audit report: Somerset"
    assert {"Scope", "Grade distribution", "Findings by domain", "Evidence by criterion", "Appendix: cases"} <= set(paragraphs)
    assert {"CR-104233: Good", "CR-104234: Not yet graded"} <= set(paragraphs)
    assert any("# Not a heading" in p for p in paragraphs)
    assert "Avon and Somerset Police" in cells and "AB" in cells
    assert doc.core_properties.author == ""
    headings = [(p.text, p.style.name) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    # Real headings, so Word's navigation pane shows the report's outline.
    assert ("Scope", "Heading 1") in headings and ("Safe Start to Life", "Heading 2") in headings
    assert ("CR-104233: Good", "Heading 2") in headings


def test_an_empty_audit_renders_without_failing() -> None:
    view = report(cases=[], entries=[])
    assert "_None recorded._" in markdown(view)
    assert dict(view.scope_rows())["Audit entries gathered"] == "none recorded yet"
    assert docx_bytes(view)[:2] == b"PK"
