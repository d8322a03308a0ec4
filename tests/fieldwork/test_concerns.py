"""Annex C concerns, the pure rules: fields, states, transitions, overdue, and the form renderers."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from fieldwork import concerns as con
from fieldwork.errors import AccessDenied, ValidationError
from fieldwork.render import annex_c

TODAY = date(2026, 11, 24)
LEAD, TEAM = "lead-id", "team-id"
RULES = con.ConcernRules(known_case_refs={"CR-104233", "CR-200001"}, team={LEAD, TEAM}, leads={LEAD})


def fields(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "case_refs": ["CR-104233", "CR-104234"],
        "referred_by": TEAM,
        "referred_on": "2026-11-18",
        "service": "Children's social care front door",
        "category": 1,
        "issues": "No strategy discussion followed a second referral about bruising.",
        "response_due": "2026-11-20",
    }
    base.update(over)
    return base


def raised(**over: Any) -> dict[str, Any]:
    return con.raise_concern(fields(**over), RULES, today=TODAY)


def sent() -> dict[str, Any]:
    return con.mark_sent(raised(), on="2026-11-18", today=TODAY)


def responded() -> dict[str, Any]:
    return con.record_response(sent(), text="A strategy discussion was held the next day.", received="2026-11-19", today=TODAY)


def evaluated() -> dict[str, Any]:
    return con.record_evaluation(
        responded(), RULES, text="The response is proportionate and timely.", by=TEAM, on="2026-11-20", today=TODAY
    )


def both_evaluated() -> dict[str, Any]:
    return con.record_evaluation(evaluated(), RULES, text="The lead agrees the response is proportionate.", by=LEAD, on="2026-11-20", today=TODAY)


def shared() -> dict[str, Any]:
    return con.share_evaluation(both_evaluated(), RULES, on="2026-11-20", by="keep-in-touch meeting", today=TODAY)


def signed() -> dict[str, Any]:
    return con.sign_off(
        shared(),
        RULES,
        chief_officer="Director of Children's Services",
        chief_officer_date="2026-11-21",
        lead=LEAD,
        lead_date="2026-11-23",
        today=TODAY,
    )


# --- raising --------------------------------------------------------------------------------


def test_raise_holds_every_referral_field_and_starts_raised() -> None:
    p = raised()
    assert p["state"] == "raised"
    assert p["case_refs"] == ["CR-104233", "CR-104234"]
    assert p["referred_by"] == TEAM
    assert p["referred_on"] == "2026-11-18"
    assert p["service"] == "Children's social care front door"
    assert p["category"] == 1
    assert p["issues"].startswith("No strategy discussion")
    assert p["response_due"] == "2026-11-20"
    assert set(p) == set(con.FIELDS)
    assert all(p[k] == "" for k in ("sent_on", "response", "evaluation", "chief_officer", "lead_inspector", "lead_signed"))


def test_case_refs_are_cleaned_deduplicated_and_accept_a_comma_list() -> None:
    p = raised(case_refs=" cr-104233 , CR-104234; cr-104234 ")
    assert p["case_refs"] == ["CR-104233", "CR-104234"]


def test_household_children_need_not_be_on_the_list_but_must_be_case_refs() -> None:
    assert raised(case_refs=["CR-104233", "CR-999999"])["case_refs"][1] == "CR-999999"
    with pytest.raises(ValidationError, match="'Sam' is not a case reference"):
        raised(case_refs=["CR-104233", "Sam"])


def test_the_child_referred_must_be_on_the_list() -> None:
    with pytest.raises(ValidationError, match="Unknown case reference 'CR-999999'.*first case reference is the child referred"):
        raised(case_refs=["CR-999999", "CR-104233"])


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"case_refs": []}, "needs the case reference of the child referred"),
        ({"referred_by": "stranger"}, "inspector referring is not on this inspection's team"),
        ({"referred_on": "18/11/2026"}, "Bad date of referral '18/11/2026': use YYYY-MM-DD"),
        ({"referred_on": "2026-11-25"}, "date of referral 2026-11-25 is in the future"),
        ({"service": "  "}, "service referred to is empty"),
        ({"category": None}, "needs a category: 1"),
        ({"category": 3}, "Unknown category '3'"),
        ({"issues": ""}, "issues that led to the referral is empty"),
        ({"response_due": None}, "needs a respond-by date"),
        ({"response_due": "2026-11-17"}, "response-required-by date 2026-11-17 is before the date of referral 2026-11-18"),
        ({"colour": "red"}, "Unknown concern field\\(s\\): colour"),
    ],
)
def test_raise_refuses_an_incomplete_or_wrong_form(over: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        raised(**over)


def test_category_accepts_the_forms_words() -> None:
    assert raised(category="Category 2")["category"] == 2
    assert raised(category="1")["category"] == 1


def test_referral_date_defaults_to_today_and_due_may_equal_it() -> None:
    p = raised(referred_on=None, response_due=TODAY.isoformat())
    assert p["referred_on"] == TODAY.isoformat() == p["response_due"]


def test_a_possible_name_in_the_issues_refuses_unless_confirmed() -> None:
    text = "Mother Sarah Jones told the social worker nothing had changed."
    with pytest.raises(ValidationError, match="Possible personal name .*Sarah.*Nothing was saved"):
        raised(issues=text)
    p = con.raise_concern(fields(issues=text), RULES, today=TODAY, confirm_no_names=True)
    assert p["issues"] == text and p["confirmed_no_names"] == ["issues"]
    assert raised()["confirmed_no_names"] == []


# --- transitions ----------------------------------------------------------------------------


def test_the_whole_path_forward_records_each_steps_fields() -> None:
    p = signed()
    assert p["state"] == "signed-off"
    assert p["sent_on"] == "2026-11-18"
    assert p["response_received"] == "2026-11-19" and p["response"].startswith("A strategy")
    assert (p["evaluated_by"], p["evaluated_on"]) == (TEAM, "2026-11-20")
    assert (p["chief_officer"], p["chief_officer_signed"]) == ("Director of Children's Services", "2026-11-21")
    assert (p["lead_inspector"], p["lead_signed"]) == (LEAD, "2026-11-23")


def test_each_step_leaves_its_input_unchanged() -> None:
    before = raised()
    snapshot = dict(before)
    con.mark_sent(before, on="2026-11-18", today=TODAY)
    assert before == snapshot


STEPS = {
    "sent": lambda p: con.mark_sent(p, on="2026-11-23", today=TODAY),
    "responded": lambda p: con.record_response(p, text="Done.", received="2026-11-23", today=TODAY),
    "evaluated": lambda p: con.record_evaluation(p, RULES, text="Assured.", by=TEAM, on="2026-11-23", today=TODAY),
    "shared": lambda p: con.share_evaluation(p, RULES, on="2026-11-23", by="secure email", today=TODAY),
    "signed-off": lambda p: con.sign_off(
        p, RULES, chief_officer="Director of Children's Services", chief_officer_date="2026-11-23", lead=LEAD, lead_date="2026-11-23", today=TODAY
    ),
}
AT = {"raised": raised, "sent": sent, "responded": responded, "evaluated": both_evaluated, "shared": shared, "signed-off": signed}


@pytest.mark.parametrize("state", con.STATES)
@pytest.mark.parametrize("target", con.STATES[1:])
def test_only_the_next_state_is_allowed(state: str, target: str) -> None:
    payload = AT[state]()
    if con.next_state(state) == target:
        assert STEPS[target](payload)["state"] == target
        return
    with pytest.raises(ValidationError) as err:
        STEPS[target](payload)
    if state == target == "evaluated":
        assert "already been evaluated by the raising inspector and the lead" in str(err.value)
    elif con.STATES.index(state) >= con.STATES.index(target):
        assert "a concern only moves forward" in str(err.value)
    else:
        assert "before you" in str(err.value)


def test_skipping_a_step_says_which_step_is_missing() -> None:
    with pytest.raises(ValidationError, match="This concern is raised: mark it sent before you record the agency's response"):
        STEPS["responded"](raised())


def test_next_state_runs_the_list_and_stops() -> None:
    assert [con.next_state(s) for s in con.STATES] == ["sent", "responded", "evaluated", "shared", "signed-off", None]
    assert con.next_state("bogus") is None


def test_unknown_state_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown state 'lost'"):
        con.mark_sent({**raised(), "state": "lost"}, on="2026-11-18", today=TODAY)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: con.mark_sent(raised(), on="2026-11-17", today=TODAY), "date sent 2026-11-17 is before the date of referral"),
        (lambda: con.mark_sent(raised(), on="2026-11-25", today=TODAY), "date sent 2026-11-25 is in the future"),
        (lambda: con.record_response(sent(), text=" ", received="2026-11-19", today=TODAY), "agency's response is empty"),
        (lambda: con.record_response(sent(), text="Ok.", received="2026-11-17", today=TODAY), "is before the date sent"),
        (lambda: con.record_evaluation(responded(), RULES, text="", by=TEAM, on="2026-11-20", today=TODAY), "evaluation is empty"),
        (lambda: con.record_evaluation(responded(), RULES, text="Ok.", by="x", on="2026-11-20", today=TODAY), "inspector evaluating is not on"),
        (lambda: con.record_evaluation(responded(), RULES, text="Ok.", by=TEAM, on="2026-11-18", today=TODAY), "before the date the response was received"),
        (
            lambda: con.sign_off(shared(), RULES, chief_officer="", chief_officer_date="2026-11-21", lead=LEAD, lead_date="2026-11-21", today=TODAY),
            "chief officer's job title is empty",
        ),
        (
            lambda: con.sign_off(shared(), RULES, chief_officer="Director", chief_officer_date="2026-11-19", lead=LEAD, lead_date="2026-11-21", today=TODAY),
            "chief officer's sign-off date 2026-11-19 is before the date the evaluation was shared",
        ),
        (
            lambda: con.sign_off(shared(), RULES, chief_officer="Director", chief_officer_date="2026-11-21", lead=LEAD, lead_date="2026-12-01", today=TODAY),
            "lead inspector's sign-off date 2026-12-01 is in the future",
        ),
    ],
)
def test_each_step_needs_its_fields_in_order(make: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make()


def test_only_the_lead_signs_off() -> None:
    with pytest.raises(AccessDenied, match="Only the lead inspector signs off"):
        con.sign_off(
            shared(), RULES, chief_officer="Director of Children's Services", chief_officer_date="2026-11-21", lead=TEAM, lead_date="2026-11-21", today=TODAY
        )


def test_a_name_as_chief_officer_needs_confirming_and_is_remembered() -> None:
    args = dict(chief_officer="Mr Graham Holt", chief_officer_date="2026-11-21", lead=LEAD, lead_date="2026-11-21", today=TODAY)
    with pytest.raises(ValidationError, match="Possible personal name .* in the chief officer's job title"):
        con.sign_off(shared(), RULES, **args)  # type: ignore[arg-type]
    p = con.sign_off(shared(), RULES, confirm_no_names=True, **args)  # type: ignore[arg-type]
    assert p["confirmed_no_names"] == ["chief_officer"]


def test_names_in_the_response_and_evaluation_need_confirming() -> None:
    name = "Karen Whitfield, the social worker, visited."
    with pytest.raises(ValidationError, match="in the agency's response"):
        con.record_response(sent(), text=name, received="2026-11-19", today=TODAY)
    r = con.record_response(sent(), text=name, received="2026-11-19", today=TODAY, confirm_no_names=True)
    with pytest.raises(ValidationError, match="in the inspector's evaluation"):
        con.record_evaluation(r, RULES, text=name, by=TEAM, on="2026-11-20", today=TODAY)
    e = con.record_evaluation(r, RULES, text=name, by=TEAM, on="2026-11-20", today=TODAY, confirm_no_names=True)
    assert e["confirmed_no_names"] == ["evaluation", "response"]


# --- overdue ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "overdue", "days"),
    # Due Friday 20 November 2026: the weekend is not overdue; Monday is one working day late.
    [(date(2026, 11, 19), False, 0), (date(2026, 11, 20), False, 0), (date(2026, 11, 21), False, 0),
     (date(2026, 11, 23), True, 1), (date(2026, 12, 1), True, 7)],
)
def test_para_74_overdue_counts_working_days_after_the_response_was_due(today: date, overdue: bool, days: int) -> None:
    for payload in (raised(), sent()):
        assert con.is_overdue(payload, today) is overdue
        assert con.days_overdue(payload, today) == days


@pytest.mark.parametrize("state", ["responded", "evaluated", "shared", "signed-off"])
def test_a_received_response_is_never_overdue(state: str) -> None:
    assert not con.is_overdue(AT[state](), date(2027, 1, 1))


def test_awaiting_response_is_raised_or_sent() -> None:
    assert [con.awaiting_response(AT[s]()) for s in con.STATES] == [True, True, False, False, False, False]


def test_dates_names_every_date_on_the_form() -> None:
    assert con.dates(signed()) == {
        "referred": "2026-11-18",
        "response_due": "2026-11-20",
        "sent": "2026-11-18",
        "response_received": "2026-11-19",
        "evaluated": "2026-11-20",
        "shared_with_senior_officer": "2026-11-20",
        "chief_officer_signed": "2026-11-21",
        "lead_signed": "2026-11-23",
    }


# --- the form -----------------------------------------------------------------------------------

NAMES = {LEAD: "AB", TEAM: "CD"}
VALUES = [
    "CR-104233, CR-104234",
    "CD",
    "2026-11-18",
    "Children's social care front door",
    "2026-11-20",
    "No strategy discussion followed a second referral about bruising.",
    "A strategy discussion was held the next day.",
    "2026-11-19",
    "The response is proportionate and timely.",
    "Director of Children's Services",
    "2026-11-21",
    "AB",
    "2026-11-23",
]
LABELS = [
    annex_c.CASE_DETAILS,
    annex_c.REASONS,
    annex_c.CASE_NUMBERS,
    annex_c.INSPECTOR,
    annex_c.REFERRED,
    annex_c.SERVICE,
    annex_c.DUE,
    annex_c.ISSUES,
    annex_c.RESPONSE,
    annex_c.EVALUATION,
    annex_c.SIGN_OFF,
    annex_c.CHIEF_OFFICER,
    annex_c.LEAD,
]


def test_markdown_holds_every_field_and_ticks_the_category() -> None:
    text = annex_c.markdown(annex_c.form(signed(), NAMES, area="Testshire", ref="abcd1234"))
    for value in VALUES + LABELS + ["Testshire", "abcd1234", "Signed off"]:
        assert value in text, value
    assert "- [x] **Category 1**" in text and "- [ ] **Category 2**" in text
    assert text.startswith(f"# {annex_c.TITLE}\n")
    for heading in (annex_c.CASE_DETAILS, annex_c.REASONS, annex_c.RESPONSE, annex_c.EVALUATION, annex_c.SIGN_OFF):
        assert f"\n## {heading}\n" in text
    assert "lead-id" not in text and "team-id" not in text  # inspectors by initials, never ids


def test_markdown_keeps_free_text_from_reshaping_the_form() -> None:
    p = con.raise_concern(fields(issues="# Not a heading\n| not | a table |", category=2), RULES, today=TODAY)
    text = annex_c.markdown(annex_c.form(p, NAMES))
    assert "\n> # Not a heading\n> | not | a table |\n" in text
    assert "- [ ] **Category 1**" in text and "- [x] **Category 2**" in text
    assert text.count(annex_c._PENDING) >= 5  # response, evaluation and sign-off not yet recorded


def _docx_text(data: bytes) -> tuple[Any, str]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return doc, "\n".join(parts)


def test_docx_reopens_with_every_field_in_a_table_laid_out_like_annex_c() -> None:
    data = annex_c.docx_bytes(annex_c.form(signed(), NAMES, area="Testshire", ref="abcd1234"))
    doc, text = _docx_text(data)
    for value in VALUES + LABELS:
        assert value in text, value
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    assert table.cell(1, 1).text.startswith(f"{annex_c.TICKED} Category 1")
    assert table.cell(2, 1).text.startswith(f"{annex_c.UNTICKED} Category 2")
    # The issues, like the response and the evaluation, take the page's width (a row of their own).
    assert table.cell(6, 0)._tc is table.cell(6, 1)._tc and table.cell(6, 0).text.startswith(annex_c.ISSUES)
    assert table.cell(10, 0).text == "Chief officer: Director of Children's Services"
    assert table.cell(10, 1).text == "Lead inspector: AB"
    assert table.cell(11, 0).text == "Date: 2026-11-21" and table.cell(11, 1).text == "Date: 2026-11-23"
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [annex_c.TITLE]
    cell_headings = {
        p.text for row in table.rows for cell in row.cells for p in cell.paragraphs if p.style.name == "Heading 2"
    }
    assert cell_headings == {annex_c.CASE_DETAILS, annex_c.REASONS, annex_c.ISSUES, annex_c.RESPONSE, annex_c.EVALUATION, annex_c.SIGN_OFF}
    assert doc.core_properties.author == "" and doc.core_properties.title == annex_c.TITLE


def test_docx_of_a_new_concern_leaves_the_agencys_part_blank() -> None:
    doc, text = _docx_text(annex_c.docx_bytes(annex_c.form(raised(category=2), NAMES)))
    table = doc.tables[0]
    assert table.cell(1, 1).text.startswith(annex_c.UNTICKED) and table.cell(2, 1).text.startswith(annex_c.TICKED)
    assert table.cell(10, 0).text == "Chief officer: " and table.cell(11, 1).text == "Date: "
    assert "not yet recorded" not in text


# --- the CLI twins ------------------------------------------------------------------------------

RAISE = (
    "concern", "raise", "--case", "CR-104233", "--case", "CR-104234", "--service", "Police public protection unit",
    "--category", "1", "--issues", "No strategy discussion followed a second referral about bruising.",
    "--respond-by", "2026-11-20", "--referred", "2026-11-18",
)


@pytest.fixture
def raised_id(cli, inspection) -> str:  # type: ignore[no-untyped-def]
    assert cli("child", "add", "CR-104233").code == 0
    result = cli(*RAISE)
    assert result.code == 0, result.err
    return result.last_line


def test_cli_raise_prints_the_new_id_alone_on_the_last_line(cli, raised_id: str) -> None:  # type: ignore[no-untyped-def]
    import json

    assert len(raised_id) == 36 and raised_id.count("-") == 4
    listed = json.loads(cli("concern", "list", "--json").out)
    assert [c["id"] for c in listed] == [raised_id]


def test_cli_list_json_has_the_contract_keys(cli, raised_id: str) -> None:  # type: ignore[no-untyped-def]
    import json

    (row,) = json.loads(cli("concern", "list", "--json").out)
    assert {"id", "case_refs", "category", "service", "state", "response_due", "overdue", "referred_by", "dates"} <= set(row)
    assert row["case_refs"] == ["CR-104233", "CR-104234"] and row["category"] == 1 and row["state"] == "raised"
    assert row["referred_by"] == "AB" and row["dates"]["referred"] == "2026-11-18"
    assert row["overdue"] is (date.today() > date(2026, 11, 20))
    assert json.loads(cli("concern", "list", "--json", "--state", "sent").out) == []


def test_cli_walks_a_concern_to_sign_off_and_exports_both_formats(cli, raised_id: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from docx import Document

    steps = [
        ("concern", "sent", raised_id, "--on", "2026-11-18"),
        ("concern", "respond", raised_id, "--text", "A strategy discussion was held.", "--received", "2026-11-19"),
        ("concern", "evaluate", raised_id, "--text", "Proportionate and timely.", "--on", "2026-11-20"),
        ("concern", "share", raised_id, "--by", "keep-in-touch meeting", "--on", "2026-11-20"),
        ("concern", "signoff", raised_id, "--chief-officer", "Director of Children's Services", "--chief-officer-date", "2026-11-21"),
    ]
    for argv in steps:
        result = cli(*argv)
        assert result.code == 0, result.err
        assert result.last_line == raised_id
    shown = json.loads(cli("concern", "show", raised_id[:8], "--json").out)
    assert shown["state"] == "signed-off" and shown["lead_inspector"] == "AB"
    assert shown["evaluation"] == "Proportionate and timely." and shown["chief_officer"] == "Director of Children's Services"
    md, docx_path = tmp_path / "form.md", tmp_path / "form.docx"
    assert cli("concern", "export", raised_id, "--format", "md", str(md)).code == 0
    assert cli("concern", "export", raised_id, "--format", "docx", str(docx_path)).code == 0
    text = md.read_text()
    for value in ("CR-104233, CR-104234", "Police public protection unit", "2026-11-20", "A strategy discussion was held.", "Proportionate and timely.", "2026-11-21"):
        assert value in text
    doc = Document(str(docx_path))
    cells = "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "Director of Children's Services" in cells and "Lead inspector: AB" in cells
    plain = cli("concern", "show", raised_id)
    assert "Signed off" in plain.out and plain.code == 0


def test_cli_refusals_are_one_plain_line(cli, raised_id: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = cli("concern", "respond", raised_id, "--text", "Done.")
    assert result.code == 1
    assert result.err.strip() == "fieldwork: This concern is raised: mark it sent before you record the agency's response."
    named_args = (*RAISE[:-6], "--issues", "Sarah Jones hit the child.", "--respond-by", "2026-11-20", "--referred", "2026-11-18")
    named = cli(*named_args)
    assert named.code == 1 and "Possible personal name" in named.err and "--confirm-no-names" in named.err
    assert cli(*named_args, "--confirm-no-names").code == 0
    no_format = cli("concern", "export", raised_id, str(tmp_path / "form.txt"))
    assert no_format.code == 1 and "end the file name in .docx or .md" in no_format.err  # Word would not open .txt
    assert cli("concern", "export", raised_id, str(tmp_path / "form.md")).code == 0  # format from the extension


# --- para 74: two evaluators, sharing with the senior officer, then sign-off --------------------


def test_para_74_the_raising_inspector_and_the_lead_both_evaluate() -> None:
    one = evaluated()
    assert con.evaluators_missing(one, RULES) == ["the lead inspector"]
    both = both_evaluated()
    assert con.evaluators_missing(both, RULES) == []
    assert [(e["by"], e["on"]) for e in con.evaluations_of(both)] == [(TEAM, "2026-11-20"), (LEAD, "2026-11-20")]
    assert both["state"] == "evaluated" and both["evaluated_by"] == TEAM  # the form's box keeps the first
    with pytest.raises(ValidationError, match="already been evaluated by the raising inspector and the lead"):
        con.record_evaluation(both, RULES, text="Again.", by=TEAM, on="2026-11-20", today=TODAY)


def test_para_74_one_evaluator_cannot_evaluate_twice() -> None:
    with pytest.raises(ValidationError, match="already evaluated"):
        con.record_evaluation(evaluated(), RULES, text="Again.", by=TEAM, on="2026-11-20", today=TODAY)


def test_para_74_the_lead_who_raised_a_concern_evaluates_once_for_both() -> None:
    p = con.mark_sent(raised(referred_by=LEAD), on="2026-11-18", today=TODAY)
    p = con.record_response(p, text="Held.", received="2026-11-19", today=TODAY)
    p = con.record_evaluation(p, RULES, text="Assured.", by=LEAD, on="2026-11-19", today=TODAY)
    assert con.evaluators_missing(p, RULES) == []
    assert con.share_evaluation(p, RULES, on="2026-11-19", by="secure email", today=TODAY)["state"] == "shared"


def test_para_74_sharing_needs_both_evaluations_and_records_when_and_how() -> None:
    with pytest.raises(ValidationError, match="Para 74 asks the lead inspector to evaluate the response too"):
        con.share_evaluation(evaluated(), RULES, on="2026-11-20", by="secure email", today=TODAY)
    p = shared()
    assert (p["shared_with_senior_officer_on"], p["shared_by"]) == ("2026-11-20", "keep-in-touch meeting")
    with pytest.raises(ValidationError, match="before the date of the last evaluation"):
        con.share_evaluation(both_evaluated(), RULES, on="2026-11-19", by="secure email", today=TODAY)
    with pytest.raises(ValidationError, match="means by which the evaluation was shared is empty"):
        con.share_evaluation(both_evaluated(), RULES, on="2026-11-20", by=" ", today=TODAY)


def test_para_74_sign_off_needs_the_evaluation_shared_first() -> None:
    with pytest.raises(ValidationError, match="record that the evaluation was shared with the senior officer before you sign it off"):
        con.sign_off(both_evaluated(), RULES, chief_officer="Director of Children's Services", chief_officer_date="2026-11-21",
                     lead=LEAD, lead_date="2026-11-21", today=TODAY)
    assert signed()["state"] == "signed-off"


def test_para_74_a_category_1_concern_not_sent_counts_hours_from_the_moment_it_is_raised() -> None:
    from datetime import datetime

    at = datetime(2026, 11, 24, 9, 0)
    p = raised()
    assert con.unsent_urgent(p)
    assert con.unsent_hours(p, at, at) == 0.0
    assert con.unsent_hours(p, at, datetime(2026, 11, 24, 11, 30)) == 2.5
    assert con.unsent_hours(sent(), at, datetime(2026, 11, 24, 11, 30)) is None
    assert not con.unsent_urgent(raised(category=2)) and not con.unsent_urgent(sent())


def test_para_37_a_response_due_after_day_13_is_warned_about() -> None:
    day_13 = date(2026, 11, 27)
    assert con.response_due_warning(raised(response_due="2026-11-27"), day_13) == ""
    text = con.response_due_warning(raised(response_due="2026-11-30"), day_13)
    assert "after day 13 (2026-11-27), the last day on site" in text and "keep-in-touch meetings (para 35-37, 74)" in text


def test_para_72_overdue_is_said_in_working_days_in_words() -> None:
    assert con.overdue_words(0) == ""
    assert con.overdue_words(1) == "1 working day overdue"
    assert con.overdue_words(3) == "3 working days overdue"


def test_annex_c_referral_fields_can_be_corrected_until_sign_off() -> None:
    p = con.edit_referral(sent(), {"service": "Police public protection unit", "response_due": "2026-11-23"}, RULES, today=TODAY)
    assert (p["service"], p["response_due"], p["state"], p["sent_on"]) == ("Police public protection unit", "2026-11-23", "sent", "2026-11-18")
    with pytest.raises(ValidationError, match="is before the date of referral"):
        con.edit_referral(sent(), {"response_due": "2026-11-01"}, RULES, today=TODAY)
    with pytest.raises(ValidationError, match="Only the referral's fields"):
        con.edit_referral(sent(), {"response": "x"}, RULES, today=TODAY)
    with pytest.raises(ValidationError, match="Possible personal name"):
        con.edit_referral(sent(), {"issues": "Mother Sarah Jones said nothing had changed."}, RULES, today=TODAY)
    with pytest.raises(ValidationError, match="signed off: its form is final"):
        con.edit_referral(signed(), {"service": "Health"}, RULES, today=TODAY)


def test_para_74_concern_list_json_carries_the_contract_keys(cli, raised_id: str) -> None:  # type: ignore[no-untyped-def]
    import json

    (row,) = json.loads(cli("concern", "list", "--json").out)
    assert {"evaluations", "shared_with_senior_officer_on", "unsent_hours"} <= set(row)
    assert row["evaluations"] == [] and row["shared_with_senior_officer_on"] == ""
    assert isinstance(row["unsent_hours"], float) and row["unsent_hours"] >= 0
    for argv in (
        ("concern", "sent", raised_id, "--on", "2026-11-18"),
        ("concern", "respond", raised_id, "--text", "Held.", "--received", "2026-11-19"),
        ("concern", "evaluate", raised_id, "--text", "Assured.", "--on", "2026-11-20"),
        ("concern", "share", raised_id, "--by", "secure email", "--on", "2026-11-20"),
    ):
        assert cli(*argv).code == 0
    (row,) = json.loads(cli("concern", "list", "--json").out)
    assert row["evaluations"] == [{"by": "AB", "on": "2026-11-20"}]
    assert row["shared_with_senior_officer_on"] == "2026-11-20" and row["unsent_hours"] is None


def test_para_74_cli_edit_is_recorded_and_a_late_response_by_day_warns(cli, raised_id: str) -> None:  # type: ignore[no-untyped-def]
    import json

    result = cli("concern", "edit", raised_id, "--respond-by", "2027-03-01")
    assert result.code == 0, result.err
    assert "after day 13" in result.err and result.last_line == raised_id
    history = json.loads(cli("history", raised_id, "--json").out)
    assert len(history["versions"]) == 2
