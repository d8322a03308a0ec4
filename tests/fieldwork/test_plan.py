"""The on-site plan's rules: payload validation, the para 25 checks (travel gaps as a property),
the para 67 checklist and the day view."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldwork import plan
from fieldwork.errors import ValidationError

RULES = plan.PlanRules(team={"i-ab", "i-cd"}, known_case_refs={"CR-104233"})


def payload(**fields: Any) -> dict[str, Any]:
    base = {"type": "interview", "day": "2026-11-24", "start": "09:30", "end": "10:30", "place": "Civic Centre"}
    return plan.activity_payload({**base, **fields}, RULES)


def act(aid: str, start: int, end: int, place: str = "A", who: str = "i-ab", **kw: Any) -> plan.Activity:
    return plan.Activity(id=aid, type=kw.pop("type", "visit"), day="2026-11-24", start=start, end=end, place=place,
                         inspectors=(who,), **kw)


def test_a_payload_is_cleaned_and_defaulted() -> None:
    p = payload(place="PHONE", meeting=["Social worker", " "], inspectors=["i-ab"], children=["cr-104233"])
    assert p["place"] == "phone" and p["meeting"] == ["Social worker"] and p["children"] == ["CR-104233"]
    assert p["support"] == "unknown" and p["roles_given"] is False and p["reason"] == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": "9.30"}, "Bad start time '9.30'"),
        ({"end": "09:00"}, "ends (09:00) before it starts"),
        ({"type": "lunch"}, "Unknown activity type"),
        ({"inspectors": ["i-zz"]}, "not on this inspection's team"),
        ({"children": ["CR-999999"]}, "Unknown case reference 'CR-999999'"),
        ({"observes": "strategy"}, "Only an observation names the meeting observed"),
        ({"leaders": ["mayor"]}, "Unknown para 67 leader"),
        ({"place": ""}, "place"),
    ],
)
def test_bad_input_is_refused_in_one_sentence(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        payload(**fields)


def test_a_name_in_free_text_is_refused_unless_confirmed() -> None:
    with pytest.raises(ValidationError, match="Possible personal name"):
        payload(note="Ask Gemma Whitfield to bring the file.")
    p = plan.activity_payload(
        {"type": "visit", "day": "2026-11-24", "start": "09:00", "end": "10:00", "place": "Civic Centre",
         "note": "Ask Gemma Whitfield to bring the file."},
        RULES,
        confirm_no_names=True,
    )
    assert p["confirmed_no_names"] is True


def test_practitioners_with_their_managers_are_flagged_for_interviews_only() -> None:
    assert plan.mixes_managers(["Social worker", "Team manager"])
    assert not plan.mixes_managers(["Social worker", "Family support worker"])
    assert not plan.mixes_managers(["Head of service", "Team manager"])
    mixed = ("Social worker", "Team manager")
    interview = act("a", 540, 600, type="interview", meeting=mixed, roles_given=True)
    observation = act("b", 660, 720, type="observation", meeting=mixed, roles_given=True)
    checks = {(w.activity, w.check) for w in plan.check_plan([interview, observation])}
    assert ("a", "managers") in checks and ("b", "managers") not in checks


def test_support_roles_unstaffed_and_overlap_warnings() -> None:
    family = act("f", 540, 600, family=True)
    arranged = act("g", 700, 760, family=True, support="needed", support_detail="Advocate from the children's rights service")
    needed = act("h", 800, 860, family=True, support="needed")
    nobody = plan.Activity(id="n", type="call", day="2026-11-24", start=600, end=630, place="phone", meeting=("Designated nurse",))
    clash = act("c", 550, 570, place="A", who="i-ab")
    found = plan.check_plan([family, arranged, needed, nobody, clash], names={"i-ab": "AB"})
    by = {(w.activity, w.check) for w in found}
    assert ("f", "support") in by and ("h", "support") in by and ("g", "support") not in by
    assert ("n", "unstaffed") in by and ("n", "roles") in by
    assert ("c", "overlap") in by
    assert any(w.message.startswith("AB is booked for two activities at once") for w in found)


def test_a_full_day_leaves_no_time_to_reflect() -> None:
    full = [act("a", 9 * 60, 13 * 60), act("b", 13 * 60 + 30, 17 * 60)]
    assert plan.reflect_minutes(full) == 60
    assert not [w for w in plan.check_plan(full) if w.check == "reflect"]
    fuller = [act("a", 9 * 60, 13 * 60), act("b", 13 * 60 + 15, 17 * 60 + 15)]
    warned = [w for w in plan.check_plan(fuller) if w.check == "reflect"]
    assert len(warned) == 1 and warned[0].activity == "" and warned[0].inspector == "i-ab"
    # A day-wide warning shows beside each of that inspector's activities that day.
    assert warned[0] in plan.warnings_for(warned, fuller[1])


def test_travel_runs_from_the_last_place_attended_in_person() -> None:
    day = [act("a", 540, 600, "Civic Centre"), plan.Activity("p", "call", "2026-11-24", 605, 625, "phone", inspectors=("i-ab",)),
           act("b", 640, 700, "Police station")]
    # 40 minutes between a and b, of which the call takes 20: 20 free.
    assert [(x.id, y.id, free) for x, y, free in plan.travel_shortfalls(day)] == [("a", "b", 20)]
    same_place = [act("a", 540, 600, "Civic Centre"), act("b", 600, 660, "civic centre ")]
    assert plan.travel_shortfalls(same_place) == []


_slots = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(["A", "B", "phone"])), min_size=1, max_size=8
)


@settings(max_examples=200, deadline=None)
@given(_slots, st.integers(0, 90))
def test_travel_warnings_match_the_free_minutes_between_places(slots: list[tuple[int, int, str]], travel: int) -> None:
    """Laid end to end with gaps (5-minute units), the warnings are exactly the consecutive
    in-person changes of place whose unbooked time between is under `travel`."""
    items, t = [], 8 * 60
    for n, (gap, length, place) in enumerate(slots):
        t += gap * 5
        items.append(act(str(n), t, t + length * 5, place))
        t += length * 5
    found = plan.travel_shortfalls(items, travel)
    in_person = [a for a in items if a.place != "phone"]
    expected = []
    for a, b in zip(in_person, in_person[1:]):
        # Nothing overlaps here, so the free time is the gap less whatever calls fall between.
        calls = sum(c.end - c.start for c in items if c.place == "phone" and c.start >= a.end and c.end <= b.start)
        free = b.start - a.end - calls
        if a.place != b.place and free < travel:
            expected.append((a.id, b.id, free))
    assert [(a.id, b.id, free) for a, b, free in found] == expected
    warned = {w.activity for w in plan.check_plan(items, travel=travel) if w.check == "travel"}
    assert warned == {b for _, b, _ in expected}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 24 * 60 - 1), st.integers(1, 300)), max_size=10))
def test_booked_time_is_never_more_than_the_window_nor_less_than_the_longest(spans: list[tuple[int, int]]) -> None:
    items = [act(str(n), s, min(s + d, 24 * 60)) for n, (s, d) in enumerate(spans)]
    lo, hi = plan.WORKING_DAY
    booked = plan.booked_between(items, lo, hi)
    assert 0 <= booked <= hi - lo
    longest = max((max(0, min(a.end, hi) - max(a.start, lo)) for a in items), default=0)
    assert booked >= longest
    assert plan.reflect_minutes(items) == hi - lo - booked


def test_leaders_checklist_and_day_view() -> None:
    a = act("a", 600, 660, leaders=("dcs",), who="i-cd")
    b = act("b", 540, 600, leaders=("dcs", "mappa-chair"))
    rows = {r.key: r for r in plan.leaders_checklist([a, b])}
    assert len(rows) == len(plan.LEADERS)
    assert rows["dcs"].activities == ("b", "a") and rows["dcs"].inspectors == ("i-ab", "i-cd")
    assert rows["mappa-chair"].booked and not rows["chief-executive"].booked
    assert [x.id for x in plan.day_view([a, b], "2026-11-24")] == ["b", "a"]
    assert [x.id for x in plan.day_view([a, b], "2026-11-24", "i-cd")] == ["a"]
    assert plan.day_view([a, b], "2026-11-25") == []
