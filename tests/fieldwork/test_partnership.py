"""The partnership's own quality assurance, read against the Somerset framework section by section:
the pack's [partnership] table, grading as the partnership's choice, activities, action plans and
the calendar. Case references, job titles and initials only."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldwork import partnership
from fieldwork.errors import ValidationError
from fieldwork.frameworks import load_pack

PACK = "somerset-partnership-audit"
QA = partnership.load(PACK)
AUDIT_INIT = ("init", "--mode", "audit", "--framework", PACK, "--area", "Somerset", "--theme", "Quality assurance year",
              "--name", "AB", "--agency", "Children's social care")
JTAI_TERMS = re.compile(r"notified|\bday \d+|tracked|sampled|para 78|\bKIT\b|keep-in-touch|findings meeting|"
                        r"letter of findings", re.IGNORECASE)


def test_section_5_and_8_the_three_priorities_are_the_case_audit_domains_in_the_frameworks_words() -> None:
    pack = load_pack(PACK)
    assert [s.label for s in pack.strands] == [
        "Safe Start to Life", "Safe in the Community", "Positive Mental Health and Emotional Wellbeing"]
    labels = {c.code: c.label for c in pack.criteria}
    assert labels["P1.2"] == ("Practitioners provide robust support for Somerset families at the earliest possible "
                              "stage, including involving fathers.")
    assert labels["P2.5"] == "Child exploitation is addressed by clear pathways where there is suspected child exploitation."
    assert len([c for c in pack.criteria if c.strand == "safe-community"]) == 8  # objectives 1) to 8)


def test_section_6_section_11_is_an_agency_self_assessment_with_six_domains_not_a_case_domain() -> None:
    assert "section-11" not in {s.id for s in load_pack(PACK).strands}
    assert [d.label for d in QA.s11.domains] == [
        "Leadership and governance", "Performance and outcomes", "Commissioning and quality",
        "Priorities and partnerships", "Resource and workforce management", "Culture and challenge"]
    assert [s.id for s in QA.s11.stages] == ["self-assessment", "survey", "workshop"]
    assert QA.s11.domain("Culture and challenge").id == "culture"
    with pytest.raises(ValidationError, match="Unknown Section 11 domain"):
        QA.s11.domain("safe-start")


def test_section_6_activities_report_along_the_frameworks_route() -> None:
    assert QA.activity("mape").reports_to == ("qa", "qp", "annual")
    assert QA.activity("insight-visit").timescale == "Three times per year"
    assert QA.activity("rapid-review").due_working_days == 15
    assert QA.group("qa").reports_to == "qp" and QA.group("qp").reports_to == "executive"
    assert QA.group("audit").frequency == "Quarterly"


def test_section_7_the_calendar_is_the_frameworks_table() -> None:
    def months(label: str) -> list[int]:
        return [i.month for i in QA.calendar if i.label.lstrip("> ").startswith(label)]

    assert months("Multi-Agency Audit") == [4, 7, 10, 1]
    assert sorted(months("SSCP Insight Visit")) == [1, 5, 9]  # three a year
    assert sorted(months("Focus Groups")) == [1, 7] and sorted(months("Safeguarding Conversation")) == [2, 9]
    assert sorted(months("Action Plan Evaluation group")) == [2, 4, 6, 8, 10, 12]
    assert sorted(months("SSCP Executive")) == [1, 3, 5, 7, 9, 11]
    assert months("Young Peoples Quality Assurance Panel") == [3]
    assert QA.year_starts == 4 and QA.quarter(date(2027, 1, 5)).label == "2026-27 Q4"


def test_section_7_a_year_view_gives_each_item_its_status() -> None:
    acts = [("a1", {"type": "case-audit", "month": "2026-04", "status": "completed"}),
            ("a2", {"type": "case-audit", "month": "2026-07", "status": "in-progress"})]
    cells = partnership.year_view(QA, 2026, acts, date(2026, 8, 15))
    status = {(c.month, c.label): c.status for c in cells}
    assert status[(4, "Multi-Agency Audit (Q1)")] == "completed"
    assert status[(7, "Multi-Agency Audit (Q2)")] == "in-progress"
    assert status[(10, "Multi-Agency Audit (Q3)")] == "not recorded"
    assert status[(5, "SSCP Insight Visit")] == "missed"
    assert status[(9, "SSCP Executive")] == "due" and status[(5, "SSCP Executive")] == "past"
    assert [(c.year, c.month) for c in cells][-1] == (2027, 3)


def test_grading_the_framework_sets_none_and_the_partnership_chooses() -> None:
    assert load_pack(PACK).grading == ()
    assert "sets no grading scale" in QA.grading_note
    assert all("not from the Somerset framework" in s.source for s in QA.scales)
    assert QA.grading(partnership.NO_GRADING) == ()
    assert [g.id for g in QA.grading("three-step")] == ["good", "requires-improvement", "inadequate"]
    assert QA.choose_scale(None) == QA.default_grading
    with pytest.raises(ValidationError, match="Unknown grading scale 'gold'"):
        QA.choose_scale("gold")


# --- through the CLI ------------------------------------------------------------------------------

@pytest.fixture
def qa_home(cli, home: Path) -> Path:  # type: ignore[no-untyped-def]
    result = cli(*AUDIT_INIT, "--grading", "three-step")
    assert result.code == 0, result.err
    assert cli("child", "add", "CR-200001").code == 0
    return home


def test_init_stores_the_chosen_scale_or_none(cli, qa_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert json.loads(cli("status", "--json").out)["inspection"]["grading"] == "three-step"
    assert cli("case", "grade", "CR-200001", "--grade", "outstanding").code == 1  # not on the chosen scale
    assert cli("case", "grade", "CR-200001", "--grade", "good").code == 0
    other = tmp_path / "ungraded"
    assert cli(*AUDIT_INIT, "--grading", "none", home_dir=other).code == 0
    cli("child", "add", "CR-200001", home_dir=other)
    result = cli("case", "grade", "CR-200001", "--grade", "good", home_dir=other)
    assert result.code == 1 and "no grading scale" in result.err
    bad = cli(*AUDIT_INIT, "--grading", "gold", home_dir=tmp_path / "bad")
    assert bad.code == 1 and "Unknown grading scale 'gold'" in bad.err


def test_an_inspection_still_needs_its_notification(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", "--area", "Testshire", "--theme", "Neglect", "--name", "AB", "--inspectorate", "ofsted")
    assert result.code == 1 and "--notified" in result.err


def test_section_6_each_activity_has_its_own_shape(cli, qa_home: Path) -> None:  # type: ignore[no-untyped-def]
    audit_id = cli("activity", "add", "--type", "case-audit", "--theme", "Neglect in under-fives", "--month", "2026-07",
                   "--source", "priorities", "--priority", "safe-start", "--case", "CR-200001",
                   "--response", "Police=Attended every strategy meeting.").last_line
    shown = json.loads(cli("activity", "show", audit_id, "--json").out)
    assert shown["responses"] == {"Police": "Attended every strategy meeting."}
    assert shown["cases"] == ["CR-200001"] and shown["quarter"] == "2026-27 Q2"
    assert shown["reports_to"] == ["executive", "qa", "audit", "qp", "annual"]
    refused = cli("activity", "add", "--type", "insight-visit", "--theme", "Early help", "--case", "CR-200001")
    assert refused.code == 1 and "does not record cases" in refused.err
    visit = cli("activity", "add", "--type", "insight-visit", "--theme", "Early help",
                "--practitioner", "Health visitor, Health", "--heard", "Thresholds are understood.").last_line
    assert json.loads(cli("activity", "show", visit, "--json").out)["practitioners"] == [
        {"title": "Health visitor", "agency": "Health"}]
    mape = cli("activity", "add", "--type", "mape", "--theme", "One family's journey", "--case", "CR-200001",
               "--agency", "Health").last_line
    assert json.loads(cli("activity", "show", mape, "--json").out)["lead_agency"] == "Children's social care"


def test_section_6_section_11_self_ratings_survey_counts_and_workshop_side_by_side(cli, qa_home: Path,  # type: ignore[no-untyped-def]
                                                                                   tmp_path: Path) -> None:
    s11 = cli("activity", "add", "--type", "s11", "--theme", "Section 11 cycle", "--month", "2026-07",
              "--rating", "Police:leadership=met", "--rating", "Health:culture=partly met").last_line
    survey = tmp_path / "survey.csv"
    survey.write_text("question,answer,count,domain\nDo you feel able to challenge a partner?,yes,12,culture\n"
                      "Do you feel able to challenge a partner?,no,3,culture\n", encoding="utf-8")
    assert cli("activity", "update", s11, "--survey-csv", str(survey)).code == 0
    assert cli("activity", "update", s11, "--domain-question", "workforce=Have you had supervision this quarter?",
               "--counts", "2=yes=20,no=6").code == 0
    assert cli("activity", "update", s11, "--workshop", "Peers found supervision records thin.",
               "--peer", "Health:culture=Staff described escalating to a partner without fear.").code == 0
    data = json.loads(cli("activity", "show", s11, "--json").out)
    rows = {r["domain"]: r for r in data["side_by_side"]}
    assert rows["leadership"]["self_ratings"] == {"Health": "", "Police": "met"}
    # The agency's self-rating, what the survey found and what the peers found, side by side.
    culture = rows["culture"]
    assert culture["self_ratings"]["Health"] == "partly met"
    assert culture["survey"] == [{"text": "Do you feel able to challenge a partner?", "counts": {"no": 3, "yes": 12}}]
    assert culture["peers"] == {"Health": "Staff described escalating to a partner without fear."}
    assert rows["workforce"]["survey"][0]["counts"] == {"no": 6, "yes": 20}
    assert data["workshop"] == "Peers found supervision records thin."
    shown = cli("activity", "show", s11).out
    assert "  survey: Do you feel able to challenge a partner? — no 3, yes 12" in shown
    assert "  peers on Health: Staff described escalating" in shown
    assert cli("activity", "update", s11, "--rating", "Police:leadership=excellent").code == 1


def test_section_6_a_rapid_review_is_due_15_working_days_after_notification(cli, qa_home: Path) -> None:  # type: ignore[no-untyped-def]
    rr = cli("activity", "add", "--type", "rapid-review", "--theme", "Serious incident", "--case", "CR-200001",
             "--notified", "2026-11-02", "--decision", "Local child safeguarding practice review").last_line
    data = json.loads(cli("activity", "show", rr, "--json").out)
    assert data["due"] == "2026-11-23" and data["decision"].startswith("Local")


def test_an_activity_shares_the_audit_entries_behind_it(cli, qa_home: Path) -> None:  # type: ignore[no-untyped-def]
    entry = cli("sea", "add", "--esn", "P1.2", "--judgement", "development", "--source", "case-file",
                "--source-detail", "Core group minutes", "--evidence-date", "2026-07-08", "--child", "CR-200001",
                "--text", "Fathers were not included, which left the risk unassessed.").last_line
    act = cli("activity", "add", "--type", "case-audit", "--theme", "Neglect", "--entry", entry[:8]).last_line
    assert json.loads(cli("activity", "show", act, "--json").out)["entries"] == [entry]
    assert "Evidence: 1 audit entry" in cli("activity", "show", act).out
    refused = cli("activity", "update", act, "--entry", "0000000000")
    assert refused.code == 1 and "No audit entry with the id" in refused.err


def test_the_name_check_guards_activities_and_actions(cli, qa_home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("activity", "add", "--type", "focus-group", "--theme", "Neglect tool", "--heard", "Sarah said the tool helps.")
    assert result.code == 1 and "Sarah" in result.err
    assert cli("activity", "list", "--json").out.strip() == "[]"


def test_section_6_action_plans_move_from_open_to_done_to_reviewed(cli, qa_home: Path) -> None:  # type: ignore[no-untyped-def]
    act = cli("activity", "add", "--type", "case-audit", "--theme", "Neglect", "--month", "2026-07").last_line
    late = (date.today() - timedelta(days=3)).isoformat()
    later = (date.today() + timedelta(days=30)).isoformat()
    a1 = cli("action", "add", "--activity", act, "--owner-agency", "Police", "--owner-title", "Detective inspector",
             "--due", late, "--text", "Brief all teams on the neglect tool.").last_line
    a2 = cli("action", "add", "--activity", act, "--owner-agency", "Health", "--owner-title", "Named nurse",
             "--due", later, "--text", "Audit the use of the neglect tool.").last_line
    rows = {r["id"]: r for r in json.loads(cli("action", "list", "--json").out)}
    assert (rows[a1]["overdue"], rows[a2]["overdue"]) == (True, False)
    assert cli("action", "review", a2, "--impact", "met").code == 1  # reviewed once done
    assert cli("action", "done", a1, "--evidence", "Briefing slides and attendance list.").code == 0
    assert cli("action", "review", a1, "--impact", "partly").code == 0
    rows = {r["id"]: r for r in json.loads(cli("action", "list", "--json").out)}
    assert (rows[a1]["state"], rows[a1]["impact"], rows[a1]["overdue"]) == ("reviewed", "partly", False)
    assert cli("action", "done", a1, "--evidence", "Again.").code == 1


def test_calendar_json_places_recorded_activities(cli, qa_home: Path) -> None:  # type: ignore[no-untyped-def]
    cli("activity", "add", "--type", "insight-visit", "--theme", "Early help", "--month", "2026-09", "--status", "in-progress")
    data = json.loads(cli("calendar", "--json", "--year", "2026").out)
    assert [m["name"] for m in data["months"]][:2] == ["April", "May"] and data["label"] == "2026-27"
    september = next(m for m in data["months"] if m["month"] == 9)
    visit = next(i for i in september["items"] if i["label"] == "SSCP Insight Visit")
    assert visit["status"] == "in-progress" and len(visit["activities"]) == 1


def test_audit_mode_never_shows_a_jtai_term(cli, qa_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    act = cli("activity", "add", "--type", "case-audit", "--theme", "Neglect", "--month", "2026-07",
              "--case", "CR-200001").last_line
    cli("action", "add", "--activity", act, "--owner-agency", "Police", "--owner-title", "Detective inspector",
        "--due", "2026-01-05", "--text", "Brief all teams.")
    cli("case", "grade", "CR-200001", "--grade", "good")
    report = tmp_path / "audit.md"
    old = (date.today() - timedelta(days=30)).isoformat()  # weeks late by para 78, which an audit does not use
    entry = cli("sea", "add", "--esn", "P1.2", "--judgement", "development", "--source", "case-file",
                "--source-detail", "Core group minutes", "--evidence-date", old, "--child", "CR-200001",
                "--text", "Fathers were not included, which left the risk unassessed.")
    assert entry.code == 0, entry.err
    outputs = [cli(*AUDIT_INIT, home_dir=tmp_path / "second").out, cli("status").out, entry.out + entry.err,
               cli("child", "add", "CR-200009").out, cli("sea", "list").out, cli("sea", "show", entry.last_line).out,
               cli("activity", "list").out, cli("activity", "show", act).out, cli("action", "list").out,
               cli("calendar").out, cli("case", "list").out, cli("audit", "summary").out,
               cli("audit", "export", str(report)).out]
    outputs.append(report.read_text(encoding="utf-8"))
    for text in outputs:
        assert not JTAI_TERMS.search(text), JTAI_TERMS.search(text)


# --- reports along the reporting route (section 6) and across quarters ------------------------------

def _year(cli) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Two quarterly audits of neglect, graded; an insight visit; actions overdue and reviewed."""
    for ref in ("CR-200002", "CR-200003"):
        cli("child", "add", ref)
    today = date.today()
    q_now = QA.quarter(today)
    this_month = f"{today.year}-{today.month:02d}"
    earlier = date(q_now.year - 1, 7, 1)
    ids = {}
    ids["old"] = cli("activity", "add", "--type", "case-audit", "--theme", "Neglect in under-fives",
                     "--month", earlier.isoformat()[:7], "--completed", earlier.isoformat(), "--case", "CR-200001",
                     "--case", "CR-200002", "--finding", "Fathers were rarely invited to core groups.").last_line
    ids["new"] = cli("activity", "add", "--type", "case-audit", "--theme", "Neglect in under-fives",
                     "--month", this_month, "--completed", today.isoformat(), "--case", "CR-200003",
                     "--finding", "Fathers were invited in every case.", "--learning", "Keep the template.").last_line
    ids["visit"] = cli("activity", "add", "--type", "insight-visit", "--theme", "Early help", "--month", this_month,
                       "--completed", today.isoformat(), "--heard", "Thresholds are understood.").last_line
    cli("case", "grade", "CR-200001", "--grade", "inadequate")
    cli("case", "grade", "CR-200002", "--grade", "requires-improvement")
    cli("case", "grade", "CR-200003", "--grade", "good")
    cli("action", "add", "--activity", ids["new"], "--owner-agency", "Police", "--owner-title", "Detective inspector",
        "--due", (today - timedelta(days=2)).isoformat(), "--text", "Brief all teams on the neglect tool.")
    done = cli("action", "add", "--activity", ids["old"], "--owner-agency", "Health", "--owner-title", "Named nurse",
               "--due", (today + timedelta(days=9)).isoformat(), "--text", "Audit the use of the neglect tool.").last_line
    cli("action", "done", done, "--evidence", "Audit results shared with the subgroup.")
    cli("action", "review", done, "--impact", "met")
    return ids


