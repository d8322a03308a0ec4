"""Allocation: the relevant inspectorates of a tracked child, the warnings, redeployment with a
reason kept in history, sampled groups, and the CLI twin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldwork import allocation as alloc
from fieldwork import authority
from fieldwork import records as rec
from fieldwork.errors import ValidationError
from store import allocation
from store import children
from store.workspace import Workspace

TEAM = {"i-ab": "ofsted", "i-cd": "cqc", "i-ef": "hmicfrs", "i-gh": "hmip"}


def test_relevant_inspectorates_follow_the_agencies() -> None:
    assert alloc.relevant_inspectorates([]) == ["ofsted"]
    assert alloc.relevant_inspectorates(["Police", "Health visiting service"]) == ["ofsted", "cqc", "hmicfrs"]
    assert alloc.relevant_inspectorates(["Youth offending team"]) == ["ofsted", "hmip"]
    assert alloc.relevant_inspectorates(["School"], probation=True) == ["ofsted", "hmip"]


def test_gaps_for_a_tracked_child_only() -> None:
    gaps = alloc.allocation_gaps(case_ref="CR-104233", stage="tracked", agencies=["Police", "CAMHS"], probation=False,
                                 inspectors=["i-ab"], team=TEAM)
    assert [g.inspectorate for g in gaps] == ["cqc", "hmicfrs", ""]
    assert gaps[0].message == ("No CQC inspector is allocated to CR-104233, though its agencies are involved (para 30-32).")
    assert alloc.allocation_gaps(case_ref="CR-104233", stage="tracked", agencies=["Police"], probation=False,
                                 inspectors=["i-ab", "i-ef"], team=TEAM) == []
    # An inspectorate not on the team cannot be allocated, so is not asked for.
    assert alloc.allocation_gaps(case_ref="CR-1", stage="tracked", agencies=["Police"], probation=False,
                                 inspectors=["i-ab", "i-cd"], team={"i-ab": "ofsted", "i-cd": "cqc"}) == []
    assert alloc.allocation_gaps(case_ref="CR-1", stage="sampled", agencies=["Police"], probation=False,
                                 inspectors=["i-ab"], team=TEAM) == []
    assert alloc.allocation_gaps(case_ref="CR-1", stage="sampled", agencies=[], probation=False,
                                 inspectors=[], team=TEAM)[0].message == "Nobody is allocated to CR-1 yet."


def test_a_change_of_inspectors_needs_a_reason() -> None:
    rules = alloc.AllocationRules(TEAM)
    first = alloc.allocation_payload({"child": "CR-104233", "inspectors": ["i-ab"]}, rules)
    with pytest.raises(ValidationError, match="Say why the allocation changes"):
        alloc.allocation_payload({"inspectors": ["i-ab", "i-cd"]}, rules, base=first)
    moved = alloc.allocation_payload({"inspectors": ["i-ab", "i-cd"], "reason": "Health evidence needed"}, rules, base=first)
    assert moved["inspectors"] == ["i-ab", "i-cd"] and moved["child"] == "CR-104233"
    with pytest.raises(ValidationError, match="either a child"):
        alloc.allocation_payload({"child": "CR-1", "group": "Front door", "inspectors": ["i-ab"]}, rules)
    with pytest.raises(ValidationError, match="not on this inspection's team"):
        alloc.allocation_payload({"group": "Front door", "inspectors": ["i-zz"]}, rules)


def test_redeploying_keeps_history_and_one_record_per_child(workspace: Workspace) -> None:
    workspace.put("inspector", rec.inspector_payload(name="CD", inspectorate="cqc"))
    children.add(workspace, {"case_ref": "CR-104233", "stage": "tracked", "agencies": ["Health visiting"]})
    children.add(workspace, {"case_ref": "CR-104240", "stage": "sampled"})
    first = allocation.allocate(workspace, child="cr-104233", inspectors=["AB"])
    rows = {r["child"] or r["group"]: r for r in allocation.rows(workspace)}
    assert rows["CR-104233"]["warnings"][0].startswith("No CQC inspector is allocated to CR-104233")
    assert "CR-104240" not in rows  # a sampled child goes with its group unless allocated alone
    allocation.allocate(workspace, child="CR-104240", inspectors=["CD"])
    assert {r["child"]: r for r in allocation.rows(workspace)}["CR-104240"]["warnings"] == []
    with pytest.raises(ValidationError, match="Say why"):
        allocation.allocate(workspace, child="CR-104233", inspectors=["AB", "CD"])
    second = allocation.allocate(workspace, child="CR-104233", inspectors=["AB", "CD"], reason="Health visiting evidence to gather")
    assert second.id == first.id
    history = workspace.history(first.id)
    assert len(history) == 2 and history[-1].changes["reason"]["to"] == "Health visiting evidence to gather"
    assert {r["child"]: r for r in allocation.rows(workspace) if r["child"]}["CR-104233"]["warnings"] == []
    group = allocation.allocate(workspace, group="Front door:  police referrals", inspectors=["CD"])
    again = allocation.allocate(workspace, group="front door: police referrals", inspectors=["CD"])
    assert again.id == group.id and len(workspace.history(group.id)) == 1


def test_allocate_cli(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("child", "add", "CR-104233", "--stage", "tracked").code == 0
    result = cli("allocate", "CR-104233", "--inspector", "AB")
    assert result.code == 0, result.err
    assert "tracked by one inspector only" in result.err
    rows = json.loads(cli("allocations", "--json").out)
    assert rows[0]["id"] == result.last_line and rows[0]["inspectors"] == ["AB"]
    refused = cli("allocate", "CR-999999", "--inspector", "AB")
    assert refused.code == 1 and refused.err.strip() == "fieldwork: Unknown case reference 'CR-999999'."
    assert cli("allocate", "--inspector", "AB").code == 1


def test_allocation_is_the_leads() -> None:
    why = authority.check(kind="allocation", op="put", role="team", author="x", record="r", before={"inspectors": []}, after={})
    assert why == "only the lead inspector may change an allocation record"
