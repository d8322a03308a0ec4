"""The gap report over a real (encrypted, in a temporary folder) inspection, the sufficiency marks
as synced records, and the `fieldwork gaps` verbs.

`populate` builds the small inspection the screen tests use too; its figures were counted by hand.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fieldwork import records as rec
from fieldwork.errors import AccessDenied
from store import gaps as store_gaps
from store.team import enrol
from store.workspace import Change, Workspace

TODAY = date(2026, 11, 24)  # notified 2026-11-10 (conftest): day 10, the meeting is Thu 26 Nov


@dataclass
class Built:
    ids: dict[str, str]  # short name -> SEA entry id
    team: dict[str, str]  # initials -> inspector id


def _sea(ws: Workspace, fields: dict[str, Any]) -> dict[str, Any]:
    from store.sea import rules

    return rec.sea_payload(fields, rules(ws))


def populate(ws: Workspace) -> Built:
    """Three inspectors, four children, six entries:

    | entry | by | criteria        | judgement   | source      | child     | agencies | evidence -> recorded |
    | s1    | AB | ESN 01          | strength    | case-file   | CR-100001 | Police   | 24 -> 24 |
    | s2    | AB | ESN 01          | development | interview   | CR-100001 | Health   | 24 -> 24 |
    | s3    | CD | ESN 07, ESN 01  | concern     | case-file   | CR-100002 | —        | 23 -> 26 (late) |
    | s4    | CD | ESN 07          | strength    | case-file   | —         | —        | 24 -> 24 |
    | s5    | CD | ESN 14          | development | document    | —         | —        | 24 -> 25 |
    | s6    | AB | ESN 17          | strength    | observation | —         | —        | 24 -> 24 |
    """
    team = {"AB": ws.me_id}
    keys = {}
    for initials, body in (("CD", "cqc"), ("EF", "hmicfrs")):
        team[initials], keys[initials] = enrol(ws, name=initials, inspectorate=body)
    for ref, stage, agencies in (
        ("CR-100001", "tracked", "Police;Health;Education"),
        ("CR-100002", "tracked", "Police"),
        ("CR-100003", "sampled", ""),
        ("CR-100004", "deep-dive", ""),
    ):
        ws.put("child", rec.child_payload({"case_ref": ref, "stage": stage, "agencies": agencies}))
    rows = [
        ("s1", "AB", ["ESN 01"], "strength", "case-file", ["CR-100001"], ["Police"], "2026-11-24", "2026-11-24T10:00"),
        ("s2", "AB", ["ESN 01"], "development", "interview", ["CR-100001"], ["Health"], "2026-11-24", "2026-11-24T11:00"),
        ("s3", "CD", ["ESN 07", "ESN 01"], "concern", "case-file", ["CR-100002"], [], "2026-11-23", "2026-11-26T09:00"),
        ("s4", "CD", ["ESN 07"], "strength", "case-file", [], [], "2026-11-24", "2026-11-24T12:00"),
        ("s5", "CD", ["ESN 14"], "development", "document", [], [], "2026-11-24", "2026-11-25T09:00"),
        ("s6", "AB", ["ESN 17"], "strength", "observation", [], [], "2026-11-24", "2026-11-24T13:00"),
    ]
    ids: dict[str, str] = {}
    for name, who, criteria, judgement, source, children, agencies, evidence, recorded in rows:
        payload = _sea(ws, {
            "criteria": criteria, "judgement": judgement, "source_type": source, "source_detail": "Team manager",
            "evidence_at": evidence, "recorded_at": recorded, "children": children, "agencies": agencies,
            "text": f"Practice seen in entry {name} was judged and the impact on children is clear.",
        })
        identity = None if who == "AB" else (team[who], keys[who])
        # Fixed ids, so screen snapshots that show id prefixes are the same on every run.
        record = str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldwork-test-sea-{name}"))
        version = ws.write([Change("sea", payload, record=record)], as_identity=identity)[0]
        ids[name] = version.record
    return Built(ids=ids, team=team)


def test_report_over_the_store(workspace: Workspace) -> None:
    built = populate(workspace)
    report = store_gaps.report(workspace, today=TODAY)
    esn01 = report.criterion("ESN 01")
    assert (esn01.total, esn01.count("strength"), esn01.count("development"), esn01.count("concern")) == (3, 1, 1, 1)
    assert set(esn01.entries) == {built.ids["s1"], built.ids["s2"], built.ids["s3"]}
    assert report.criterion("ESN 07").single_source
    # ESN 01 and 07 reach the default threshold of 2; the other twenty are gaps.
    assert len(report.gaps) == 20
    children = {c.case_ref: c for c in report.children}
    assert children["CR-100001"].agencies_missing == ("Education",)
    assert children["CR-100002"].agencies_missing == ("Police",)  # its entry names no agency
    assert children["CR-100003"].no_entries
    assert report.late == (built.ids["s3"],)
    team = {t.name: (len(t.entries), len(t.late)) for t in report.inspectors}
    assert team == {"AB": (3, 0), "CD": (3, 1), "EF": (0, 0)}
    assert (report.today_day, report.days_to_meeting) == (10, 2)


def test_threshold_comes_from_the_inspection_unless_overridden(workspace: Workspace) -> None:
    populate(workspace)
    payload = {**workspace.inspection, "gap_threshold": 1}
    workspace.put("inspection", payload, record=workspace.inspection_id)
    assert len(store_gaps.report(workspace, today=TODAY).gaps) == 18
    assert len(store_gaps.report(workspace, today=TODAY, threshold_override=3).gaps) == 21


def test_sufficiency_marks_are_records_with_history(workspace: Workspace) -> None:
    populate(workspace)
    record = store_gaps.set_sufficient(workspace, "14")
    assert record.kind == "sufficiency" and record.id == store_gaps.mark_id(workspace, "ESN 14")
    assert record.payload["by"] == workspace.me_id
    report = store_gaps.report(workspace, today=TODAY)
    assert report.criterion("ESN 14").sufficient and not report.criterion("ESN 14").gap
    assert report.criterion("ESN 14").marked_by == "AB"
    assert len(report.gaps) == 19
    # Setting it again writes nothing; clearing it writes a version, so history shows both.
    versions = workspace.version_count()
    store_gaps.set_sufficient(workspace, "ESN 14")
    assert workspace.version_count() == versions
    store_gaps.set_sufficient(workspace, "ESN 14", False)
    assert [h.payload["sufficient"] for h in workspace.history(record.id)] == [True, False]
    assert store_gaps.report(workspace, today=TODAY).criterion("ESN 14").gap


def test_marks_are_the_leads_alone_and_reach_every_laptop(workspace: Workspace, tmp_path: Path) -> None:
    """Sufficiency marks are the lead's (fieldwork/authority.py): a member's laptop refuses to
    write one, and the lead's mark arrives on the member's laptop as the lead's."""
    from sync.bundle import export_bundle, import_bundle
    from sync.invite import join, make_invite, open_invite
    from tests.conftest import PASSPHRASE

    invite = open_invite(make_invite(workspace, "one-time invite words", name="CD", inspectorate="cqc"), "one-time invite words")
    other = join(tmp_path / "laptop-2", invite, PASSPHRASE)
    try:
        with pytest.raises(AccessDenied, match="lead"):
            store_gaps.set_sufficient(other, "ESN 07")
        assert other.records("sufficiency") == []
        store_gaps.set_sufficient(workspace, "ESN 07")
        import_bundle(other, export_bundle(workspace)[0])
        marks = other.records("sufficiency")
        assert len(marks) == 1 and marks[0].author == workspace.me_id
        assert store_gaps.report(other, today=TODAY).criterion("ESN 07").sufficient
    finally:
        other.close()


