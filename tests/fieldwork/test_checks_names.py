"""The para 80 name check: each rule on its own, then the whole check against the corpus.

All names and case references here are invented for the test."""

from __future__ import annotations

import statistics
import time

import pytest

from fieldwork.checks import NAME, Flag, check_names, load_name_lists
from fieldwork.checks.names import ELSEWHERE, LOCAL
from tests.fieldwork.name_corpus import SAMPLES, WITH_NAMES, WITHOUT_NAMES


def words(text: str, allow: tuple[str, ...] = ()) -> list[str]:
    return [f.word or "" for f in check_names(text, allow)]


# --- the lists ----------------------------------------------------------------------------------

def test_lists_load_once_and_hold_every_shipped_list() -> None:
    lists = load_name_lists()
    assert load_name_lists() is lists  # cached: later calls cost nothing
    assert lists.missing == ()
    # Faker's locales (many countries): names from elsewhere, accented and folded to ASCII.
    assert lists.first.get("jürgen") == ELSEWHERE and lists.first.get("jurgen") == ELSEWHERE
    assert "michał" in lists.first and "michal" in lists.first
    assert lists.first.get("mary") == LOCAL
    # The UK list: Welsh, Gaelic, Irish and British names of many heritages, every spelling.
    for name in ("siân", "sian", "eilidh", "oisín", "oisin", "harpreet", "chinedu", "dawit", "agnieszka"):
        assert lists.first.get(name) == LOCAL, name
    assert {"ji-woo", "jiwoo"} <= set(lists.first) and not any(n[0] in "'-" for n in lists.first)
    # Places in England that are also first names read as places unless a person shows.
    assert "chelsea" in lists.proper and lists.first.get("chelsea") == LOCAL
    # Census surnames, and the common ones that can follow a first name as ordinary words.
    assert "okafor" in lists.surname and "smith" in lists.surname
    assert "brown" in lists.common_surname and "okafor" not in lists.common_surname
    # The allow file: case decides the kind of term.
    assert "will" in lists.ordinary and "somerset" in lists.proper
    assert ("social", "worker") in lists.phrases["social"]


def test_no_list_comes_from_a_gpl_package() -> None:
    # gender-guesser (GPL-3.0, GFDL data) is gone: the lists ship under MIT, OGL or public domain.
    import importlib.resources

    readme = importlib.resources.files("fieldwork").joinpath("data/README").read_text("utf-8")
    for shipped in ("first_names.tsv", "names_uk.txt", "name_allow.txt"):
        assert shipped in readme
    assert "gender_guesser" not in (importlib.resources.files("fieldwork.checks").joinpath("names.py").read_text("utf-8"))


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The Chief Constable attended the strategy meeting.", []),
        ("The Detective Chief Inspector and the MAPPA Chair met inspectors.", []),
        ("The Lead Elected Member and the Chief Executive met inspectors.", []),
        ("The family moved to Chelsea last year.", []),
        ("Chelsea said she felt safe.", ["Chelsea"]),
        ("Skye was seen alone at school.", ["Skye"]),
        ("The worker made good use of play to help Dawit talk about home.", ["Dawit"]),
    ],
)
def test_agency_titles_places_and_uk_names(text: str, flagged: list[str]) -> None:
    assert words(text) == flagged


def test_flags_are_blocking_name_flags_with_spans() -> None:
    text = "The visit by Ms Okafor's team was timely."
    [flag] = check_names(text)
    assert isinstance(flag, Flag)
    assert flag.kind == NAME == "name"
    assert flag.blocking is True
    assert flag.start is not None and flag.end is not None
    # The span is what to replace (title included, possessive 's left alone).
    assert text[flag.start : flag.end] == flag.word == "Ms Okafor"


def test_message_quotes_only_the_suspicious_word() -> None:
    text = "The pathway plan for Chinedu Okafor was agreed at the Taunton office on Friday."
    [flag] = check_names(text)
    assert flag.word == "Chinedu Okafor"
    assert '"Chinedu Okafor"' in flag.message
    for other in ("pathway", "Taunton", "Friday", "agreed"):
        assert other not in flag.message


def test_empty_and_lowercase_text() -> None:
    assert check_names("") == []
    assert check_names("   \n") == []
    assert check_names("the social worker will visit and may call the school") == []


