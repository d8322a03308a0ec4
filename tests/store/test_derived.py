"""What screens derive from one record at a time is kept by winning version while the store is
open (store/derived.py): reused for an unchanged record, worked out again for an edited one, and
never kept for a closed store."""

from __future__ import annotations

from datetime import date

from store import derived
from store import gaps as store_gaps
from store.record import Record
from store.workspace import Workspace
from tests.store.test_gaps_store import TODAY, populate


def _counting() -> tuple[list[str], "object"]:
    made: list[str] = []

    def make(record: Record) -> tuple[str, str]:
        made.append(record.id)
        return (record.id, str(record.payload.get("judgement")))

    return made, make


def test_an_unchanged_version_is_worked_out_once(workspace: Workspace) -> None:
    built = populate(workspace)
    made, make = _counting()
    first = derived.per_version(workspace, "test", workspace.records("sea"), make)
    again = derived.per_version(workspace, "test", workspace.records("sea"), make)
    assert again == first and len(first) == 6
    assert sorted(made) == sorted(built.ids.values())  # each once, not twice


def test_an_edited_record_is_worked_out_again_and_shows_its_new_payload(workspace: Workspace) -> None:
    built = populate(workspace)
    made, make = _counting()
    derived.per_version(workspace, "test", workspace.records("sea"), make)
    s1 = workspace.require(built.ids["s1"])
    workspace.put("sea", {**s1.payload, "judgement": "concern"}, record=s1.id)
    made.clear()
    after = dict(derived.per_version(workspace, "test", workspace.records("sea"), make))
    assert made == [s1.id]
    assert after[s1.id] == "concern"


def test_gap_entries_follow_an_edit_made_after_they_were_kept(workspace: Workspace) -> None:
    built = populate(workspace)
    before = store_gaps.report(workspace, today=TODAY).criterion("ESN 01")
    assert (before.count("strength"), before.count("concern")) == (1, 1)
    s1 = workspace.require(built.ids["s1"])
    workspace.put("sea", {**s1.payload, "judgement": "concern"}, record=s1.id)
    after = store_gaps.report(workspace, today=TODAY).criterion("ESN 01")
    assert (after.count("strength"), after.count("concern")) == (0, 2)
    workspace.delete(built.ids["s2"])
    assert store_gaps.report(workspace, today=TODAY).criterion("ESN 01").total == 2


def test_versions_that_no_longer_win_are_let_go(workspace: Workspace) -> None:
    built = populate(workspace)
    _, make = _counting()
    s1 = workspace.require(built.ids["s1"])
    for n in range(40):
        derived.per_version(workspace, "test", workspace.records("sea"), make)
        workspace.put("sea", {**workspace.require(s1.id).payload, "source_detail": f"Team manager {n}"}, record=s1.id)
    derived.per_version(workspace, "test", workspace.records("sea"), make)
    kept = derived._KEPT[workspace]["test"]
    assert len(kept) <= 2 * 6 + 64
    assert workspace.require(s1.id).version in kept


def test_nothing_is_kept_for_a_closed_store_or_after_forget(workspace: Workspace) -> None:
    populate(workspace)
    made, make = _counting()
    records = workspace.records("sea")
    derived.per_version(workspace, "test", records, make)
    derived.forget(workspace)
    assert workspace not in derived._KEPT
    workspace.close()
    made.clear()
    derived.per_version(workspace, "test", records, make)
    assert len(made) == 6 and workspace not in derived._KEPT


def test_the_gap_report_is_counted_again_only_when_something_changed(workspace: Workspace) -> None:
    built = populate(workspace)
    first = store_gaps.report(workspace, today=TODAY)
    assert store_gaps.report(workspace, today=TODAY) is first  # nothing new: the same count
    assert store_gaps.report(workspace, today=TODAY, threshold_override=3) is not first
    assert store_gaps.report(workspace, today=date(2026, 11, 25)).today_day == first.today_day + 1
    s1 = workspace.require(built.ids["s1"])
    workspace.put("sea", {**s1.payload, "judgement": "concern"}, record=s1.id)
    again = store_gaps.report(workspace, today=TODAY)
    assert again is not first and again.criterion("ESN 01").count("concern") == 2
    store_gaps.set_sufficient(workspace, "ESN 14")
    assert store_gaps.report(workspace, today=TODAY).criterion("ESN 14").sufficient