# --- the CLI -----------------------------------------------------------------------------------


def _fill(home: Path) -> Built:
    from tests.conftest import PASSPHRASE

    ws = Workspace.open(home, PASSPHRASE)
    try:
        return populate(ws)
    finally:
        ws.close()


def test_cli_gaps_json(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    built = _fill(inspection)
    result = cli("gaps", "--json", "--today", "2026-11-24")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert len(data["criteria"]) == 22
    row = next(c for c in data["criteria"] if c["code"] == "ESN 01")
    assert {k: row[k] for k in ("entries", "strength", "development", "concern", "sufficient", "gap")} == {
        "entries": 3, "strength": 1, "development": 1, "concern": 1, "sufficient": False, "gap": False,
    }
    assert row["sources"] == ["case-file", "interview"]
    assert sorted(row["ids"]["strength"]) == [built.ids["s1"]]
    esn02 = next(c for c in data["criteria"] if c["code"] == "ESN 02")
    assert (esn02["entries"], esn02["gap"], esn02["sources"]) == (0, True, [])
    child = next(c for c in data["children"] if c["case_ref"] == "CR-100001")
    assert (child["stage"], child["entries"]) == ("tracked", 2)
    assert data["timeliness"]["days_to_findings_meeting"] == 2
    result = cli("gaps", "--json", "--threshold", "4", "--today", "2026-11-24")
    assert all(c["gap"] for c in json.loads(result.out)["criteria"])


def test_cli_sufficient_and_unset(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    _fill(inspection)
    result = cli("gaps", "sufficient", "esn 14")
    assert result.code == 0, result.err
    assert "ESN 14" in result.out
    data = json.loads(cli("gaps", "--json").out)
    assert next(c for c in data["criteria"] if c["code"] == "ESN 14")["sufficient"] is True
    assert "ESN 14" not in data["gaps"]
    assert cli("gaps", "sufficient", "ESN 14", "--unset").code == 0
    data = json.loads(cli("gaps", "--json").out)
    assert "ESN 14" in data["gaps"]
    bad = cli("gaps", "sufficient", "ESN 40")
    assert bad.code == 1 and "Unknown criterion" in bad.err
    assert cli("gaps", "--threshold", "0").code == 1


def test_cli_gaps_text(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    _fill(inspection)
    result = cli("gaps", "--today", "2026-11-24")
    assert result.code == 0, result.err
    assert "20 gaps" in result.out
    assert "Tracked CR-100001: no entry about Education" in result.out
    assert "Day 10: 2 working day(s) to the findings meeting on 2026-11-26." in result.out
