"""The SEA list's filter language: parsing and the plain-Python rule (milliseconds, no store)."""

from __future__ import annotations

import pytest

from fieldwork.frameworks import Framework, load_pack
from fieldwork.sea_filter import (AGENCY, AUTHOR, CHILD, CONFLICT, CRITERION, JUDGEMENT, LATE, TEXT,
                                  Entry, SeaFilter, Term, matches, parse, search_criteria)

TEAM = {"id-ab": "AB", "id-cd": "CD", "id-ce": "CE"}


@pytest.fixture(scope="module")
def framework() -> Framework:
    # Deep-dive pack first on purpose: a bare "7" then means NEG 07, but "esn:7" must not.
    return Framework([load_pack("jtai-neglect"), load_pack("jtai-2016-front-door")])


def terms(query: str, framework: Framework | None = None) -> list[tuple[str, tuple[str, ...], bool]]:
    flt = parse(query, framework=framework, inspectors=TEAM)
    assert not flt.problems, flt.problems
    return [(t.kind, t.values, t.negate) for t in flt.terms]


# --- parsing -------------------------------------------------------------------------------------

def test_empty_query_is_an_empty_filter() -> None:
    assert parse("").empty
    assert parse("   ").empty


def test_free_words_are_lower_cased_and_each_must_match() -> None:
    assert terms("Drift  Supervision") == [(TEXT, ("drift",), False), (TEXT, ("supervision",), False)]


def test_a_quoted_phrase_stays_one_term() -> None:
    assert terms('"Information sharing" police') == [
        (TEXT, ("information sharing",), False), (TEXT, ("police",), False)]


def test_an_unclosed_quote_while_typing_is_still_a_phrase() -> None:
    assert terms('"information sha') == [(TEXT, ("information sha",), False)]


def test_criterion_keys_resolve_codes_as_inspectors_type_them(framework: Framework) -> None:
    assert terms("esn:7", framework) == [(CRITERION, ("ESN 07",), False)]
    assert terms("c:ESN 07", framework) == [(CRITERION, ("ESN 07",), False)]
    assert terms('c:"esn 7"', framework) == [(CRITERION, ("ESN 07",), False)]
    assert terms("c:7", framework) == [(CRITERION, ("NEG 07",), False)]  # the first pack's prefix


def test_c_key_followed_by_letters_then_number_joins_them(framework: Framework) -> None:
    # "c:ESN 07 poor": the number belongs to the code; the next word is free text.
    assert terms("c:ESN 07 poor", framework) == [(CRITERION, ("ESN 07",), False), (TEXT, ("poor",), False)]


def test_alternatives_inside_one_token(framework: Framework) -> None:
    assert terms("esn:7|13", framework) == [(CRITERION, ("ESN 07", "ESN 13"), False)]
    assert terms("j:strength|dev") == [(JUDGEMENT, ("strength", "development"), False)]


def test_judgement_by_unique_prefix_and_ambiguity_is_reported() -> None:
    assert terms("j:s") == [(JUDGEMENT, ("strength",), False)]
    assert terms("judgement:CONCERN") == [(JUDGEMENT, ("concern",), False)]
    flt = parse("j:con")
    assert flt.problems and "concern or context" in flt.problems[0]
    assert flt.impossible


def test_unknown_judgement_or_criterion_matches_nothing_and_says_why(framework: Framework) -> None:
    assert "Unknown judgement" in parse("j:great").problems[0]
    flt = parse("esn:99", framework=framework)
    assert "ESN 99" in flt.problems[0]
    assert not matches(flt, Entry(criteria=["ESN 99"]))


def test_child_agency_and_author_tokens() -> None:
    assert terms("child:cr-1042 agency:Police by:ab") == [
        (CHILD, ("CR-1042",), False), (AGENCY, ("police",), False), (AUTHOR, ("id-ab",), False)]


def test_author_by_prefix_can_mean_several_inspectors() -> None:
    assert terms("by:c") == [(AUTHOR, ("id-cd", "id-ce"), False)]
    assert "No inspector 'ZZ'" in parse("by:ZZ", inspectors=TEAM).problems[0]


def test_flags_and_negation() -> None:
    assert terms("late -conflict -drift -j:context") == [
        (LATE, (), False), (CONFLICT, (), True), (TEXT, ("drift",), True), (JUDGEMENT, ("context",), True)]


def test_half_typed_tokens_are_ignored_and_look_alikes_are_text(framework: Framework) -> None:
    assert terms("esn: j: - child:", framework) == []
    assert terms("10:30 s.47:") == [(TEXT, ("10:30",), False), (TEXT, ("s.47:",), False)]


# --- matching ------------------------------------------------------------------------------------

ENTRY = Entry(criteria=("ESN 07", "ESN 13"), judgement="development", children=("CR-104233",),
              agencies=("Police", "Health visiting"), author="id-cd", late=True, conflicted=False,
              haystack="strategy discussions did not include health esn 07 esn 13 cr-104233")


@pytest.mark.parametrize(("query", "expected"), [
    ("", True),
    ("health strategy", True),
    ("health drift", False),
    ("esn:7", True),
    ("esn:9", False),
    ("esn:9|13", True),
    ("j:development", True),
    ("j:strength|concern", False),
    ("child:CR-104", True),
    ("child:CR-2", False),
    ("agency:visit", True),
    ("agency:probation", False),
    ("by:CD", True),
    ("by:AB", False),
    ("late", True),
    ("-late", False),
    ("conflict", False),
    ("-conflict late esn:13 -j:strength", True),
    ("j:con", False),  # not understood: nothing, never everything
])
def test_matches(framework: Framework, query: str, expected: bool) -> None:
    flt = parse(query, framework=Framework([load_pack("jtai-2016-front-door")]), inspectors=TEAM)
    assert matches(flt, ENTRY) is expected


def test_an_empty_filter_matches_every_entry() -> None:
    assert matches(SeaFilter(), Entry())
    assert matches(SeaFilter((Term(TEXT, ("",)),)), Entry(haystack="anything"))


# --- finding a criterion by typing ---------------------------------------------------------------

def codes(found: list) -> list[str]:  # type: ignore[type-arg]
    return [c.code for c in found]


def test_search_puts_the_code_typed_first(framework: Framework) -> None:
    assert codes(search_criteria(framework, "esn7"))[0] == "ESN 07"
    assert codes(search_criteria(framework, "7"))[0] == "NEG 07"  # a bare number: the first pack
    assert "ESN 07" in codes(search_criteria(framework, "7"))[:3]


def test_search_by_label_words_in_any_order(framework: Framework) -> None:
    found = codes(search_criteria(framework, "supervision"))
    assert found and found[0] == "ESN 17"
    assert "ESN 07" in codes(search_criteria(framework, "information agencies"))


def test_search_empty_lists_every_criterion_of_every_pack(framework: Framework) -> None:
    found = codes(search_criteria(framework, ""))
    assert len(found) == len(framework.criteria)
    assert "NEG 01" in found and "ESN 22" in found


def test_search_finds_nothing_for_nonsense(framework: Framework) -> None:
    assert search_criteria(framework, "qqqzzz") == []
