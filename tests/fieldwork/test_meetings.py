"""Meetings: the payload rules per type, the per-inspectorate attendance check (a property),
actions, the feedback meeting's prioritised and themed summary, and the CLI twins."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldwork import authority, feedback, meetings
from fieldwork.errors import ValidationError
from fieldwork.findings import Finding
from fieldwork.gaps import Entry
from fieldwork.records import INSPECTORATES

RULES = meetings.MeetingRules(team={"i-ab": "ofsted", "i-cd": "cqc"}, criteria={"ESN 07"}, known_case_refs={"CR-104233"})


def test_each_type_keeps_what_it_records() -> None:
    p = meetings.meeting_payload(
        {"type": "team", "on": "2026-11-24", "at": "8:30", "attendees": ["i-ab"], "sufficient": ["ESN 07"],
         "actions": [{"for": "i-cd", "what": "Read the strategy minutes", "due": "2026-11-25"}]},
        RULES,
    )
    assert p["at"] == "08:30" and p["actions"][0] == {"n": 1, "for": "i-cd", "what": "Read the strategy minutes",
                                                      "due": "2026-11-25", "done": False, "done_on": ""}
    with pytest.raises(ValidationError, match="A feedback meeting does not record sufficient"):
        meetings.meeting_payload({"type": "feedback", "on": "2026-11-27", "sufficient": ["ESN 07"]}, RULES)
    with pytest.raises(ValidationError, match="Unknown meeting type"):
        meetings.meeting_payload({"type": "lunch", "on": "2026-11-27"}, RULES)
    with pytest.raises(ValidationError, match="needs its day"):
        meetings.meeting_payload({"type": "kit"}, RULES)
    with pytest.raises(ValidationError, match="not on this inspection's team"):
        meetings.meeting_payload({"type": "kit", "on": "2026-11-25", "attendees": ["i-zz"]}, RULES)
    with pytest.raises(ValidationError, match="Possible personal name"):
        meetings.meeting_payload({"type": "kit", "on": "2026-11-25", "challenges": ["Sarah disputes the sample"]}, RULES)


def test_actions_are_closed_once() -> None:
    p = meetings.meeting_payload({"type": "team", "on": "2026-11-24", "actions": [
        {"for": "i-ab", "what": "Gather health evidence", "due": "2026-11-26"},
        {"for": "i-ab", "what": "Read the audit", "due": "2026-11-25"}]}, RULES)
    assert [a["n"] for a in meetings.open_actions([("m1", p)], "i-ab")] == [2, 1]  # soonest due first
    closed = meetings.mark_done(p, 2, on=date(2026, 11, 25))
    assert [a["n"] for a in meetings.open_actions([("m1", closed)], "i-ab")] == [1]
    assert meetings.open_actions([("m1", closed)], "i-cd") == []
    with pytest.raises(ValidationError, match="already done"):
        meetings.mark_done(closed, 2, on=date(2026, 11, 25))
    with pytest.raises(ValidationError, match="no action 3"):
        meetings.mark_done(p, 3, on=date(2026, 11, 25))


_team = st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3), st.sampled_from(list(INSPECTORATES)), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(_team, st.data())
def test_attendance_names_exactly_the_inspectorates_with_nobody_present(team: dict[str, str], data: st.DataObject) -> None:
    present = data.draw(st.lists(st.sampled_from(sorted(team)), unique=True))
    leads = data.draw(st.sets(st.sampled_from(sorted(team)), max_size=1))
    found = meetings.attendance(present, team, leads)
    assert set(found.missing) == set(team.values()) - {team[i] for i in present}
    assert list(found.missing) == [i for i in INSPECTORATES if i in found.missing]  # the guidance's order
    assert found.lead_present == bool(set(present) & leads)
    assert found.complete == (found.lead_present and not found.missing)
    assert len(found.messages("team")) == len(found.missing) + (0 if found.lead_present else 1)


def _finding(fid: str, kind: str, strand: str, sea: tuple[str, ...], agreed: bool = True, scope: str = "partnership") -> Finding:
    return Finding(id=fid, type=kind, scope=scope, strand=strand, text=f"Statement {fid}.", criteria=(), sea=sea,
                   state="agreed" if agreed else "draft")


def _entry(eid: str, judgement: str, source: str, agencies: tuple[str, ...] = (), children: tuple[str, ...] = ()) -> Entry:
    return Entry(id=eid, author="i-ab", criteria=("ESN 07",), judgement=judgement, strand="front-door", source_type=source,
                 agencies=agencies, children=children)


def test_the_feedback_summary_is_themed_prioritised_and_names_no_child() -> None:
    entries = {e.id: e for e in [
        _entry("e1", "strength", "interview", ("Police",), ("CR-104233",)),
        _entry("e2", "strength", "case-file", ("Police", "Health"), ("CR-104233",)),
        _entry("e3", "development", "case-file", ("Health",)),
        _entry("e4", "concern", "observation", ("Children's social care",)),
    ]}
    found = [
        _finding("f1", "strength", "front-door", ("e1", "e2")),
        _finding("f2", "development", "front-door", ("e3",)),
        _finding("f3", "priority", "deep-dive", ("e4", "e1")),  # e1 is a strength: it does not support a priority
        _finding("f4", "strength", "deep-dive", ("e1",), agreed=False),
    ]
    summary = feedback.themes(found, entries, [("front-door", "Front door"), ("deep-dive", "Deep dive")])
    assert [t.label for t in summary] == ["Deep dive", "Front door"]  # the theme with a priority action first
    assert [p.finding for p in summary[1].points] == ["f2", "f1"]  # development before strength
    assert [p.finding for p in summary[0].points] == ["f3"]  # drafts are left out
    f1 = summary[1].points[1]
    assert f1.entries == 2 and dict(f1.by_source) == {"Interview": 1, "Case file": 1} and dict(f1.by_agency) == {"Police": 2, "Health": 1}
    assert summary[0].points[0].entries == 1
    assert feedback.evidence_line(f1) == "2 supporting SEA entries (1 case file, 1 interview); by agency: Police 2, Health 1."
    text = repr(feedback.blocks(summary, title="Feedback", subtitle="x", present=["Chair of the LSCB"], inspectors=["AB"], offers=["Police"]))
    assert "CR-" not in text and "Separate meetings offered (para 44)" in text


def test_meeting_cli(cli, inspection: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("child", "add", "CR-104233", "--stage", "tracked", "--agency", "Police").code == 0
    entry = cli("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview", "--source-detail",
                "MASH team manager", "--evidence-date", "2026-11-23", "--child", "CR-104233", "--agency", "Police", "--text",
                "Information sharing between police and children's social care was timely and effective.").last_line
    assert cli("finding", "add", "--type", "strength", "--scope", "partnership", "--text",
               "Strategy discussions are timely and well attended.", "--sea", entry).code == 0
    assert cli("child", "spoken", "CR-104233", "--on", "2026-11-23", "--how", "phone").code == 0
    today = date.today().isoformat()
    agenda = json.loads(cli("meeting", "agenda", "--type", "team", "--on", today, "--json").out)
    assert agenda["headlines"] == [{"by": "AB", "sea": [entry], "text": "1 SEA entry (Strength 1); ESN 07"}]
    kit_agenda = json.loads(cli("meeting", "agenda", "--type", "kit", "--on", today, "--json").out)
    assert len(kit_agenda["findings_shared"]) == 1 and kit_agenda["children_told"] == ["CR-104233"]
    team = cli("meeting", "add", "--type", "team", "--on", today, "--at", "08:30", "--attendee", "AB", "--sufficient", "7",
               "--action", "AB", "Gather health visiting evidence", "2026-11-26")
    assert team.code == 0, team.err
    shown = json.loads(cli("meeting", "show", team.last_line, "--json").out)
    assert shown["headlines"] == [{"by": "AB", "sea": [entry], "text": "1 SEA entry (Strength 1); ESN 07"}]
    assert shown["sufficient"] == ["ESN 07"] and shown["warnings"] == []
    # The lead recorded it: the lead's sufficiency mark follows what the meeting agreed (para 33).
    gaps = json.loads(cli("gaps", "--json").out)
    assert next(c for c in gaps["criteria"] if c["code"] == "ESN 07")["sufficient"] is True
    kit = cli("meeting", "add", "--type", "kit", "--on", today, "--at", "11:00", "--attendee", "AB", "--present", "Director of children's services",
              "--challenge", "Leaders question the size of the sample")
    assert kit.code == 0, kit.err
    shown = json.loads(cli("meeting", "show", kit.last_line, "--json").out)
    assert len(shown["findings_shared"]) == 1 and shown["children_told"] == ["CR-104233"]
    actions = json.loads(cli("meeting", "actions", "--json").out)
    assert [(a["n"], a["what"], a["for"]) for a in actions] == [(1, "Gather health visiting evidence", "AB")]
    assert cli("meeting", "done", team.last_line, "1").code == 0
    assert json.loads(cli("meeting", "actions", "--json").out) == []
    out = tmp_path / "kit.md"
    assert cli("meeting", "export", kit.last_line, str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert "## Emerging findings shared" in text and "Leaders question the size of the sample" in text
    docx = tmp_path / "team.docx"
    assert cli("meeting", "export", team.last_line, str(docx)).code == 0 and docx.stat().st_size > 0
    listed = json.loads(cli("meeting", "list", "--json").out)
    assert [m["type"] for m in listed] == ["team", "kit"]
    bad = cli("meeting", "add", "--type", "feedback", "--on", today, "--sufficient", "7")
    assert bad.code == 1 and len(json.loads(cli("meeting", "list", "--json").out)) == 2


def test_members_record_meetings() -> None:
    assert authority.check(kind="meeting", op="put", role="team", author="x", record="r", before=None, after={}) is None
