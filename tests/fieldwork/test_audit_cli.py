"""A partnership's multi-agency audit, end to end through the CLI: init in audit mode, cases,
grades, domain notes, audit entries against the partnership's criteria, and the report in both
formats. Made-up case references and initials only."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import INIT_ARGS

AUDIT_INIT = ("init", "--mode", "audit", "--framework", "somerset-partnership-audit", "--area", "Somerset",
              "--theme", "Neglect in under-fives", "--notified", "2026-04-06", "--name", "AB",
              "--agency", "Somerset Council children's social care")

CASES = {
    "CR-104233": ("good", "safe-start", "Health visitor saw the baby weekly.", "Fathers were not invited to the core group.",
                  "Invite fathers to every core group."),
    "CR-104234": ("requires-improvement", "safe-community", "School flagged the reduced timetable early.",
                  "The exploitation screening tool was not used.", "Use the screening tool at the first missing episode."),
    "CR-104235": ("inadequate", "mental-health", "", "Eleven weeks from referral to first appointment.",
                  "Offer an interim contact within two weeks of referral."),
}


def entry(cli, code: str, ref: str, judgement: str):  # type: ignore[no-untyped-def]
    return cli("sea", "add", "--esn", code, "--judgement", judgement, "--source", "case-file",
               "--source-detail", "Social worker's case record", "--evidence-date", "2026-04-08",
               "--child", ref, "--text", "Effective early help reduced the risk to the baby.")


@pytest.fixture
def audit_home(cli, home: Path) -> Path:  # type: ignore[no-untyped-def]
    result = cli(*AUDIT_INIT)
    assert result.code == 0, result.err
    return home


def test_audit_mode_speaks_the_partnerships_language(cli, audit_home: Path) -> None:  # type: ignore[no-untyped-def]
    status = json.loads(cli("status", "--json").out)
    assert status["inspection"]["mode"] == "audit"
    assert status["inspection"]["packs"] == ["somerset-partnership-audit"]
    me = status["me"]
    assert (me["name"], me["role"], me["inspectorate"]) == ("AB", "lead", "")
    assert cli("child", "add", "CR-104233").code == 0
    result = cli("case", "grade", "CR-104233", "--grade", "good")
    assert result.out.strip() == "Graded case CR-104233: Good."
    listing = cli("case", "list")
    assert listing.out.strip().splitlines()[-1] == "1 case."
    assert "audit entries" in listing.out


def test_the_auditors_agency_is_stored_beside_their_initials(audit_home: Path) -> None:
    from store.workspace import Workspace
    from tests.conftest import PASSPHRASE

    ws = Workspace.open(audit_home, PASSPHRASE)
    try:
        assert ws.me["agency"] == "Somerset Council children's social care"
    finally:
        ws.close()


def test_audit_mode_needs_an_agency_and_an_inspection_still_needs_an_inspectorate(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    no_agency = [a for a in AUDIT_INIT if a not in ("--agency", "Somerset Council children's social care")]
    result = cli(*no_agency)
    assert result.code == 1 and "give --agency" in result.err
    no_inspectorate = INIT_ARGS[:-2]
    result = cli(*no_inspectorate, home_dir=tmp_path / "other")
    assert result.code == 1 and "needs --inspectorate" in result.err
    assert not home.exists() and not (tmp_path / "other").exists()


def test_an_audit_runs_end_to_end_and_the_report_holds_every_case_grade_and_recommendation(
        cli, audit_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for ref, (grade, strand, good, development, recommendation) in CASES.items():
        assert cli("child", "add", ref).code == 0
        assert cli("case", "grade", ref, "--grade", grade).code == 0
        args = ["case", "domain", ref, "--domain", strand, "--development", development, "--recommendation", recommendation]
        if good:
            args += ["--good-practice", good]
        result = cli(*args)
        assert result.code == 0, result.err
    for code, ref, judgement in (("P1.2", "CR-104233", "development"), ("p2.5", "CR-104234", "concern"),
                                 ("3.5", "CR-104235", "concern"), ("P2.1", "CR-104233", "strength")):
        result = entry(cli, code, ref, judgement)
        assert result.code == 0, result.err

    rows = json.loads(cli("case", "list", "--json").out)
    assert [(r["case_ref"], r["grade"]) for r in rows] == [(ref, v[0]) for ref, v in CASES.items()]
    assert rows[0]["domains"]["safe-start"]["recommendation"] == "Invite fathers to every core group."
    assert rows[0]["entries"] == 2

    summary = json.loads(cli("audit", "summary", "--json").out)
    assert [d["cases"] for d in summary["distribution"]] == [0, 1, 1, 1, 0]
    counts = {c["code"]: c["entries"] for c in summary["criteria"]}
    assert (counts["P1.2"], counts["P2.5"], counts["P3.5"], counts["P2.1"], counts["P1.1"]) == (1, 1, 1, 1, 0)

    md_path, docx_path = tmp_path / "audit.md", tmp_path / "audit.docx"
    result = cli("audit", "export", str(md_path))
    assert result.code == 0 and result.last_line == str(md_path)
    result = cli("audit", "export", "--format", "docx", str(docx_path))
    assert result.code == 0, result.err

    md = md_path.read_text(encoding="utf-8")
    from docx import Document

    doc = Document(io.BytesIO(docx_path.read_bytes()))
    docx_text = "\n".join([p.text for p in doc.paragraphs]
                          + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    for text in (md, docx_text):
        assert "Audit report: Somerset" in text
        assert "Somerset Council children's social care" in text
        for ref, (grade, _strand, _good, development, recommendation) in CASES.items():
            label = {"good": "Good", "requires-improvement": "Requires improvement", "inadequate": "Inadequate"}[grade]
            assert f"{ref}: {label}" in text
            assert recommendation in text and development in text
        assert "Safe Start to Life" in text and "Section 11 domains" not in text
    assert "| P2.5 | Child exploitation is addressed by clear pathways where there is suspected child exploitation. | 1 | 0 | 0 | 1 | 0 |" in md
    assert "| Requires improvement | 1 | 33% |" in md


def test_domain_notes_are_checked_for_names_as_sea_entries_are(cli, audit_home: Path) -> None:  # type: ignore[no-untyped-def]
    cli("child", "add", "CR-104233")
    refused = cli("case", "domain", "CR-104233", "--domain", "safe-start", "--development", "Sarah was not seen alone.")
    assert refused.code == 1 and "--confirm-no-names" in refused.err
    assert json.loads(cli("case", "list", "--json").out)[0]["domains"] == {}
    saved = cli("case", "domain", "CR-104233", "--domain", "safe-start", "--development", "Sarah was not seen alone.",
                "--confirm-no-names")
    assert saved.code == 0, saved.err


def test_case_verbs_refuse_plainly(cli, audit_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("child", "add", "CR-104233")
    assert "Unknown case reference 'CR-999999'" in cli("case", "grade", "CR-999999", "--grade", "good").err
    assert cli("case", "grade", "CR-104233", "--grade", "superb").code == 2  # not a grade of any shipped scale
    result = cli("case", "domain", "CR-104233", "--domain", "front-door", "--good-practice", "Quick.")
    assert "Unknown domain 'front-door'" in result.err
    result = cli("case", "domain", "CR-104233", "--domain", "safe-start")
    assert "Nothing to record" in result.err
    result = cli("audit", "export", str(tmp_path / "report.pdf"))
    assert result.code == 1 and ".docx" in result.err and ".md" in result.err


def test_an_inspection_has_no_grades_to_give(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    cli("child", "add", "CR-104233")
    result = cli("case", "grade", "CR-104233", "--grade", "good")
    assert result.code == 1 and "This inspection has no grading scale" in result.err
