"""The letter's details in the store (para 82, 91, 96-98): one record, the lead's to change, its
history kept, and a refusal that writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from fieldwork import records as rec
from fieldwork.errors import AccessDenied, ValidationError
from store import letter_details
from store.workspace import Workspace


def test_para_91_one_record_holds_the_list_and_keeps_its_history(workspace: Workspace) -> None:
    letter_details.add_recipient(workspace, agency="Local authority", title="Director of children's services")
    details = letter_details.add_recipient(workspace, agency="Police", title="Chief constable")
    assert [r.line for r in details.recipients] == ["Director of children's services, Local authority", "Chief constable, Police"]
    letter_details.set_statement(workspace, required="no")
    assert len(workspace.records("letter-details")) == 1
    assert len(workspace.history(letter_details.record_id(workspace))) == 3
    before = workspace.version_count()
    with pytest.raises(ValidationError, match="already on the letter's list"):
        letter_details.add_recipient(workspace, agency="Police", title="Chief constable")
    assert workspace.version_count() == before


def test_para_98_the_day_sent_cannot_be_in_the_future(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="is in the future"):
        letter_details.set_letter_sent(workspace, on="2027-02-01", today=date(2027, 1, 20))
    assert letter_details.set_letter_sent(workspace, on="2027-01-13", today=date(2027, 1, 20)).letter_sent == "2027-01-13"


def test_para_82_only_the_lead_changes_the_letters_details(workspace: Workspace) -> None:
    workspace.put("inspector", rec.inspector_payload(name="CD", inspectorate="cqc", role="lead"))
    workspace.put("inspector", {**workspace.me, "role": "team"}, record=workspace.me_id)
    assert not workspace.is_lead
    with pytest.raises(AccessDenied, match="Only the lead inspector"):
        letter_details.add_recipient(workspace, agency="Police", title="Chief constable")
    assert workspace.records("letter-details") == []