# --- title + word -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mr Kowalski was not spoken to.", "Mr Kowalski"),
        ("The GP, Dr. Mensah, replied promptly.", "Dr. Mensah"),
        ("Mrs Anne Hughes attended the review.", "Mrs Anne Hughes"),
        ("PC Hughes shared the notification.", "PC Hughes"),
        ("Ms May attended the conference.", "Ms May"),  # a title overrides the month
        ("mr smith was not seen", "mr smith"),  # typed in a hurry
        ("Sister Jones on the ward raised concerns.", "Sister Jones"),
    ],
)
def test_title_then_word_is_a_name(text: str, name: str) -> None:
    assert words(text) == [name]


def test_title_before_a_bare_letter_is_an_anonymised_person() -> None:
    assert words("Ms X and Mr Y were seen separately.") == []


def test_title_overrides_the_runtime_allow_list() -> None:
    assert words("Mr Preston attended.", allow=("Preston",)) == ["Mr Preston"]


# --- first name + capitalised word -------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The decision about Andreea Popescu was timely.", "Andreea Popescu"),
        ("Kwame Mensah was seen alone.", "Kwame Mensah"),
        ("The plan for Mei Lin Zhang lacked outcomes.", "Mei Lin Zhang"),
        ("Visits to Sarah Brown were purposeful.", "Sarah Brown"),  # brown: a word and a surname
        ("Will Smith attended the review.", "Will Smith"),  # word-name + surname, sentence start
        ("Visits to Sarah Hill were timely.", "Sarah Hill"),  # Hill: surname, not a place word
        ("The plan for Ji-woo Park was clear.", "Ji-woo Park"),
    ],
)
def test_first_name_and_capitalised_word(text: str, name: str) -> None:
    assert words(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Grace Academy made a timely referral.",
        "Hope House provided a safe refuge.",
        "Oakfield Primary School acted quickly.",
        "St Mary's Hospital responded promptly.",
        "Referral from St. Mary's was timely.",
        "Young Carers are identified early.",
        "Milton Keynes has a strong front door.",
    ],
)
def test_capitalised_phrases_that_name_places_and_services(text: str) -> None:
    assert words(text) == []


# --- first names on their own -------------------------------------------------------------------

def test_known_first_name_mid_sentence() -> None:
    assert words("The worker visited Kai at school.") == ["Kai"]
    assert words("The plan did not address Priya's anxiety.") == ["Priya"]


def test_common_first_name_at_sentence_start() -> None:
    assert words("Jayden was seen alone. Sophie has had four workers.") == ["Jayden", "Sophie"]


@pytest.mark.parametrize(
    "text",
    [
        "Police responded quickly.",
        "Health visitors have a good understanding of neglect.",
        "Social care managers have not ensured supervision leads to action.",
        "Strategy discussions are timely.",
        "Young people told inspectors they trust their workers.",
        "Staff said caseloads are too high.",
        "The Office for Standards in Education inspects services.",
        "In Kent the response was slow.",
        "See the plan. So it was weak. To conclude, it is poor.",
    ],
)
def test_ordinary_words_at_sentence_start_are_not_names(text: str) -> None:
    assert words(text) == []


# --- words that are also names ------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "The social worker will visit weekly.",
        "Will the plan keep the child safe?",
        "Hope is evident in how she talks about the future.",
        "The mother expressed hope that the children would return.",
        "Frank discussions helped the parents understand.",
        "May and June saw a rise in referrals.",
        "Over the Summer term attendance improved.",
        "Risk was rated Amber at the front door.",
        "Grace was shown to the family.",
    ],
)
def test_word_names_used_as_words(text: str) -> None:
    assert words(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Will told the inspector that he trusts his worker.", "Will"),
        ("The worker spoke with Hope about her friendships.", "Hope"),
        ("Rose was seen alone.", "Rose"),
        ("Mark's foster carers were well supported.", "Mark"),
        ("Grace, aged 11, was not visited.", "Grace"),
        ("May said she did not understand why she moved.", "May"),
        ("Hope and her brother were supported well.", "Hope"),
        ("Sue, the maternal grandmother, was not assessed.", "Sue"),
        ("The inspector noted that Summer had been helped.", "Summer"),
    ],
)
def test_word_names_used_as_names(text: str, name: str) -> None:
    assert words(text) == [name]


# --- family and role words, "called", "named" ---------------------------------------------------

@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The mother, Rachel, was not included.", "Rachel"),
        ("His father Darren was not assessed.", "Darren"),
        ("The child's nan, Pauline, is a kinship carer.", "Pauline"),
        ("A boy called Kayden was identified as at risk.", "Kayden"),
        ("A baby named Ezra was not seen.", "Ezra"),
        ("The girl, known as Bella, was helped.", "Bella"),
        ("The grandmother, Ngozi, was assessed promptly.", "Ngozi"),  # in no list: the cue decides
        ("The health visitor, Jane Price, identified neglect.", "Jane Price"),
        ("The father (Darren) was not assessed.", "Darren"),
        ("a boy called jayden was seen", "jayden"),
    ],
)
def test_names_after_family_and_role_words(text: str, name: str) -> None:
    assert words(text) == [name]


