"""Gap figures for a small hand-built inspection. Every expected number below was counted by hand
from the ENTRIES table, not produced by the code under test."""

from __future__ import annotations

from datetime import date

import pytest

from fieldwork.frameworks import Framework, load_pack
from fieldwork.gaps import ChildFacts, Entry, InspectorFacts, Mark, analyse, to_json
from fieldwork.workdays import WorkingCalendar

AB, CD, EF = "insp-ab", "insp-cd", "insp-ef"
GHOST = "insp-not-synced-yet"

# id, author, criteria, judgement, strand, source, children, agencies, evidence, recorded
ENTRIES = [
    Entry("e1", AB, ("ESN 01",), "strength", "front-door", "case-file", ("CR-100001",), ("Police",),
          "2026-11-24", "2026-11-26T09:00"),  # Tue -> Thu: 2 working days, on time
    Entry("e2", AB, ("ESN 01",), "development", "front-door", "interview", ("CR-100001",), ("Health",),
          "2026-11-24", "2026-11-24"),
    # Names ESN 01 twice: still one entry for it. Mon -> Thu: 3 working days, late.
    Entry("e3", AB, ("ESN 07", "ESN 01", "ESN 01"), "concern", "front-door", "case-file", ("CR-100002",),
          ("Children's social care",), "2026-11-23T10:30", "2026-11-26"),
    Entry("e4", CD, ("ESN 07",), "strength", "front-door", "case-file", (), ("Police",), "2026-11-24", "2026-11-24"),
    Entry("e5", CD, ("ESN 03",), "context", "front-door", "observation", (), (), "2026-11-24", "2026-11-25"),
    Entry("e6", CD, ("ESN 14",), "development", "leadership", "document", (), (), "2026-11-25", "2026-11-25"),
    Entry("e7", GHOST, ("ESN 99",), "strength", "front-door", "case-file", ("CR-100003-NOT-LISTED",), (),
          "2026-11-25", "2026-11-25"),
]

CHILDREN = [
    ChildFacts("CR-100001", "tracked", ("Police", "Health", "Education")),
    ChildFacts("CR-100002", "tracked", ("children's  social care", "Police")),  # spelt loosely
    ChildFacts("CR-100003", "sampled", ("Police",)),
    ChildFacts("CR-100004", "deep-dive", ()),
    ChildFacts("CR-100005", "tracked", ()),
]

TEAM = [InspectorFacts(AB, "AB", "ofsted"), InspectorFacts(CD, "CD", "cqc"), InspectorFacts(EF, "EF", "hmicfrs")]
NOTIFIED = date(2026, 11, 10)  # a Tuesday: day 12 is Thursday 26 November
TODAY = date(2026, 11, 24)  # Tuesday of week three, day 10


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Framework([load_pack("jtai-2016-front-door")])


def run(framework: Framework, *, threshold: int = 2, marks: list[Mark] | None = None, today: date = TODAY):
    return analyse(
        framework, ENTRIES, CHILDREN, inspectors=TEAM, marks=marks or [], threshold=threshold,
        calendar=WorkingCalendar(), notified=NOTIFIED, today=today,
    )


def test_every_criterion_of_the_pack_has_a_row_even_with_no_entries(framework: Framework) -> None:
    report = run(framework)
    assert [r.code for r in report.criteria] == [f"ESN {n:02d}" for n in range(1, 23)]
    esn02 = report.criterion("ESN 02")
    assert (esn02.total, esn02.sources, esn02.gap, esn02.single_source) == (0, (), True, False)


def test_judgement_counts_and_sources(framework: Framework) -> None:
    report = run(framework)
    esn01 = report.criterion("ESN 01")
    assert (esn01.total, esn01.count("strength"), esn01.count("development"), esn01.count("concern")) == (3, 1, 1, 1)
    assert esn01.ids["concern"] == ("e3",)
    assert esn01.sources == ("case-file", "interview")
    assert not esn01.gap and not esn01.single_source
    esn07 = report.criterion("ESN 07")
    assert (esn07.total, esn07.count("strength"), esn07.count("concern")) == (2, 1, 1)
    assert esn07.single_source and not esn07.gap  # two entries, both from case files
    esn03 = report.criterion("ESN 03")
    assert (esn03.total, esn03.count("context"), esn03.gap, esn03.single_source) == (1, 1, True, True)
    assert report.unknown_criteria == ("ESN 99",)