def test_section_6_an_exception_report_to_a_subgroup_holds_only_what_reports_to_it(cli, qa_home: Path,  # type: ignore[no-untyped-def]
                                                                                 tmp_path: Path) -> None:
    _year(cli)
    out = tmp_path / "qa.md"
    assert cli("report", "--for", "qa", "--format", "md", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Exception report to the SSCP Quality Assurance subgroup: Somerset")
    assert "| Which reports to | SSCP Quality and Performance subgroup |" in text
    assert "Fathers were invited in every case." in text and "**Learning**: Keep the template." in text
    assert "Early help" not in text  # insight visits report to Q&P and the Executive, not the QA subgroup
    assert "| Detective inspector, Police | Brief all teams on the neglect tool. | Neglect in under-fives |" in text
    assert "| Named nurse, Health | Audit the use of the neglect tool. | Met |" in text
    assert "| Neglect in under-fives | " in text and "| 1 | 0 | 0 | 0 |" in text  # this quarter: one case, good
    qp = tmp_path / "qp.md"
    assert cli("report", "--for", "qp", str(qp)).code == 0
    assert "Early help" in qp.read_text(encoding="utf-8")
    assert not JTAI_TERMS.search(text)


def test_the_12_monthly_report_draws_the_year_together_in_word(cli, qa_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    _year(cli)
    out = tmp_path / "annual.docx"
    assert cli("report", "--for", "annual", str(out)).code == 0
    doc = Document(str(out))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert doc.paragraphs[0].text.startswith("12 monthly report ")
    assert "Multi-Agency Audit: Neglect in under-fives" in body and "Insight visit: Early help" in body
    assert "Brief all teams on the neglect tool." in cells
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=1)  # the shared A4 base
    bad = cli("report", "--for", "annual", str(tmp_path / "annual.pdf"))
    assert bad.code == 1 and ".docx" in bad.err


def test_a_theme_across_quarters_with_a_terminal_plot(cli, qa_home: Path) -> None:  # type: ignore[no-untyped-def]
    _year(cli)
    points = json.loads(cli("trend", "--theme", "neglect", "--json").out)
    assert [(p["cases"], p["graded"], p["good"], p["findings"]) for p in points] == [(2, 2, 0, 1), (1, 1, 1, 1)]
    assert points[-1]["actions_overdue"] == 1 and points[0]["actions_reviewed"] == 1
    plot = cli("trend", "--theme", "neglect").out.splitlines()
    assert plot[0].endswith("actions 0 open (0 overdue), 0 done, 1 reviewed")
    assert "░" * 20 in plot[0] and "█" * 20 in plot[1]
    assert "0/2 good or better" in plot[0] and "1/1 good or better" in plot[1]
    assert "No activity" in cli("trend", "--theme", "drowning").out


def test_section_6_a_cspr_is_due_within_6_months_of_the_decision_with_its_milestones(cli, qa_home: Path) -> None:  # type: ignore[no-untyped-def]
    cspr = cli("activity", "add", "--type", "cspr", "--theme", "Learning from a serious incident", "--case", "CR-200001",
               "--decided", "2026-08-31", "--milestone", "2026-10-15=Independent author commissioned",
               "--milestone", "2026-09-20=Terms of reference agreed").last_line
    data = json.loads(cli("activity", "show", cspr[:8], "--json").out)  # an id prefix will do
    assert data["due"] == "2027-02-28"  # six months on, the month's last day where it is shorter
    assert [m["text"] for m in data["milestones"]] == ["Terms of reference agreed", "Independent author commissioned"]
    refused = cli("activity", "add", "--type", "cspr", "--theme", "Learning", "--decision", "Local review")
    assert refused.code == 1 and "does not record a decision" in refused.err


def test_activities_belong_to_audit_mode_only(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("activity", "add", "--type", "mape", "--theme", "A family's journey")
    assert result.code == 1 and "not in audit mode" in result.err
    assert cli("init", "--mode", "audit", "--framework", PACK, "--area", "Somerset", "--theme", "QA", "--name", "AB",
               "--agency", "Police", "--grading", "four-step", "--notified", "2026-01-01",
               home_dir=inspection.parent / "other").code == 0
    result = cli("init", "--area", "T", "--theme", "N", "--notified", "2026-11-10", "--name", "AB", "--inspectorate",
                 "ofsted", "--grading", "four-step", home_dir=inspection.parent / "third")
    assert result.code == 1 and "--grading" in result.err


def test_a_report_shows_what_each_activity_heard_in_its_own_shape(cli, qa_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    today = date.today().isoformat()
    cli("activity", "add", "--type", "insight-visit", "--theme", "Early help", "--month", today[:7], "--completed", today,
        "--practitioner", "Health visitor, Health", "--practitioner", "Neighbourhood officer, Police",
        "--heard", "Feedback after a referral is rare.")
    out = tmp_path / "exec.md"
    assert cli("report", "--for", "executive", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert "- Practitioners interviewed: 2 (Health, Police)" in text and "- Theme heard: Feedback after a referral is rare." in text
    annual = tmp_path / "annual.md"
    cli("report", "--for", "annual", str(annual))
    assert "| Report | 12 monthly report |" in annual.read_text(encoding="utf-8")
