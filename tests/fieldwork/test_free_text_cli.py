"""Para 80 in every stored free-text field of every record kind, through the CLI (issue 13).

For each field `fieldwork.free_text` calls free text, one command writes a possible name into that
field alone: it is refused in one line naming the word and the field, nothing is written, and the
same command with --confirm-no-names is taken. A table of cases keeps this honest: a field added to
`FREE_TEXT` without a case here fails `test_every_free_text_field_has_a_case`.

The names are made up and exist only as input for the checker, as in the SEA's own tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from fieldwork import free_text
from tests.conftest import INIT_ARGS

NAME = "Sarah Jones"
TODAY_ISH = "2026-11-24"  # a working day of the inspection's fieldwork week (INIT_ARGS: notified 2026-11-10)
ENTRY = ("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview", "--source-detail",
         "MASH team manager", "--evidence-date", "2026-11-23T10:30", "--child", "CR-104233",
         "--text", "Information sharing between police and children's social care was timely.")
AUDIT_INIT = ("init", "--mode", "audit", "--framework", "somerset-partnership-audit", "--area", "Somerset",
              "--theme", "Neglect in under-fives", "--name", "AB", "--agency", "Health")

Cli = Callable[..., Any]


def ok(cli: Cli, *argv: str) -> str:
    done = cli(*argv)
    assert done.code == 0, (argv, done.err)
    return str(done.last_line)


def _inspection(cli: Cli) -> dict[str, str]:
    ok(cli, *INIT_ARGS)
    ok(cli, "child", "add", "CR-104233", "--stage", "tracked")
    ok(cli, *ENTRY)
    sea = json.loads(cli("sea", "list", "--json").out)[0]["id"]
    return {"sea": sea}


def _concern(cli: Cli, upto: str) -> dict[str, str]:
    """A concern raised by the lead, moved along to just before `upto`."""
    ids = _inspection(cli)
    concern = ok(cli, "concern", "raise", "--case", "CR-104233", "--service", "Children's social care", "--category", "1",
                 "--issues", "No strategy discussion was held.", "--respond-by", "2026-11-26", "--referred", "2026-11-20")
    steps = [("sent", ("concern", "sent", concern, "--on", "2026-11-20")),
             ("respond", ("concern", "respond", concern, "--text", "A strategy discussion is now booked.", "--received", "2026-11-21")),
             ("evaluate", ("concern", "evaluate", concern, "--text", "The response is adequate.", "--on", "2026-11-22")),
             ("share", ("concern", "share", concern, "--by", "keep-in-touch meeting", "--on", "2026-11-23"))]
    for step, argv in steps:
        if step == upto:
            break
        ok(cli, *argv)
    return {**ids, "concern": concern}


def _audit(cli: Cli) -> dict[str, str]:
    ok(cli, *AUDIT_INIT)
    ok(cli, "child", "add", "CR-200001")
    activity = ok(cli, "activity", "add", "--type", "case-audit", "--theme", "Neglect in under-fives", "--month", "2026-07")
    action = ok(cli, "action", "add", "--activity", activity, "--owner-agency", "Police", "--owner-title",
                "Detective inspector", "--due", "2026-09-30", "--text", "Brief the team on neglect screening.")
    return {"activity": activity, "action": action}


def _plan(cli: Cli) -> dict[str, str]:
    ids = _inspection(cli)
    activity = ok(cli, "plan", "add", "--type", "interview", "--day", TODAY_ISH, "--start", "09:30", "--end", "10:30",
                  "--place", "Civic Centre", "--inspector", "AB")
    return {**ids, "plan": activity}


def add_activity(kind: str, *more: str) -> tuple[str, ...]:
    return ("activity", "add", "--type", kind, "--theme", "Early help", *more)


PLAN = ("plan", "add", "--type", "interview", "--day", TODAY_ISH, "--start", "11:00", "--end", "12:00", "--inspector", "AB")
KIT = ("meeting", "add", "--type", "kit", "--on", TODAY_ISH, "--attendee", "AB")


@dataclass(frozen=True)
class Case:
    kind: str
    path: str
    setup: Callable[[Cli], dict[str, str]]
    argv: Callable[[dict[str, str]], tuple[str, ...]]
    # Where the command cannot succeed once confirmed (no second device to revoke), the check is
    # only that the confirmation gets past the name check.
    confirmable: bool = True


CASES: list[Case] = [
    Case("revocation", "reason", _inspection, lambda i: ("device", "revoke", "0000ffff", "--reason", f"Lost by {NAME}"),
         confirmable=False),
    Case("criterion", "label", _inspection,
         lambda i: ("framework", "add-criterion", "--label", f"Cases held by {NAME} are reviewed", "--strand", "front-door")),
    Case("criterion", "prompt", _inspection,
         lambda i: ("framework", "add-criterion", "--label", "Local issue", "--strand", "front-door", "--prompt", f"Ask {NAME}")),
    Case("child", "agencies[]", _inspection, lambda i: ("child", "add", "CR-104299", "--agency", NAME)),
    Case("sea", "text", _inspection, lambda i: (*ENTRY[:-1], f"{NAME} shared the information on time.")),
    Case("sea", "source_detail", _inspection, lambda i: (*ENTRY, "--source-detail", NAME)),
    Case("sea", "agencies[]", _inspection, lambda i: (*ENTRY, "--agency", NAME)),
    Case("concern", "service", _inspection,
         lambda i: ("concern", "raise", "--case", "CR-104233", "--service", NAME, "--category", "1",
                    "--issues", "No strategy discussion.", "--respond-by", "2026-11-26", "--referred", "2026-11-20")),
    Case("concern", "issues", _inspection,
         lambda i: ("concern", "raise", "--case", "CR-104233", "--service", "Police", "--category", "1",
                    "--issues", f"{NAME} was not seen.", "--respond-by", "2026-11-26", "--referred", "2026-11-20")),
    Case("concern", "response", lambda c: _concern(c, "respond"),
         lambda i: ("concern", "respond", i["concern"], "--text", f"{NAME} will call.", "--received", "2026-11-21")),
    Case("concern", "evaluation", lambda c: _concern(c, "evaluate"),
         lambda i: ("concern", "evaluate", i["concern"], "--text", f"{NAME} answered well.", "--on", "2026-11-22")),
    Case("concern", "evaluations[].text", lambda c: _concern(c, "evaluate"),
         lambda i: ("concern", "evaluate", i["concern"], "--text", f"As {NAME} said.", "--on", "2026-11-22")),
    Case("concern", "shared_by", lambda c: _concern(c, "share"),
         lambda i: ("concern", "share", i["concern"], "--by", f"email to {NAME}", "--on", "2026-11-23")),
    Case("concern", "chief_officer", lambda c: _concern(c, "signoff"),
         lambda i: ("concern", "signoff", i["concern"], "--chief-officer", NAME, "--chief-officer-date", "2026-11-24",
                    "--lead-date", "2026-11-24")),
    Case("finding", "scope", _inspection,
         lambda i: ("finding", "add", "--type", "strength", "--scope", NAME, "--text", "Timely sharing.", "--sea", i["sea"])),
    Case("finding", "text", _inspection,
         lambda i: ("finding", "add", "--type", "strength", "--scope", "partnership", "--text", f"{NAME} shared on time.",
                    "--sea", i["sea"])),
    Case("letter-summary", "text", _inspection, lambda i: ("finding", "summary", "--text", f"Thanks to {NAME}.")),
    Case("letter-details", "recipients[].agency", _inspection,
         lambda i: ("letter", "recipients", "add", "--agency", NAME, "--title", "Chief constable")),
    Case("letter-details", "recipients[].title", _inspection,
         lambda i: ("letter", "recipients", "add", "--agency", "Police", "--title", NAME)),
    Case("letter-details", "statement_agencies[]", _inspection,
         lambda i: ("letter", "statement-of-action", "--required", "yes", "--agency", NAME)),
    Case("plan-activity", "place", _inspection, lambda i: (*PLAN, "--place", f"{NAME}'s office")),
    Case("plan-activity", "meeting[]", _inspection, lambda i: (*PLAN, "--place", "Civic Centre", "--meet", NAME)),
    Case("plan-activity", "agencies[]", _inspection, lambda i: (*PLAN, "--place", "Civic Centre", "--agency", NAME)),
    Case("plan-activity", "support_detail", _inspection,
         lambda i: (*PLAN, "--place", "Civic Centre", "--support", "needed", "--support-detail", f"{NAME} interprets")),
    Case("plan-activity", "note", _inspection, lambda i: (*PLAN, "--place", "Civic Centre", "--note", f"Ask {NAME}.")),
    Case("plan-activity", "reason", _plan,
         lambda i: ("plan", "move", i["plan"], "--start", "10:00", "--end", "11:00", "--reason", f"{NAME} is late")),
    Case("allocation", "group", _inspection, lambda i: ("allocate", "--group", f"{NAME}'s caseload", "--inspector", "AB")),
    Case("allocation", "reason", _inspection,
         lambda i: ("allocate", "CR-104233", "--inspector", "AB", "--reason", f"{NAME} asked")),
    Case("consent", "reason", _inspection,
         lambda i: ("child", "consent", "CR-104233", "--child", "refused", "--reason", f"{NAME} declined")),
    Case("joint-evaluation", "quality", _inspection,
         lambda i: ("evaluation", "record", "CR-104233", "--received-on", "2026-11-19", "--quality", f"{NAME} wrote it well.",
                    "--sea", i["sea"])),
    Case("meeting", "present[]", _inspection, lambda i: (*KIT, "--present", NAME)),
    Case("meeting", "challenges[]", _inspection, lambda i: (*KIT, "--challenge", f"{NAME} disputed the sample")),
    Case("meeting", "further_evidence[]", _inspection, lambda i: (*KIT, "--further-evidence", f"{NAME}'s records")),
    Case("meeting", "redeployments[]", _inspection, lambda i: (*KIT, "--redeployment", f"{NAME} moved to the deep dive")),
    Case("meeting", "actions[].what", _inspection, lambda i: (*KIT, "--action", "AB", f"Call {NAME}", "2026-11-25")),
    Case("meeting", "agency_offers[]", _inspection,
         lambda i: ("meeting", "add", "--type", "feedback", "--on", TODAY_ISH, "--offer-agency", NAME)),
    Case("meeting", "note", _inspection, lambda i: (*KIT, "--note", f"{NAME} chaired.")),
    Case("case-domain", "good_practice", _audit,
         lambda i: ("case", "domain", "CR-200001", "--domain", "safe-start", "--good-practice", f"{NAME} visited weekly.")),
    Case("case-domain", "development", _audit,
         lambda i: ("case", "domain", "CR-200001", "--domain", "safe-start", "--development", f"{NAME} was not invited.")),
    Case("case-domain", "recommendation", _audit,
         lambda i: ("case", "domain", "CR-200001", "--domain", "safe-start", "--recommendation", f"Invite {NAME}.")),
    Case("activity", "theme", _audit, lambda i: ("activity", "add", "--type", "survey", "--theme", f"{NAME}'s family")),
    Case("activity", "findings[]", _audit, lambda i: ("activity", "update", i["activity"], "--finding", f"{NAME} was seen.")),
    Case("activity", "learning", _audit, lambda i: ("activity", "update", i["activity"], "--learning", f"Ask {NAME}.")),
    Case("activity", "agencies[]", _audit, lambda i: ("activity", "update", i["activity"], "--agency", NAME)),
    Case("activity", "responses{}", _audit,
         lambda i: ("activity", "update", i["activity"], "--response", f"Police={NAME} attended.")),
    Case("activity", "practitioners[].title", _audit,
         lambda i: add_activity("insight-visit", "--practitioner", f"{NAME}, Health")),
    Case("activity", "practitioners[].agency", _audit,
         lambda i: add_activity("insight-visit", "--practitioner", f"Health visitor, {NAME}")),
    Case("activity", "themes[]", _audit,
         lambda i: add_activity("insight-visit", "--heard", f"{NAME} is trusted")),
    Case("activity", "questions[].text", _audit,
         lambda i: add_activity("survey", "--question", f"Is {NAME} helpful?")),
    Case("activity", "peer{}{}", _audit,
         lambda i: add_activity("s11", "--peer", f"Health:culture={NAME} escalates.")),
    Case("activity", "workshop", _audit,
         lambda i: add_activity("s11", "--workshop", f"{NAME} led it.")),
    Case("activity", "decision", _audit,
         lambda i: add_activity("rapid-review", "--notified", "2026-11-02",
                    "--decision", f"{NAME} to review")),
    Case("activity", "milestones[].text", _audit,
         lambda i: add_activity("cspr", "--decided", "2026-08-31",
                    "--milestone", f"2026-10-15={NAME} commissioned")),
    Case("action", "owner_agency", _audit,
         lambda i: ("action", "add", "--activity", i["activity"], "--owner-agency", NAME, "--owner-title", "Team manager",
                    "--due", "2026-09-30", "--text", "Audit the cases.")),
    Case("action", "owner_title", _audit,
         lambda i: ("action", "add", "--activity", i["activity"], "--owner-agency", "Police", "--owner-title", NAME,
                    "--due", "2026-09-30", "--text", "Audit the cases.")),
    Case("action", "text", _audit,
         lambda i: ("action", "add", "--activity", i["activity"], "--owner-agency", "Police", "--owner-title", "Team manager",
                    "--due", "2026-09-30", "--text", f"Ask {NAME}.")),
    Case("action", "evidence", _audit, lambda i: ("action", "done", i["action"], "--evidence", f"{NAME}'s briefing notes")),
]

# Free-text fields no command writes: Fieldwork fills them itself.
WRITTEN_BY_FIELDWORK = {("activity", "lead_agency"): "a MAPE is led by children's social care, set by the writer"}


def _label(kind: str, path: str) -> str:
    return dict(free_text.fields(kind))[path]


def _versions(cli: Cli) -> int:
    return int(json.loads(cli("status", "--json").out)["versions"])


def test_every_free_text_field_has_a_case() -> None:
    covered = {(c.kind, c.path) for c in CASES} | set(WRITTEN_BY_FIELDWORK) | {("inspection", "theme")}
    every = {(kind, path) for kind in free_text.FREE_TEXT for path, _label in free_text.fields(kind)}
    assert every == covered


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.kind}:{c.path}")
def test_a_name_in_the_field_is_refused_until_confirmed(cli: Cli, case: Case) -> None:
    ids = case.setup(cli)
    argv = case.argv(ids)
    before = _versions(cli)
    refused = cli(*argv)
    assert refused.code == 1, refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert re.search(rf"Possible personal name '[^']*Sarah[^']*'.* in the [^:]*{re.escape(_label(case.kind, case.path))}", refused.err), refused.err
    assert "--confirm-no-names" in refused.err
    assert _versions(cli) == before  # nothing was written
    confirmed = cli(*argv, "--confirm-no-names")
    if case.confirmable:
        assert confirmed.code == 0, confirmed.err
        assert _versions(cli) > before
    else:
        assert "Possible personal name" not in confirmed.err


def test_a_name_in_the_inspections_theme_is_refused_at_init(cli: Cli, home: Path) -> None:
    named = [*INIT_ARGS]
    named[named.index("--theme") + 1] = f"Children known to {NAME}"
    refused = cli(*named)
    assert refused.code == 1 and "Sarah" in refused.err and "in the inspection's theme" in refused.err
    assert not home.exists() or not any(home.iterdir())  # nothing was created
    assert cli(*named, "--confirm-no-names").code == 0


@pytest.mark.parametrize("title", ["Chief Constable", "Designated nurse", "Director of children's services",
                                   "Police superintendent for child protection and safeguarding", "MASH/CRU police lead"])
def test_job_titles_pass_in_every_title_field(cli: Cli, title: str) -> None:
    _inspection(cli)
    ok(cli, "letter", "recipients", "add", "--agency", "Police", "--title", title)
    ok(cli, *PLAN, "--place", "Civic Centre", "--meet", title)
    ok(cli, *KIT, "--present", title)


def test_an_edit_asks_only_about_what_it_changes(cli: Cli) -> None:
    ids = _plan(cli)
    ok(cli, "plan", "move", ids["plan"], "--place", f"{NAME}'s office", "--reason", "Room change", "--confirm-no-names")
    # The place confirmed above stands; a new reason with no name needs no confirmation.
    ok(cli, "plan", "move", ids["plan"], "--start", "09:45", "--end", "10:45", "--reason", "Traffic")
