"""Framework packs: the shipped packs load, malformed packs are refused with a usable message, typed
codes resolve the way inspectors type them, and no criterion text has crept into Python code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fieldwork.errors import ValidationError
from fieldwork.frameworks import (
    KINDS,
    VOCABULARY_DEFAULTS,
    Criterion,
    Framework,
    Pack,
    PackError,
    load_pack,
    parse_pack,
    shipped_pack_ids,
    shipped_packs,
)

REPO = Path(__file__).resolve().parents[2]
FRONT_DOOR = "jtai-2016-front-door"
DOMESTIC_ABUSE = "jtai-domestic-abuse"
AUDIT = "somerset-partnership-audit"
THEMES = ("jtai-cse-missing", DOMESTIC_ABUSE, "jtai-neglect", "jtai-mental-health",
          "jtai-csa-family", "jtai-youth-violence")


def codes(criteria: tuple[Criterion, ...] | list[Criterion]) -> list[str]:
    return [c.code for c in criteria]


# --- shipped packs -------------------------------------------------------------------------------

def test_the_expected_packs_ship_and_each_file_is_named_after_its_id() -> None:
    assert set(shipped_pack_ids()) == {FRONT_DOOR, *THEMES, "custom", AUDIT}
    assert [p.id for p in shipped_packs()] == shipped_pack_ids()


@pytest.mark.parametrize("pack_id", shipped_pack_ids())
def test_every_shipped_pack_loads_and_is_well_formed(pack_id: str) -> None:
    pack = load_pack(pack_id)
    assert pack.kind in KINDS
    assert pack.title and pack.version and pack.source
    assert set(pack.vocabulary) <= set(VOCABULARY_DEFAULTS)
    # Every pack opens in a Framework on its own, which re-checks strands and code uniqueness.
    assert Framework([pack]).criteria == pack.criteria
    for criterion in pack.criteria:
        assert criterion.pack == pack_id
        assert Framework([pack]).resolve(criterion.code) is criterion


def test_shipped_packs_are_parsed_once() -> None:
    assert load_pack(FRONT_DOOR) is load_pack(FRONT_DOOR)


def test_a_strand_id_means_the_same_thing_in_every_pack() -> None:
    # Framework keeps the first label it sees; that is only safe if packs agree.
    labels: dict[str, set[str]] = {}
    for pack in shipped_packs():
        for strand in pack.strands:
            labels.setdefault(strand.id, set()).add(strand.label)
    assert {sid: names for sid, names in labels.items() if len(names) > 1} == {}


def test_front_door_pack_holds_esn_01_to_22_across_the_four_jtai_strands() -> None:
    pack = load_pack(FRONT_DOOR)
    assert codes(pack.criteria) == [f"ESN {n:02d}" for n in range(1, 23)]
    assert [s.id for s in pack.strands] == ["front-door", "deep-dive", "leadership", "partnership"]
    by_code = {c.code: c.strand for c in pack.criteria}
    assert {by_code[f"ESN {n}"] for n in range(14, 22)} == {"leadership"}
    assert by_code["ESN 22"] == "partnership"
    assert by_code["ESN 01"] == "front-door"
    assert pack.code_prefix == "ESN"
    assert pack.grading == ()  # JTAI letters report findings, not graded judgements


@pytest.mark.parametrize("pack_id", THEMES)
def test_each_theme_pack_is_a_deep_dive_of_six_to_ten_pathway_criteria(pack_id: str) -> None:
    pack = load_pack(pack_id)
    assert pack.kind == "deep-dive"
    assert 6 <= len(pack.criteria) <= 10
    assert {c.strand for c in pack.criteria} <= {"deep-dive", "leadership"}
    assert "leadership" in {c.strand for c in pack.criteria}
    assert pack.code_prefix and all(c.code.startswith(pack.code_prefix + " ") for c in pack.criteria)
    # The theme guidance is not among our sources; the pack must say its criteria are our own.
    assert "own words" in pack.source and "not the inspectorates' published criteria" in pack.source
    assert pack.vocabulary == {}


def test_theme_prefixes_are_distinct_so_typed_codes_are_never_ambiguous() -> None:
    prefixes = [p.code_prefix for p in shipped_packs() if p.code_prefix]
    assert len(prefixes) == len(set(prefixes))


def test_custom_pack_starts_empty_with_prefix_c() -> None:
    pack = load_pack("custom")
    assert (pack.kind, pack.criteria, pack.code_prefix) == ("custom", (), "C")


def test_audit_pack_follows_the_somerset_framework() -> None:
    pack = load_pack(AUDIT)
    assert pack.kind == "audit"
    assert [s.label for s in pack.strands] == [
        "Safe Start to Life", "Safe in the Community",
        "Positive Mental Health and Emotional Wellbeing"]
    expected = ([f"P1.{n}" for n in range(1, 4)] + [f"P2.{n}" for n in range(1, 9)]
                + [f"P3.{n}" for n in range(1, 6)])
    assert codes(pack.criteria) == expected
    # Section 11 is an agency self-assessment, not a case-audit domain, and the framework sets no
    # grading scale: both live in the pack's [partnership] table (fieldwork/partnership.py).
    assert pack.grading == ()
    # An audit must not show a single JTAI word: it sets every one.
    assert set(pack.vocabulary) == set(VOCABULARY_DEFAULTS)
    assert pack.vocabulary["inspection"] == "audit" and pack.vocabulary["children"] == "cases"


def test_unknown_pack_id_lists_the_shipped_ones() -> None:
    with pytest.raises(PackError) as err:
        load_pack("jtai-knife-crime")
    assert "jtai-knife-crime" in str(err.value)
    assert all(pack_id in str(err.value) for pack_id in shipped_pack_ids())


# --- malformed packs -----------------------------------------------------------------------------

VALID = '''
id = "test-pack"
title = "Test"
version = "1"
source = "Made up for a test"
kind = "deep-dive"
code_prefix = "TP"

[[strands]]
id = "deep-dive"
label = "Deep dive"

[[criteria]]
code = "TP 01"
strand = "deep-dive"
label = "First"

[[criteria]]
code = "TP 02"
strand = "deep-dive"
label = "Second"
prompt = "Asked?"

[[grading]]
id = "good"
label = "Good"
rank = 1

[[grading]]
id = "poor"
label = "Poor"
rank = 2
'''


def test_the_valid_fixture_parses_so_each_refusal_below_is_down_to_its_one_change() -> None:
    pack = parse_pack(VALID, "test.toml")
    assert isinstance(pack, Pack)
    assert codes(pack.criteria) == ["TP 01", "TP 02"]
    assert pack.criteria[1].prompt == "Asked?" and pack.criteria[0].prompt is None
    assert [g.id for g in pack.grading] == ["good", "poor"]


MALFORMED = {
    "missing label": (VALID.replace('label = "Second"\n', ""),
                      ["criterion 2", "TP 02", "no label"]),
    "blank label": (VALID.replace('label = "Second"', 'label = "  "'),
                    ["criterion 2", "no label"]),
    "duplicate code": (VALID.replace('code = "TP 02"', 'code = "TP 01"'),
                       ["criterion 2", "repeats the code 'TP 01'", "criterion 1"]),
    "duplicate code written differently": (VALID.replace('code = "TP 02"', 'code = "TP 1"'),
                                           ["criterion 2", "'TP 1'", "'TP 01'"]),
    "undeclared strand": (VALID.replace('strand = "deep-dive"\nlabel = "Second"',
                                        'strand = "front-door"\nlabel = "Second"'),
                          ["criterion 2", "'front-door'", "does not declare"]),
    "bad toml": (VALID.replace('title = "Test"', 'title = "Test'), ["not valid TOML"]),
    "unknown top-level key": (VALID.replace('kind = "deep-dive"', 'kind = "deep-dive"\ncolour = "red"'),
                              ["unknown key 'colour'"]),
    "unknown criterion key": (VALID.replace('label = "First"', 'label = "First"\nweight = 2'),
                              ["criterion 1", "unknown key 'weight'"]),
    "pack key inside a criterion": (VALID.replace('label = "First"', 'label = "First"\npack = "x"'),
                                    ["criterion 1", "unknown key 'pack'"]),
    "wrong type": (VALID.replace('version = "1"', "version = 1"),
                   ["version must be text, not a whole number"]),
    "criteria not a list": (VALID.split("[[criteria]]")[0].replace(
                                'code_prefix = "TP"', 'code_prefix = "TP"\ncriteria = "TP 01"'),
                            ["criteria must be a list of tables"]),
    "duplicate grade rank": (VALID.replace("rank = 2", "rank = 1"),
                             ["grade 2", "rank 1", "good already has"]),
    "rank as true/false": (VALID.replace("rank = 2", "rank = true"),
                           ["grade 2", "rank must be a whole number, not true/false"]),
    "missing title": (VALID.replace('title = "Test"\n', ""), ["no title"]),
    "unknown kind": (VALID.replace('kind = "deep-dive"', 'kind = "thematic"'), ["'thematic'"]),
    "no strands": (VALID.split("[[strands]]")[0], ["no strands"]),
    "empty non-custom pack": (VALID.split("[[criteria]]")[0], ["no criteria"]),
    "code without letters": (VALID.replace('code = "TP 02"', 'code = "02"'),
                             ["criterion 2", "code '02'"]),
    "unknown vocabulary word": (VALID + '\n[vocabulary]\nauditee = "agency"\n',
                                ["vocabulary", "unknown key 'auditee'"]),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_pack_is_refused_naming_the_file_and_the_problem(case: str) -> None:
    text, fragments = MALFORMED[case]
    with pytest.raises(PackError) as err:
        parse_pack(text, "jtai-da.toml")
    message = str(err.value)
    assert message.startswith("jtai-da.toml: ")
    for fragment in fragments:
        assert fragment in message
    assert isinstance(err.value, ValidationError)


def test_grading_is_held_best_first_whatever_the_file_order() -> None:
    text = VALID.replace("rank = 1", "rank = 9").replace("rank = 2", "rank = 1")
    assert [(g.id, g.rank) for g in parse_pack(text, "t.toml").grading] == [("poor", 1), ("good", 9)]


def test_a_custom_pack_may_start_empty() -> None:
    text = VALID.split("[[criteria]]")[0].replace('kind = "deep-dive"', 'kind = "custom"')
    assert parse_pack(text, "c.toml").criteria == ()


# --- one inspection's framework ------------------------------------------------------------------

@pytest.fixture
def front_and_da() -> Framework:
    return Framework([load_pack(FRONT_DOOR), load_pack(DOMESTIC_ABUSE)])


@pytest.mark.parametrize("typed", ["7", "07", "ESN 07", "esn7", "ESN7", " ESN 7 ", "esn 007"])
def test_the_ways_people_type_esn_07_all_resolve(front_and_da: Framework, typed: str) -> None:
    assert front_and_da.resolve(typed).code == "ESN 07"


@pytest.mark.parametrize("typed", ["DA 3", "da03", "DA03", "da 3"])
def test_codes_of_a_second_pack_resolve_by_their_prefix(front_and_da: Framework, typed: str) -> None:
    assert front_and_da.resolve(typed).code == "DA 03"


def test_a_bare_number_reads_in_the_first_pack_with_a_prefix() -> None:
    da_first = Framework([load_pack(DOMESTIC_ABUSE), load_pack(FRONT_DOOR)])
    assert da_first.resolve("3").code == "DA 03"
    # ...and is not looked for further on: DA stops at 08, so "12" is not ESN 12.
    with pytest.raises(ValidationError, match="'DA 12'"):
        da_first.resolve("12")


def test_unknown_criterion_names_what_was_typed_and_what_exists(front_and_da: Framework) -> None:
    with pytest.raises(ValidationError) as err:
        front_and_da.resolve("esn99")
    assert str(err.value) == ("Unknown criterion 'ESN 99': this inspection's criteria are "
                              "ESN 01–ESN 22, DA 01–DA 08.")
    with pytest.raises(ValidationError, match="Unknown criterion 'fish'"):
        front_and_da.resolve("fish")


def test_unknown_criterion_message_uses_the_audit_words() -> None:
    with pytest.raises(ValidationError) as err:
        Framework([load_pack(AUDIT)]).resolve("p4.1")
    assert str(err.value) == ("Unknown criterion 'P4.1': this audit's criteria are P1.1–P1.3, "
                              "P2.1–P2.8, P3.1–P3.5.")


def test_dotted_codes_resolve_in_the_audit_pack() -> None:
    audit = Framework([load_pack(AUDIT)])
    assert audit.resolve("2.5").code == "P2.5"
    assert audit.resolve("p3.4").code == "P3.4"
    assert audit.resolve("p 1.2").code == "P1.2"


def test_front_door_and_domestic_abuse_offer_both_sets_in_pack_order(front_and_da: Framework) -> None:
    front, da = load_pack(FRONT_DOOR), load_pack(DOMESTIC_ABUSE)
    assert front_and_da.criteria == front.criteria + da.criteria
    assert front_and_da.packs == (front, da)


def test_added_criteria_come_after_the_packs_and_resolve() -> None:
    extra = Criterion("C 01", "custom", "Local added criterion", None, "custom")
    fw = Framework([load_pack(FRONT_DOOR), load_pack("custom")], extra=[extra])
    assert fw.criteria[-1] is extra
    assert codes(fw.criteria)[:-1] == codes(load_pack(FRONT_DOOR).criteria)
    assert fw.resolve("c1") is extra
    assert fw.label("C 01") == "Local added criterion"


def test_an_added_criterion_must_name_a_strand_of_the_framework() -> None:
    extra = Criterion("C 01", "no-such-strand", "Local", None, "custom")
    with pytest.raises(ValidationError, match="no-such-strand"):
        Framework([load_pack(FRONT_DOOR)], extra=[extra])


def test_two_criteria_with_one_code_are_refused() -> None:
    # Two laptops adding "C 01" offline must surface, not silently lose one of them.
    extras = [Criterion("C 01", "custom", "One", None, "custom"),
              Criterion("C 1", "custom", "Other", None, "custom")]
    with pytest.raises(ValidationError, match="used twice"):
        Framework([load_pack("custom")], extra=extras)
    with pytest.raises(ValidationError, match="listed twice"):
        Framework([load_pack(FRONT_DOOR), load_pack(FRONT_DOOR)])


def test_strands_are_the_union_in_first_seen_order() -> None:
    fw = Framework([load_pack(DOMESTIC_ABUSE), load_pack(FRONT_DOOR), load_pack(AUDIT)])
    assert [s.id for s in fw.strands] == [
        "deep-dive", "leadership", "front-door", "partnership",
        "safe-start", "safe-community", "mental-health"]
    assert fw.strand_label("leadership") == "Leadership and management"
    assert fw.strand_label("gone") == "gone"


def test_a_strand_declared_twice_keeps_the_first_label() -> None:
    first = parse_pack(VALID, "a.toml")
    second = parse_pack(VALID.replace('id = "test-pack"', 'id = "other"')
                        .replace('label = "Deep dive"', 'label = "Theme"')
                        .replace("TP 0", "OT 0").replace('"TP"', '"OT"'), "b.toml")
    assert [s.label for s in Framework([first, second]).strands] == ["Deep dive"]
    assert Framework([second, first]).strand_label("deep-dive") == "Theme"


def test_grading_comes_from_the_first_pack_that_has_one() -> None:
    assert Framework([load_pack(FRONT_DOOR)]).grading == ()
    graded = parse_pack(VALID, "graded.toml")
    fw = Framework([load_pack(FRONT_DOOR), graded])
    assert fw.grading == graded.grading
    assert [g.rank for g in fw.grading] == [1, 2]


def test_vocabulary_takes_each_word_from_the_first_pack_that_sets_it() -> None:
    assert Framework([load_pack(FRONT_DOOR), load_pack(AUDIT)]).vocabulary == VOCABULARY_DEFAULTS
    audit_words = load_pack(AUDIT).vocabulary
    assert Framework([load_pack(AUDIT), load_pack(FRONT_DOOR)]).vocabulary == audit_words
    # A theme pack sets no words, so listing it first does not turn an audit back into a JTAI.
    assert Framework([load_pack("jtai-neglect"), load_pack(AUDIT)]).vocabulary == audit_words
    assert Framework([load_pack("jtai-neglect")]).vocabulary == VOCABULARY_DEFAULTS


def test_get_and_label(front_and_da: Framework) -> None:
    assert front_and_da.get("ESN 07") is front_and_da.resolve("7")
    assert front_and_da.get("esn7") is front_and_da.resolve("7")
    assert front_and_da.get("7") is None  # stored codes carry their letters; no guessing here
    assert front_and_da.get("ESN 99") is None
    assert front_and_da.label("DA 03") == load_pack(DOMESTIC_ABUSE).criteria[2].label
    # A record can name a criterion not yet received; it shows as its code instead of failing.
    assert front_and_da.label("C 04") == "C 04"


# --- criteria are data, never code ---------------------------------------------------------------

def criterion_text_in_code(roots: list[Path], texts: set[str]) -> list[tuple[Path, str]]:
    hits = []
    wanted = {t.lower() for t in texts}
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            # Joining implicitly concatenated strings and folding whitespace catches a label
            # wrapped across two lines, as a long UI string usually is.
            body = re.sub(r"[\"']\s+[\"']", "", path.read_text(encoding="utf-8").lower())
            body = re.sub(r"\s+", " ", body)
            hits.extend((path, text) for text in wanted if text in body)
    return hits


def pack_texts() -> set[str]:
    return {text for pack in shipped_packs() for c in pack.criteria
            for text in (c.label, c.prompt) if text}


def test_no_criterion_text_is_written_in_python() -> None:
    roots = [REPO / name for name in ("fieldwork", "store", "sync", "screens")]
    assert (REPO / "fieldwork" / "frameworks.py").is_file()  # the scan is looking in the right place
    assert criterion_text_in_code(roots, pack_texts()) == []


def test_the_scan_would_find_a_label_pasted_into_code(tmp_path: Path) -> None:
    label = load_pack(FRONT_DOOR).criteria[6].label
    words = label.split()
    wrapped = " ".join(words[:3]) + ' "\n    "' + " ".join(words[3:])  # broken over two lines
    (tmp_path / "pasted.py").write_text(f'HINT = "{label.upper()}"\n')
    (tmp_path / "wrapped.py").write_text(f'HINT = ("{wrapped}")\n')
    (tmp_path / "clean.py").write_text('HINT = "Pick a criterion"\n')
    hits = criterion_text_in_code([tmp_path], pack_texts())
    assert sorted(p.name for p, _ in hits) == ["pasted.py", "wrapped.py"]


# --- para 4, 7: criteria honesty ------------------------------------------------------------------

# Para 7's words for three criteria, copied from the guidance by hand (ESN 14-19 sit under "the
# quality of management oversight, including").
PARA_7 = {
    "ESN 07": "whether local agencies work together effectively, including appropriate and timely sharing of information",
    "ESN 13": "the impact of strategy discussions and any subsequent section 47 enquiries on actions taken to protect children and young people",
    "ESN 17": "the quality of management oversight, including: the quality and effectiveness of direct supervision, support and challenge",
}


def test_para_7_every_esn_carries_the_guidance_wording_in_full() -> None:
    from fieldwork.frameworks import load_pack

    pack = load_pack("jtai-2016-front-door")
    assert pack.official and all(c.official and c.status == "" for c in pack.criteria)
    assert all(c.wording and c.wording[0].islower() for c in pack.criteria)  # para 7's list items
    by_code = {c.code: c for c in pack.criteria}
    for code, words in PARA_7.items():
        assert by_code[code].full == words and by_code[code].shown == code


def test_para_4_theme_packs_are_working_criteria_and_say_so() -> None:
    from fieldwork.frameworks import UNOFFICIAL, Framework, load_pack, shipped_packs

    themes = [p for p in shipped_packs() if p.kind == "deep-dive"]
    assert themes and not any(p.official for p in themes)
    fw = Framework([load_pack("jtai-2016-front-door"), load_pack("jtai-neglect")])
    assert UNOFFICIAL == "working criterion, not published guidance"
    assert fw.shown("NEG 03") == "NEG 03 (working criterion, not published guidance)"
    assert fw.shown("ESN 07") == "ESN 07" and fw.full("ESN 07") == PARA_7["ESN 07"]
    assert fw.full("NEG 03") == fw.label("NEG 03")  # no published wording to quote


def test_para_4_a_pack_must_say_official_as_true_or_false() -> None:
    from fieldwork.frameworks import PackError, parse_pack

    text = 'id = "x"\ntitle = "X"\nversion = "1"\nsource = "s"\nkind = "deep-dive"\nofficial = "yes"\n'
    with pytest.raises(PackError, match="official must be true or false"):
        parse_pack(text, "x.toml")


def test_para_4_framework_list_json_gives_official(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    rows = {r["id"]: r for r in json.loads(cli("framework", "list", "--json").out)}
    assert rows["jtai-2016-front-door"]["official"] is True
    assert rows["jtai-neglect"]["official"] is False and rows["custom"]["official"] is False
    assert all(isinstance(r["official"], bool) for r in rows.values())
