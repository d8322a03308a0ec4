"""Para 54 balance of the tracked and sampled groups."""

from __future__ import annotations

from typing import Any

from fieldwork.balance import balance, group_balance


def child(n: int, stage: str = "tracked", **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "case_ref": f"CR-1000{n:02d}",
        "stage": stage,
        "age_band": ("0-4", "5-9", "10-15", "16-17")[n % 4],
        "gender": ("female", "male")[n % 2],
        "disability": ("yes", "no")[n % 2],
        "ethnicity": ("white", "black", "asian", "mixed")[n % 4],
        "involvement": ("child-protection", "child-in-need", "looked-after")[n % 3],
        "probation": n == 0,
    }
    return {**base, **fields}


def test_a_balanced_tracked_group_of_six_has_no_warning() -> None:
    group = group_balance([child(n) for n in range(6)], "tracked")
    assert group.size == 6
    assert group.probation == 1
    assert group.warnings == ()
    assert group.count("gender", "female") == 3
    assert group.count("age_band", "0-4") == 2


def test_counts_only_the_named_stage_and_in_vocabulary_order() -> None:
    children = [child(n) for n in range(6)] + [child(10 + n, "sampled") for n in range(4)] + [child(20, "deep-dive")]
    groups = balance(children)
    assert groups["tracked"].size == 6
    assert groups["sampled"].size == 4
    assert [v for v, _ in groups["sampled"].counts["age_band"]] == ["0-4", "5-9", "10-15", "16-17"]


def test_tracked_outside_five_to_seven_warns() -> None:
    assert any("4 children are tracked" in w for w in group_balance([child(n) for n in range(4)], "tracked").warnings)
    assert any("8 children are tracked" in w for w in group_balance([child(n) for n in range(8)], "tracked").warnings)
    assert not any("tracked:" in w for w in group_balance([child(n) for n in range(7)], "tracked").warnings)
    assert group_balance([], "tracked").warnings == ("No child is tracked yet: paras 21 and 55 ask for 5 to 7, chosen by day 2.",)


def test_no_probation_involvement_in_the_tracked_group_warns() -> None:
    children = [child(n, probation=False) for n in range(6)]
    warnings = group_balance(children, "tracked").warnings
    assert any("Probation" in w and "para 54" in w for w in warnings)
    # The probation rule is for tracking only (para 54's bracket).
    assert not any("Probation" in w for w in group_balance([child(n, "sampled", probation=False) for n in range(6)], "sampled").warnings)


def test_a_uniform_attribute_warns_and_names_it() -> None:
    warnings = group_balance([child(n, gender="female") for n in range(6)], "tracked").warnings
    assert warnings == ("Gender: all 6 tracked children are female; para 54 asks for a balance.",)


def test_missing_attributes_are_counted_as_not_recorded() -> None:
    children = [child(n) for n in range(5)] + [child(5, age_band="", ethnicity="not-recorded")]
    group = group_balance(children, "tracked")
    assert group.count("age_band", "not-recorded") == 1
    assert group.counts["ethnicity"][-1] == ("not-recorded", 1)
    assert "Age: not recorded for 1 of the 6 tracked children." in group.warnings


def test_an_unborn_child_without_gender_or_disability_is_not_a_gap() -> None:
    children = [child(n) for n in range(5)] + [child(5, age_band="unborn", gender="not-recorded", disability="not-recorded")]
    group = group_balance(children, "tracked")
    assert group.count("gender", "not-recorded") == 1
    assert not any("not recorded" in w for w in group.warnings)
    assert any("Ethnicity: not recorded" in w for w in group_balance(children + [child(6, age_band="unborn", ethnicity="")], "tracked").warnings)
