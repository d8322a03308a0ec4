"""The letter draft and the keep-in-touch summary: structure, drafts left out, evidence traced, and
both renderers (the Word file is reopened with python-docx)."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from fieldwork.findings import Finding
from fieldwork.frameworks import Framework, load_pack
from fieldwork.gaps import Entry
from fieldwork.letter import ConcernFacts, Heading, ListBlock, build_kit, build_letter
from fieldwork.render import kit_md, letter_docx, letter_md

ENTRIES = {
    "aaaaaaaa-1111": Entry("aaaaaaaa-1111", "x", ("ESN 13",), "strength", "front-door", "observation", evidence_at="2026-11-23T10:00"),
    "bbbbbbbb-2222": Entry("bbbbbbbb-2222", "x", ("ESN 13", "ESN 07"), "strength", "front-door", "case-file", evidence_at="2026-11-24"),
    "cccccccc-3333": Entry("cccccccc-3333", "x", ("ESN 17",), "development", "leadership", "interview", evidence_at="2026-11-24"),
    "dddddddd-4444": Entry("dddddddd-4444", "x", ("ESN 16",), "concern", "leadership", "case-file", evidence_at="2026-11-25"),
    "eeeeeeee-5555": Entry("eeeeeeee-5555", "x", ("ESN 03",), "development", "front-door", "case-file", evidence_at="2026-11-25"),
}


def finding(fid: str, ftype: str, text: str, sea: list[str], *, scope: str = "partnership", strand: str = "front-door",
            state: str = "agreed", criteria: tuple[str, ...] = ()) -> Finding:
    return Finding(fid, ftype, scope, strand, text, criteria, tuple(sea), state, created=fid)


STRENGTH = finding("f1", "strength", "Strategy discussions are timely and well attended.", ["aaaaaaaa-1111", "bbbbbbbb-2222"], criteria=("ESN 13",))
DEVELOPMENT = finding("f2", "development", "Supervision does not challenge drift in plans.", ["cccccccc-3333"], strand="leadership")
PRIORITY = finding("f3", "priority", "Unallocated cases are not reviewed, leaving children at risk.", ["dddddddd-4444", "aaaaaaaa-1111"], strand="leadership")
AGENCY = finding("f4", "development", "Officers do not record the views of children at incidents.", ["eeeeeeee-5555"], scope="Police")
DRAFT = finding("f5", "strength", "Schools refer promptly and with good information.", ["bbbbbbbb-2222"], state="draft")
# Cites an entry deleted since: the appendix says so rather than dropping the reference.
ORPHAN = finding("f6", "development", "Return interviews are not offered consistently.", ["ffffffff-gone"], strand="deep-dive")
ALL = [DRAFT, AGENCY, PRIORITY, DEVELOPMENT, STRENGTH, ORPHAN]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Framework([load_pack("jtai-2016-front-door")])


def make(framework: Framework, **kw: object):
    return build_letter(framework, ALL, ENTRIES, area="Testshire", theme="Neglect", prepared=date(2026, 11, 30), **kw)


def test_sections_in_the_guidance_order(framework: Framework) -> None:
    blocks = make(framework).blocks()
    sections = [b.text for b in blocks if isinstance(b, Heading) and b.level == 1]
    assert sections == [
        "Summary of findings",
        "Strengths",
        "Areas for development",
        "Areas for priority action",
        "Messages for particular agencies",
        "Statement of action",
        "Evidence appendix",
    ]
    # Subsections come from the pack's strand labels.
    subs = [b.text for b in blocks if isinstance(b, Heading) and b.level == 2]
    assert "Front door" in subs and "Leadership and management" in subs and "Police" in subs
    numbered = [b for b in blocks if isinstance(b, ListBlock) and b.numbered]
    assert [i.text for b in numbered for i in b.items] == [PRIORITY.text]


def test_drafts_are_left_out_unless_asked(framework: Framework) -> None:
    letter = make(framework)
    assert DRAFT.id not in {f.finding.id for f in letter.findings}
    assert letter.drafts_left_out == 1
    with_drafts = make(framework, include_drafts=True)
    assert DRAFT.id in {f.finding.id for f in with_drafts.findings} and with_drafts.drafts_left_out == 0
    assert DRAFT.text in letter_md.render(with_drafts) and DRAFT.text not in letter_md.render(letter)


def test_appendix_refs_follow_the_letter_and_carry_the_evidence(framework: Framework) -> None:
    letter = make(framework)
    refs = {f.finding.id: f for f in letter.findings}
    # Partnership strengths, development, priority, then agencies.
    assert [f.finding.id for f in letter.findings] == ["f1", "f6", "f2", "f3", "f4"]
    assert [f.ref for f in letter.findings] == ["F1", "F2", "F3", "F4", "F5"]
    f1 = refs["f1"]
    assert [e.short for e in f1.evidence] == ["aaaaaaaa", "bbbbbbbb"]
    assert f1.evidence[0].date == "2026-11-23" and f1.evidence[0].source == "Observation of a meeting"
    # Para 7: the letter quotes the criterion's full published wording, not the pack's short label.
    assert f1.criteria[0] == ("ESN 13", "the impact of strategy discussions and any subsequent section 47 enquiries "
                                        "on actions taken to protect children and young people")
    assert refs["f6"].evidence[0].missing
    # No criteria of its own: the appendix lists its evidence's.
    assert [c for c, _ in refs["f2"].criteria] == ["ESN 17"]
    assert refs["f3"].balance.opposing == 1


def test_markdown(framework: Framework) -> None:
    text = letter_md.render(make(framework))
    assert text.startswith("# Letter of inspection findings: draft\n")
    assert "## Strengths" in text and "### Front door" in text
    assert f"- {STRENGTH.text} [F1]" in text
    assert f"1. {PRIORITY.text} [F4]" in text
    assert f"- **Area for development:** {AGENCY.text} [F5]" in text
    assert "| aaaaaaaa | ESN 13 | Strength | 2026-11-23 | Observation of a meeting |" in text
    assert "| bbbbbbbb | ESN 13, ESN 07 | Strength |" in text
    assert "entry deleted since it was cited" in text
    assert "**Judgement mix of the evidence:** Strength 2\n" in text


def test_markdown_keeps_statements_from_becoming_markup(framework: Framework) -> None:
    odd = finding("f9", "strength", "# 3 | agencies\nshare well", ["aaaaaaaa-1111"])
    text = letter_md.render(build_letter(framework, [odd], ENTRIES, area="A", theme="T"))
    assert "- \\# 3 | agencies share well [F1]" in text
    assert "\n# 3" not in text


def _docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_word_file_has_real_headings_lists_and_every_agreed_finding(framework: Framework) -> None:
    document = _docx(letter_docx.render(make(framework)))
    paras = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Letter of inspection findings: draft") in paras
    h1 = [t for s, t in paras if s == "Heading 1"]
    assert h1[:4] == ["Summary of findings", "Strengths", "Areas for development", "Areas for priority action"]
    assert ("Heading 2", "Front door") in paras
    assert ("List Bullet", f"{STRENGTH.text} [F1]") in paras
    assert ("List Number", f"{PRIORITY.text} [F4]") in paras
    assert ("List Bullet", f"Area for development: {AGENCY.text} [F5]") in paras
    body = "\n".join(t for _, t in paras)
    for f in (STRENGTH, DEVELOPMENT, PRIORITY, AGENCY):
        assert f.text in body
    assert DRAFT.text not in body
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    for short in ("aaaaaaaa", "bbbbbbbb", "cccccccc", "dddddddd", "eeeeeeee", "ffffffff"):
        assert short in cells
    assert document.core_properties.title == "Letter of inspection findings: draft"


def test_word_file_with_drafts_marks_them(framework: Framework) -> None:
    document = _docx(letter_docx.render(make(framework, include_drafts=True)))
    assert any(p.text == f"{DRAFT.text} (draft) [F2]" and p.style.name == "List Bullet" for p in document.paragraphs)


def test_summary_paragraphs_replace_the_drafting_note(framework: Framework) -> None:
    letter = build_letter(framework, ALL, ENTRIES, area="A", theme="T", summary="First point.\n\nSecond point.")
    text = letter_md.render(letter)
    assert "First point.\n\nSecond point." in text and "Summary to be written" not in text
    assert "Summary to be written" in letter_md.render(make(framework))


def test_keep_in_touch_summary(framework: Framework) -> None:
    concerns = [
        ConcernFacts.from_payload("c1", {"case_refs": ["CR-100001"], "category": 1, "service": "Children's social care",
                                         "state": "sent", "response_due": "2026-11-24"}),
        ConcernFacts.from_payload("c2", {"case_refs": "CR-100002", "category": 2, "state": "responded",
                                         "response_due": "2026-11-20"}),
        ConcernFacts.from_payload("c3", {"case_refs": ["CR-100003"], "state": "signed-off"}),
        ConcernFacts.from_payload("c4", {}),  # a payload from a newer laptop, read loosely
    ]
    kit = build_kit(framework, ALL, concerns, area="Testshire", theme="Neglect", today=date(2026, 11, 25), day=11,
                    evidence={"strength": 3, "development": 2})
    text = kit_md.render(kit)
    assert "# Keep-in-touch meeting: Testshire" in text and "day 11" in text
    assert "## Emerging strengths" in text and "## Possible areas for priority action" in text
    assert f"**Front door, partnership:** {DRAFT.text} (draft)" in text  # emerging: drafts included
    assert f"**Front door, Police:** {AGENCY.text}" in text
    assert "| CR-100001 | Category 1 | Children's social care | sent | 2026-11-24 (overdue) |" in text
    # A response has arrived: no longer overdue, though still open until signed off.
    assert "| CR-100002 | Category 2 | — | responded | 2026-11-20 |" in text
    assert "CR-100003" not in text
    assert "5 SEA entries so far: Strength 3 · Area for development 2." in text


# --- paras 82-98: recipients, statement of action, priority actions, innovative practice ---------

from dataclasses import replace  # noqa: E402

from fieldwork import distribution as dist  # noqa: E402
from fieldwork.errors import ValidationError  # noqa: E402


def test_para_91_the_letter_is_addressed_to_the_recipients_list(framework: Framework) -> None:
    details = dist.LetterDetails.from_payload(
        dist.add_recipient(dist.add_recipient(None, agency="Local authority", title="Director of children's services"),
                           agency="Police", title="Chief constable")
    )
    text = letter_md.render(make(framework, details=details))
    assert "Addressed and copied to:" in text
    assert "Director of children's services, Local authority" in text and "Chief constable, Police" in text
    assert "Recipients to be set by the lead inspector" in letter_md.render(make(framework))


def test_para_91_a_recipient_is_listed_once_by_agency_and_title() -> None:
    payload = dist.add_recipient(None, agency="Police", title="Chief constable")
    with pytest.raises(ValidationError, match="already on the letter's list"):
        dist.add_recipient(payload, agency=" police ", title="chief constable")
    assert dist.remove_recipient(payload, agency="Police", title="Chief constable")["recipients"] == []
    with pytest.raises(ValidationError, match="is empty"):
        dist.add_recipient(None, agency="Police", title=" ")


def test_para_96_the_statement_of_action_decision_is_in_the_letter(framework: Framework) -> None:
    undecided = letter_md.render(make(framework))
    assert "to be recorded by the lead inspector" in undecided
    required = dist.LetterDetails.from_payload(dist.set_statement(None, required="yes", agencies=["Children's social care", "Police"]))
    text = letter_md.render(make(framework, details=required))
    assert "a written statement of proposed action is required from Children's social care and Police" in text
    assert "Children's social care should lead the statement, with Police cooperating." in text
    none = dist.LetterDetails.from_payload(dist.set_statement(None, required="no"))
    assert "no written statement of proposed action is required" in letter_md.render(make(framework, details=none))
    with pytest.raises(ValidationError, match="Name the agencies"):
        dist.set_statement(None, required="yes")
    with pytest.raises(ValidationError, match="leave out --agency"):
        dist.set_statement(None, required="no", agencies=["Police"])


def test_para_88_a_priority_action_about_one_agency_stays_in_the_priority_section(framework: Framework) -> None:
    police_priority = finding("f7", "priority", "Police do not attend strategy discussions for children at risk.", ["dddddddd-4444"], scope="Police")
    letter = build_letter(framework, [STRENGTH, police_priority], ENTRIES, area="Testshire", theme="Neglect")
    blocks = letter.blocks()
    at = next(n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Areas for priority action")
    listed = blocks[at + 1]
    assert isinstance(listed, ListBlock) and [(i.lead, i.text) for i in listed.items] == [("Police:", police_priority.text)]
    agency = next(n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Police")
    assert police_priority.text in [i.text for i in blocks[agency + 1].items]  # type: ignore[union-attr]
    assert "identified no areas for priority action" not in letter_md.render(letter)


def test_para_86_innovative_practice_is_marked_in_the_letter(framework: Framework) -> None:
    innovative = replace(STRENGTH, innovative=True)
    text = letter_md.render(build_letter(framework, [innovative], ENTRIES, area="Testshire", theme="Neglect"))
    assert f"**Innovative and effective practice:** {STRENGTH.text}" in text


def test_para_86_only_a_strength_is_marked_innovative() -> None:
    from fieldwork import findings as fnd

    rules = fnd.FindingRules(criteria={"ESN 13": "front-door"}, strands=["front-door"], entries=ENTRIES)
    fields = {"text": "Practice is strong.", "sea": ["aaaaaaaa-1111"], "innovative": "yes"}
    with pytest.raises(ValidationError, match="Only a strength can be marked as innovative"):
        fnd.finding_payload({**fields, "type": "development"}, rules)
    assert fnd.finding_payload({**fields, "type": "strength"}, rules)["innovative"] is True


def test_para_74_a_category_1_concern_not_sent_leads_the_kit_summary(framework: Framework) -> None:
    concerns = [
        ConcernFacts.from_payload("c1", {"case_refs": ["CR-100001"], "category": 2, "service": "Health visiting",
                                          "state": "sent", "response_due": "2026-11-24"}),
        ConcernFacts.from_payload("c2", {"case_refs": ["CR-100002"], "category": 1, "service": "Police public protection unit",
                                          "state": "raised", "response_due": "2026-11-26"}),
    ]
    details = dist.LetterDetails.from_payload(dist.add_recipient(None, agency="Police", title="Chief constable"))
    kit = build_kit(framework, [], concerns, area="Testshire", theme="Neglect", today=date(2026, 11, 25), day=11, details=details)
    text = kit_md.render(kit)
    assert "**For:** Chief constable, Police." in text
    assert ("**Not yet sent:** 1 category 1 concern about a child at immediate risk has not yet been sent to the agency: "
            "CR-100002 (Police public protection unit) (para 74).") in text
    assert [c.id for c in kit.concerns] == ["c2", "c1"]
    assert "| CR-100002 | Category 1 | Police public protection unit | NOT SENT: raised | 2026-11-26 |" in text


def test_para_4_an_unofficial_criterion_says_so_in_the_letters_appendix() -> None:
    themed = Framework([load_pack("jtai-2016-front-door"), load_pack("jtai-neglect")])
    entries = {"nnnnnnnn-1111": Entry("nnnnnnnn-1111", "x", ("NEG 03",), "development", "deep-dive", "case-file", evidence_at="2026-11-24")}
    f = finding("n1", "development", "Neglect is not recognised early enough.", ["nnnnnnnn-1111"], strand="deep-dive")
    text = letter_md.render(build_letter(themed, [f], entries, area="Testshire", theme="Neglect"))
    assert "NEG 03 (working criterion, not published guidance)" in text