def test_gap_list_follows_the_threshold(framework: Framework) -> None:
    # 22 criteria; ESN 01 (3 entries), ESN 07 (2) and ESN 14 (1) ... only 01 and 07 reach 2.
    assert len(run(framework).gaps) == 20
    # Threshold 1: only criteria with no entry at all (all but 01, 03, 07, 14).
    assert len(run(framework, threshold=1).gaps) == 18
    # Threshold 4: ESN 01's three entries are no longer enough: every criterion is a gap.
    assert len(run(framework, threshold=4).gaps) == 22
    assert sorted(r.code for r in run(framework, threshold=3).criteria if not r.gap) == ["ESN 01"]


def test_sufficiency_mark_takes_a_criterion_off_the_gap_list(framework: Framework) -> None:
    marks = [Mark("ESN 14", True, by=CD), Mark("ESN 02", False, by=AB)]  # a cleared mark counts for nothing
    report = run(framework, marks=marks)
    esn14 = report.criterion("ESN 14")
    assert esn14.sufficient and not esn14.gap and esn14.marked_by == "CD"
    assert report.criterion("ESN 02").gap and not report.criterion("ESN 02").sufficient
    assert len(report.gaps) == 19
    # Sufficient stays sufficient even where the threshold would call it thin.
    assert not run(framework, marks=marks, threshold=5).criterion("ESN 14").gap


def test_triangulation_lists_single_source_criteria(framework: Framework) -> None:
    assert [r.code for r in run(framework).single_source] == ["ESN 03", "ESN 07", "ESN 14"]


def test_tracked_children_against_agencies_involved(framework: Framework) -> None:
    rows = {c.case_ref: c for c in run(framework).children}
    assert rows["CR-100001"].entries == ("e1", "e2")
    assert rows["CR-100001"].agencies_missing == ("Education",)
    # Matched loosely: "children's  social care" on the child, "Children's social care" on the entry.
    assert rows["CR-100002"].agencies_missing == ("Police",)
    assert rows["CR-100005"].agencies_missing == () and rows["CR-100005"].no_entries
    # Sampled children are looked at at one point: no agency check, but an empty record shows.
    assert rows["CR-100003"].no_entries and rows["CR-100003"].agencies_missing == ()
    # A deep-dive-list child is not expected to have entries.
    assert not rows["CR-100004"].no_entries
    assert [c.case_ref for c in run(framework).children] == ["CR-100001", "CR-100002", "CR-100005", "CR-100003", "CR-100004"]


def test_strands_timeliness_and_team(framework: Framework) -> None:
    report = run(framework)
    strands = {s.id: s for s in report.strands}
    assert strands["front-door"].entries == ("e1", "e2", "e3", "e4", "e5", "e7")
    assert strands["leadership"].entries == ("e6",)
    assert strands["leadership"].evidenced == 1
    assert report.late == ("e3",)
    assert (report.today_day, report.meeting_date, report.days_to_meeting) == (10, date(2026, 11, 26), 2)
    assert run(framework, today=date(2026, 11, 27)).days_to_meeting == -1
    team = {r.key: r for r in report.inspectors}
    assert (len(team[AB].entries), team[AB].late) == (3, ("e3",))
    assert len(team[CD].entries) == 3
    assert team[EF].entries == ()  # on the team, nothing written yet: still listed
    assert team[GHOST].name == GHOST[:8]
    bodies = [(r.key, len(r.entries), len(r.late)) for r in report.inspectorates]
    assert bodies == [("ofsted", 3, 1), ("cqc", 3, 0), ("hmicfrs", 0, 0), ("", 1, 0)]


def test_json_contract(framework: Framework) -> None:
    data = to_json(run(framework, marks=[Mark("ESN 14", True, by=CD)]))
    row = next(c for c in data["criteria"] if c["code"] == "ESN 01")
    for key in ("code", "entries", "strength", "development", "concern", "sources", "sufficient", "gap"):
        assert key in row
    assert (row["entries"], row["strength"], row["development"], row["concern"]) == (3, 1, 1, 1)
    assert row["sources"] == ["case-file", "interview"]
    esn14 = next(c for c in data["criteria"] if c["code"] == "ESN 14")
    assert esn14["sufficient"] is True and esn14["gap"] is False
    child = next(c for c in data["children"] if c["case_ref"] == "CR-100001")
    assert (child["stage"], child["entries"]) == ("tracked", 2)
    assert data["timeliness"]["days_to_findings_meeting"] == 2


def test_entry_from_payload_reads_loosely() -> None:
    e = Entry.from_payload("x", "a", {"criteria": ["ESN 01"], "judgement": "strength", "children": None})
    assert e.children == () and e.agencies == () and e.source_type == ""
