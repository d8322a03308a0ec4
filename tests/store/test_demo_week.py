"""The demo's on-site week: a plan across days 9-12, allocations, consent and conversations, the
joint evaluations, two team meetings, two keep-in-touch meetings and a feedback summary, with no
name in any of their free text."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterator

import pytest

from fieldwork.checks import check_names
from fieldwork.workdays import WorkingCalendar
from store import allocation, evaluations, meetings, plan, voice
from store.demo import build_demo
from store.workspace import Workspace

TODAY = date(2026, 11, 25)  # day 11 of the demo (notified Tuesday 10 November)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = build_demo(tmp_path_factory.mktemp("week") / "home", today=TODAY)
    yield ws
    ws.close()


def test_a_plan_across_days_9_to_12_with_leaders_booked(demo: Workspace) -> None:
    cal = WorkingCalendar()
    notified = date(2026, 11, 10)
    days = {cal.add_working_days(notified, n).isoformat() for n in range(9, 13)}
    activities = plan.activities(demo)
    assert {a.day for a in activities} == days
    assert len(activities) >= 40
    # Every field inspector has a timetable, and most para 67 leaders are booked.
    assert len({i for a in activities for i in a.inspectors}) >= 8
    assert sum(r.booked for r in plan.leaders(demo)) >= 8
    found = {w.check for w in plan.warnings(demo)}
    assert "support" in found  # one home visit's support is not arranged yet: the check shows it


def test_two_team_two_kit_meetings_and_a_feedback_summary(demo: Workspace) -> None:
    rows = [meetings.to_json(demo, r) for r in meetings.records(demo)]
    assert [r["type"] for r in rows].count("team") == 2 and [r["type"] for r in rows].count("kit") == 2
    assert [r["type"] for r in rows].count("feedback") == 1
    team = [r for r in rows if r["type"] == "team"]
    assert all(r["headlines"] for r in team) and team[0]["sufficient"]
    kit = [r for r in rows if r["type"] == "kit"]
    assert all(r["findings_shared"] for r in kit) and all(r["warnings"] == [] for r in kit)
    assert kit[0]["children_told"] and any(r["redeployments"] for r in kit)
    assert meetings.feedback_summary(demo)  # agreed findings, themed
    # Open actions belong to team members; the lead's own was done on the day.
    assert meetings.open_actions(demo) == []
    assert any(meetings.open_actions(demo, r.id) for r in demo.records("inspector"))


def test_allocation_voice_and_evaluations(demo: Workspace) -> None:
    tracked = [r for r in demo.records("child") if r.payload.get("stage") == "tracked"]
    rows = {r["child"] or r["group"]: r for r in allocation.rows(demo)}
    assert all(len(rows[k.payload["case_ref"]]["inspectors"]) >= 2 for k in tracked)
    assert any(r["group"] for r in rows.values())
    talks = voice.rows(demo, today=TODAY)
    assert sum(len(r["spoken"]) for r in talks) >= 3
    received = [r for r in evaluations.rows(demo, today=TODAY) if r["received_on"]]
    assert received and all(r["sea"] for r in received)


def test_no_name_in_the_weeks_free_text(demo: Workspace) -> None:
    texts: set[str] = set()
    for kind in ("plan-activity", "allocation", "consent", "joint-evaluation", "meeting"):
        for r in demo.records(kind):
            p = r.payload
            for key in ("place", "support_detail", "note", "reason", "quality", "group"):
                if p.get(key):
                    texts.add(str(p[key]))
            for key in ("meeting", "present", "challenges", "further_evidence", "redeployments", "agency_offers"):
                texts.update(str(t) for t in p.get(key) or [])
            texts.update(str(a.get("what", "")) for a in p.get("actions") or [])
    assert len(texts) > 20
    assert {flag.word for text in texts for flag in check_names(text)} == set()


def test_a_small_demo_still_builds(tmp_path: Path) -> None:
    build_demo(tmp_path / "small", today=TODAY, entries=5, children=8, inspectors=2).close()
