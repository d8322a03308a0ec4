"""Record validation: clean payloads or one plain sentence."""

from __future__ import annotations

import pytest

from fieldwork import records as rec
from fieldwork.errors import ValidationError

RULES = rec.SeaRules(criteria={"ESN 07": "front-door", "ESN 22": "partnership"}, strands=["front-door", "partnership"], known_case_refs=["CR-104233"])
GOOD = {"criteria": ["ESN 07"], "judgement": "strength", "source_type": "interview", "evidence_at": "2026-11-23T10:30:59", "text": "Timely and effective."}


def test_sea_payload_defaults_the_strand_from_the_first_criterion() -> None:
    payload = rec.sea_payload({**GOOD, "criteria": ["ESN 22", "ESN 07"]}, RULES)
    assert payload["strand"] == "partnership"
    assert payload["evidence_at"] == "2026-11-23T10:30"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"criteria": []}, "at least one criterion"),
        ({"criteria": ["ESN 99"]}, "Unknown criterion"),
        ({"judgement": "excellent"}, "Unknown judgement"),
        ({"source_type": "rumour"}, "Unknown source type"),
        ({"evidence_at": "23/11/2026"}, "Bad evidence date"),
        ({"children": ["CR-999999"]}, "Unknown case reference"),
        ({"children": ["Jane"]}, "not a case reference"),
        ({"text": "   "}, "empty"),
        ({"colour": "red"}, "Unknown SEA field"),
    ],
)
def test_sea_payload_refusals(change: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError, match=message):
        rec.sea_payload({**GOOD, **change}, RULES)


def test_edits_keep_fields_written_by_a_newer_version() -> None:
    base = {**rec.sea_payload(GOOD, RULES), "future_field": 42}
    edited = rec.sea_payload({"judgement": "development"}, RULES, base=base)
    assert edited["future_field"] == 42 and edited["judgement"] == "development"


def test_child_payload_validates_attributes() -> None:
    child = rec.child_payload({"case_ref": "cr-104233", "stage": "tracked", "probation": "yes", "agencies": "Police; Health"})
    assert child["case_ref"] == "CR-104233" and child["probation"] is True and child["agencies"] == ["Police", "Health"]
    with pytest.raises(ValidationError, match="Unknown stage"):
        rec.child_payload({"case_ref": "CR-1042", "stage": "orbiting"})


def test_inspection_and_inspector_payloads() -> None:
    with pytest.raises(ValidationError, match="Bad notification date"):
        rec.inspection_payload(area="A", theme="T", notified="tomorrow", packs=["x"])
    with pytest.raises(ValidationError, match="Unknown inspectorate"):
        rec.inspector_payload(name="AB", inspectorate="fbi")
    assert rec.inspector_payload(name="AB", inspectorate="HMIP")["inspectorate"] == "hmip"


def test_changed_fields() -> None:
    assert rec.changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": {"from": 2, "to": 3}, "c": {"from": None, "to": 4}}