def test_family_surname() -> None:
    assert words("Work with the Okafor family was effective.") == ["Okafor"]


# --- initials -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The assessment by J. Smith was thorough.", "J. Smith"),
        ("Notes signed by K Mensah show no follow-up.", "K Mensah"),
        ("The plan drafted by A.J. Thompson was clear.", "A.J. Thompson"),
        ("Mrs J. Smith raised concerns.", "Mrs J. Smith"),
        ("The escalation by P. Wright was effective.", "P. Wright"),
    ],
)
def test_initial_plus_surname_is_a_name(text: str, name: str) -> None:
    assert words(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "JS was seen alone, which is good practice.",
        "The plan for J.S. was reviewed promptly.",
        "TR and his sister LR were placed together.",
        "E.F. and G.H. were spoken to together.",
        "Child A's views were sought. Child B was seen.",
        "A Police officer attended. A White British boy was seen.",
        "KM (CR-104233, DOB 03/04/2015) was not seen for five weeks.",
        "The strategy discussion on 12 May 2024 was timely.",
    ],
)
def test_initials_case_references_and_dates_are_allowed(text: str) -> None:
    assert words(text) == []


# --- names the lists miss -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Oluwaseun told inspectors his worker listens.", "Oluwaseun"),
        ("Kwabena was helped to understand the plan.", "Kwabena"),
        ("Inspectors saw that Chidera's attendance rose.", "Chidera"),
        ("Fadumo, aged 9, explained her worries.", "Fadumo"),
        ("The plan for Olamide has improved her attendance.", "Olamide"),
    ],
)
def test_unlisted_names_are_caught_by_context(text: str, name: str) -> None:
    assert words(text) == [name]


def test_unlisted_places_need_more_than_being_capitalised() -> None:
    assert words("Young people in Taunton benefit from youth work.") == []
    assert words("The families living in Minehead were offered less help.") == []


# --- the allow list -----------------------------------------------------------------------------

def test_runtime_allow_adds_local_places() -> None:
    text = "Taunton Deane housing was weak. The plan for Minehead was weak."
    assert words(text) != []
    assert words(text, allow=("Taunton Deane", "Minehead")) == []


def test_runtime_allow_is_case_insensitive_and_per_call() -> None:
    assert words("Support for Olamide was weak.", allow=("olamide",)) == []
    assert words("Support for Olamide was weak.") == ["Olamide"]


def test_title_case_common_noun_phrases_are_not_names() -> None:
    # A determiner makes the capitalised words a common noun phrase, even with ", who" after.
    assert words("The partnership has an Independent Scrutineer, who chairs the board.") == []
    # Cells pasted from a table: a tab ends one phrase and starts another.
    assert words("Young Peoples Quality Assurance Panel\tFace to face meeting") == []


def test_codes_glued_to_digits_are_not_names() -> None:
    assert words("Keys are Ed25519 and the S11 audit is done.") == []


# --- the corpus ---------------------------------------------------------------------------------

def test_corpus_size_and_balance() -> None:
    assert len(SAMPLES) >= 300
    assert len(WITH_NAMES) >= 150 and len(WITHOUT_NAMES) >= 150
    assert len({s.category for s in SAMPLES}) >= 15


def test_corpus_recall_and_false_positive_rate() -> None:
    recall = sum(s.judged_right(check_names(s.text)) for s in WITH_NAMES) / len(WITH_NAMES)
    false_pos = sum(not s.judged_right(check_names(s.text)) for s in WITHOUT_NAMES) / len(WITHOUT_NAMES)
    assert recall >= 0.95, recall
    assert false_pos <= 0.05, false_pos


# --- speed --------------------------------------------------------------------------------------

def test_a_paragraph_checks_in_well_under_a_keystroke() -> None:
    load_name_lists()
    paragraph = " ".join(s.text for s in SAMPLES[:9])
    assert 130 <= len(paragraph.split()) <= 170
    for _ in range(20):
        check_names(paragraph)
    runs = []
    for _ in range(50):
        t0 = time.perf_counter()
        check_names(paragraph)
        runs.append(time.perf_counter() - t0)
    # About 0.3-0.5 ms on an idle machine; the bound is loose so a busy CI box does not flake,
    # but an accidental quadratic rule or a per-call list load would blow through it.
    assert statistics.median(runs) < 0.005
