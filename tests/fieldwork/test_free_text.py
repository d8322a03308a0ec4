"""fieldwork.free_text: which fields of each kind are free text, and the one name check over them.

The names are made up and exist only as input for the checker."""

from __future__ import annotations

from typing import Any

import pytest

from fieldwork import distribution, free_text, plan, schemas
from fieldwork.errors import ValidationError

NAME = "Sarah Jones"

# Values a text-shaped field accepts: a text, a list of texts, a dict of texts, a list of dicts.
TEXTISH: tuple[Any, ...] = ("words", ["words"], {"a": "words"}, [{"a": "words"}])


def _holds_text(check: schemas.Check) -> bool:
    return any(check(value) is None for value in TEXTISH)


def _classified(kind: str) -> set[str]:
    paths = [p for p, _l in free_text.fields(kind)] + list(free_text.NOT_FREE_TEXT.get(kind, {}))
    return {free_text._steps(p)[0] for p in paths}


@pytest.mark.parametrize("kind", sorted(schemas.SCHEMAS))
def test_every_text_field_of_every_kind_is_said_to_be_free_text_or_not(kind: str) -> None:
    schema = schemas.SCHEMAS[kind]
    text_fields = {name for name, check in schema.fields.items() if _holds_text(check) and name != "confirmed_no_names"}
    assert text_fields - _classified(kind) == set(), f"{kind}: say whether these are free text (fieldwork/free_text.py)"


@pytest.mark.parametrize("kind", sorted(free_text.FREE_TEXT))
def test_every_free_text_path_names_a_field_its_kind_holds(kind: str) -> None:
    known = set(schemas.SCHEMAS[kind].fields)
    for path, _label in free_text.fields(kind):
        assert free_text._steps(path)[0] in known, (kind, path)
        assert path not in free_text.NOT_FREE_TEXT.get(kind, {}), (kind, path)


def test_names_are_found_at_every_depth_and_named_by_field() -> None:
    payload = {
        "theme": "Neglect",
        "responses": {"Police": f"{NAME} attended."},
        "peer": {"Health": {"culture": f"{NAME} escalates."}},
        "practitioners": [{"title": "Health visitor", "agency": NAME}],
        "milestones": [{"date": "2026-10-15", "text": "Terms agreed"}],
        "cases": [NAME],  # case references are not free text: a name here is the case-reference rule's
    }
    found = free_text.names_in("activity", payload)
    assert [(f.field, f.label) for f in found] == [
        ("responses", "agencies' responses"), ("practitioners", "practitioners' agencies"), ("peer", "peer review findings")]
    assert free_text.words(found) == {NAME}


def test_a_forms_one_line_for_a_list_is_read_as_text() -> None:
    found = free_text.names_in("plan-activity", {"meeting": f"Social worker; {NAME}"})
    assert [f.field for f in found] == ["meeting"]


def test_an_edit_is_asked_only_about_what_it_changes() -> None:
    before = {"type": "interview", "place": f"{NAME}'s office", "note": ""}
    assert free_text.names_in("plan-activity", {**before, "note": "Room booked."}, before=before) == []
    found = free_text.names_in("plan-activity", {**before, "note": f"Ask {NAME}."}, before=before)
    assert [f.field for f in found] == ["note"]
    # The same words moved to another field are new there.
    assert [f.field for f in free_text.names_in("plan-activity", {"reason": f"{NAME}'s office"}, before=before)] == ["reason"]


def test_the_refusal_names_each_word_and_field_and_how_to_confirm() -> None:
    with pytest.raises(ValidationError) as refused:
        free_text.guard("action", {"owner_title": NAME, "text": "Audit the cases.", "evidence": f"{NAME}'s notes"}, confirmed=False)
    message = str(refused.value)
    assert message.startswith(f"Possible personal name '{NAME}' in the owner's job title and the evidence of completion:")
    assert message.endswith("confirm it is not a name with --confirm-no-names. Nothing was saved.")
    assert isinstance(refused.value, free_text.PossibleName)
    assert "Ctrl+O" in refused.value.worded("by pressing Ctrl+O")


def test_confirmed_words_pass_and_say_so() -> None:
    assert free_text.guard("action", {"owner_title": NAME}, confirmed=True) == ["owner_title"]
    assert free_text.guard("action", {"owner_title": "Team manager"}, confirmed=False) == []
    assert free_text.guard_flag("action", {"owner_title": NAME}, confirmed=True) is True
    # An edit of a record saved on its author's word keeps saying so.
    assert free_text.guard_flag("action", {"text": "Done."}, confirmed=False, before={"confirmed_no_names": True}) is True


# Para 67's leaders and para 91's usual recipients, as the plan and the letter name them.
TITLES = sorted({"Chief Constable", "Designated nurse", "Police", "Children's social care", *plan.LEADERS.values(),
                 *(t for pair in distribution.USUAL_RECIPIENTS for t in pair)})


@pytest.mark.parametrize("title", TITLES)
def test_job_titles_and_agencies_pass(title: str) -> None:
    for kind in ("letter-details", "plan-activity", "action"):
        payload = {"recipients": [{"agency": title, "title": title}], "meeting": [title], "agencies": [title],
                   "owner_agency": title, "owner_title": title}
        assert free_text.names_in(kind, payload) == [], (kind, title)


def test_a_kind_without_free_text_has_nothing_to_check() -> None:
    assert free_text.names_in("case-grade", {"child": NAME, "grade": NAME}) == []
    assert free_text.keys("case-grade") == frozenset()
