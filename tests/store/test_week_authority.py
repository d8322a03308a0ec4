"""The week's record kinds on the real write path: the authority table's rows for them are what a
member's laptop meets. The plan and allocation are the lead's (para 25-26); consent, children
spoken with, evaluations and meetings are every member's."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldwork.errors import AccessDenied
from store import allocation, children, meetings, plan, voice
from store.workspace import Workspace
from sync.invite import join, make_invite, open_invite

CODE = "one-time invite words"


def test_a_member_may_record_meetings_but_not_plan_or_redeploy(workspace: Workspace, tmp_path: Path) -> None:
    children.add(workspace, {"case_ref": "CR-104233", "stage": "tracked"})
    invite = open_invite(make_invite(workspace, CODE, name="CD", inspectorate="cqc"), CODE)
    member = join(tmp_path / "member", invite, "member passphrase")
    try:
        from sync.bundle import export_bundle, import_bundle

        import_bundle(member, export_bundle(workspace)[0])
        with pytest.raises(AccessDenied, match="only the lead inspector may create a plan-activity record"):
            plan.add(member, {"type": "visit", "day": "2026-11-24", "start": "09:00", "end": "10:00", "place": "School"})
        with pytest.raises(AccessDenied, match="only the lead inspector may create an allocation record"):
            allocation.allocate(member, child="CR-104233", inspectors=["CD"])
        assert plan.records(member) == [] and member.records("allocation") == []
        voice.record_spoken(member, "CR-104233", on="2026-11-23", how="phone")
        meeting = meetings.add(member, {"type": "team", "on": "2026-11-24", "attendees": ["CD"]})
        assert member.get(meeting.id) is not None
    finally:
        member.close()
    # The lead may do both.
    activity = plan.add(workspace, {"type": "visit", "day": "2026-11-24", "start": "09:00", "end": "10:00", "place": "School"})
    assert workspace.get(activity.id) is not None
