"""Live check for personal names in free text (JTAI guidance para 80: records name no child,
family member or member of staff; case references, initials, dates of birth and job titles only).

This runs on every keystroke, so it is a single pass over word tokens with set look-ups, after
name lists that are loaded once per process. Evidence comes from two places:

* name lists under licences the project can ship (fieldwork/data/README): first names of about
  80 countries from Faker's locales (MIT), names in use in the UK and UK places that are also
  first names (fieldwork/data/names_uk.txt), and the `names` package's US census files (public
  domain: first names and about 89,000 surnames);
* the shape of names: a title before a word, a first name with a surname, an initial with a
  surname, a family or role word before a name, a name followed by "said" or ", aged 9", and so on.

The lists are noisy (the first names hold "Will", "May" and "Tab"; the census surname list holds
"Care" and "Police"), so `fieldwork/data/name_allow.txt` says which capitalised words are ordinary
words, places, agencies or months. A false alarm costs the inspector one click on "this is not a
name"; a missed name is a privacy breach in an inspection record, so ties go towards flagging.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import re
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fieldwork.checks.flags import NAME, Flag

__all__ = ["ELSEWHERE", "LOCAL", "RARE", "NameLists", "check_names", "load_name_lists"]


# --------------------------------------------------------------------------------------------
# Name lists: loaded lazily, once, and shared (they are read-only after loading).
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NameLists:
    """Everything the check looks words up in, keyed by lowercase word."""

    # first name -> how well attested: LOCAL (in use in Britain, Ireland or the US), ELSEWHERE
    # (in use in some other country) or RARE (a list's long tail, often a plain word)
    first: dict[str, int]
    # every census surname; most English words are among them at frequency 0.000
    surname: frozenset[str]
    # surnames borne by at least 1 in 10,000 (Smith, Brown, White): enough to read an ordinary
    # word as a surname when it follows a first name or an initial
    common_surname: frozenset[str]
    ordinary: frozenset[str]  # lowercase allow-list entries: words, not names
    proper: frozenset[str]  # capitalised allow-list entries: places, agencies, months
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> multi-word allow terms
    load_ms: float = 0.0  # wall time the load took, for the start-up log and the benchmark
    # Package data files that could not be read. The check still runs on the shapes of names and
    # on what lists it has, so the editor can warn instead of failing on every keystroke.
    missing: tuple[str, ...] = field(default=())


# How well a first name is attested. ELSEWHERE: in some other country's list, enough to flag it
# even at the start of a sentence. LOCAL: a British, Irish or US list, the UK list, or a census
# first name; the only tier that lets an ordinary word like "Will" or "Hope" also be read as a
# name. RARE: a list's long tail, flagged only where the sentence shows a person.
RARE, ELSEWHERE, LOCAL = 0, 1, 2

_LOCK = threading.Lock()
_LISTS: NameLists | None = None

# Shipped with Fieldwork (licences in fieldwork/data/README): first names of many countries from
# Faker's locales, then names in use in the UK and UK places that are also first names.
FIRST_NAME_FILES = ("first_names.tsv", "names_uk.txt")


def _package_dir(package: str) -> Path | None:
    # find_spec locates the installed package without running its __init__ (names' imports random
    # and its own loader; we only want the data files beside it).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


def _fold(word: str) -> str:
    """ASCII form of a word ("Siân" -> "sian", "Michał" -> "michal") so accented spellings meet
    unaccented list entries."""
    word = word.translate(_UNDECOMPOSED)
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")


_TIERS = {"local": LOCAL, "elsewhere": ELSEWHERE, "rare": RARE, "place": LOCAL}


def _read_first_names(text: str, tiers: dict[str, int], places: set[str]) -> None:
    """Lowercase first names from a shipped list ("name<TAB>tier" or one name a line), each with
    the best tier any list gives it; accented names also go in under their ASCII form, so
    "Ciaran" and "Ciarán" both match. Names marked "place" are UK places too, kept in `places`."""
    get = tiers.get
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _tab, label = line.partition("\t")
        tier = _TIERS.get(label.strip(), LOCAL)
        name = name.strip().lower()
        # "Ji-woo" is also written "Jiwoo" and "Ji woo"; each spelling goes in.
        forms = {name, _fold(name), name.replace(" ", "-"), name.replace("-", ""), _fold(name).replace("-", "")}
        if label.strip() == "place":
            places.update(f for f in forms if f)
        for form in forms:
            # A name in another script folds to nothing, or to its punctuation alone.
            if form and form[0].isalpha() and get(form, -1) < tier:
                tiers[form] = tier


# "SMITH          1.006  1.006      1": name, frequency %, cumulative %, rank.
_CENSUS_LINE = re.compile(r"^(\S+) +(\d+\.\d+)", re.MULTILINE)


def _read_census(path: Path) -> list[tuple[str, str]]:
    return _CENSUS_LINE.findall(path.read_text(encoding="ascii", errors="replace").lower())


def _read_allow(text: str) -> tuple[set[str], set[str], dict[str, list[tuple[str, ...]]]]:
    ordinary: set[str] = set()
    proper: set[str] = set()
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for raw in text.splitlines():
        term = raw.split("#", 1)[0].strip()
        if not term:
            continue
        _add_allow_term(term, ordinary, proper, phrases)
    return ordinary, proper, phrases


def _add_allow_term(
    term: str,
    ordinary: set[str],
    proper: set[str],
    phrases: dict[str, list[tuple[str, ...]]],
    *,
    force_proper: bool = False,
) -> None:
    # Stored as the tokeniser will see them: lowercase, without a possessive ("Barnardo's" is
    # looked up as "barnardo").
    words = tuple(_base(w.lower()) for w in _WORD.findall(term))
    if not words:
        return
    if len(words) > 1:
        phrases.setdefault(words[0], []).append(words)
        return
    key = words[0]
    # How the entry is written says what it is: "will" is a word, "Somerset" a proper noun.
    if force_proper or not term.islower():
        proper.add(key)
    else:
        ordinary.add(key)


def load_name_lists() -> NameLists:
    """Load (once) and return the name lists; later calls return the cached lists at once.

    Call it from a background task at start-up so the first keystroke does not pay the load.
    """
    global _LISTS
    if _LISTS is not None:
        return _LISTS
    with _LOCK:
        if _LISTS is not None:
            return _LISTS
        started = time.perf_counter()
        missing: list[str] = []
        first: dict[str, int] = {}
        surname: frozenset[str] = frozenset()
        common_surname: frozenset[str] = frozenset()

        data = importlib.resources.files("fieldwork").joinpath("data")
        places: set[str] = set()
        for fname in FIRST_NAME_FILES:
            try:
                _read_first_names(data.joinpath(fname).read_text("utf-8"), first, places)
            except OSError:
                missing.append(f"fieldwork/data/{fname}")

        census = _package_dir("names")
        for fname in ("dist.male.first", "dist.female.first"):
            path = census / fname if census else None
            if path is not None and path.is_file():
                # Every census first name is in use in the US.
                first.update(dict.fromkeys((n for n, _f in _read_census(path)), LOCAL))
            else:
                missing.append(f"names/{fname}")
        path = census / "dist.all.last" if census else None
        if path is not None and path.is_file():
            rows = _read_census(path)
            surname = frozenset(name for name, _freq in rows)
            # Frequencies are fixed-format "d.ddd", so a string comparison is a numeric one.
            common_surname = frozenset(name for name, freq in rows if freq >= "0.010")
        else:
            missing.append("names/dist.all.last")

        allow_text = (
            importlib.resources.files("fieldwork").joinpath("data/name_allow.txt").read_text("utf-8")
        )
        ordinary, proper, phrases = _read_allow(allow_text)
        # A place that is also a first name reads as the place unless the sentence shows a person
        # ("moved to Chelsea", "Chelsea said"), as the allow list's places do.
        proper |= places
        _LISTS = NameLists(
            first=first,
            surname=surname,
            common_surname=common_surname,
            ordinary=frozenset(ordinary),
            proper=frozenset(proper),
            phrases={k: tuple(v) for k, v in phrases.items()},
            load_ms=(time.perf_counter() - started) * 1000.0,
            missing=tuple(missing),
        )
        return _LISTS


# --------------------------------------------------------------------------------------------
# The grammar of names. These are properties of English, not data to tune per inspection, so
# they live here rather than in the allow file.
# --------------------------------------------------------------------------------------------

# Letters (any script), with inner apostrophes and hyphens (O'Brien, Okafor-Brown, Lily-Mae) and
# an optional trailing apostrophe (parents').
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*['’]?")

# Always a person after these, whatever word follows (even "Ms May" or "Dr Hope").
_HARD_TITLES = frozenset(
    "mr mrs ms miss mx dr prof sir dame rev revd fr cllr sgt insp det pc dc ds di dci pcso hhj".split()
)
# Words that are titles only when a name-like word follows ("Sister Jones", not "Sister Ward").
_SOFT_TITLES = frozenset(
    "professor doctor reverend father sister brother nurse judge pastor imam rabbi lord lady "
    "councillor sergeant inspector detective constable officer aunt auntie uncle nan nanny "
    "grandma granny grandad grandpa".split()
)
# A name usually follows these when a capitalised word comes straight after (with at most a
# comma, colon or bracket between): family, role and naming words.
_CUES = frozenset(
    """called named nicknamed aka mother mum mom mam mummy father dad daddy
    parent brother sister sibling half-brother half-sister stepbrother stepsister stepfather
    stepmother stepdad stepmum nan nana nanna nanny gran granny grandma grandmother grandad
    granddad grandpa grandfather aunt auntie aunty uncle cousin partner ex-partner boyfriend
    girlfriend husband wife fiancé fiance son daughter baby boy girl child niece nephew friend
    neighbour carer guardian worker visitor manager officer lead practitioner nurse midwife
    teacher headteacher mentor advocate therapist paediatrician consultant doctor clinician
    psychologist psychiatrist coordinator senco iro dsl gp lado tutor childminder chair adviser
    advisor keyworker""".split()
)
# Verbs that only a person does; after any listed name, even "May" or "Will", they mean a person.
_PERSON_VERBS = frozenset(
    """said says told tells explained explains disclosed discloses described describes stated
    states shared shares spoke speaks talked talks asked asks wants wanted wished wishes felt
    feels likes liked loves loved enjoys enjoyed cried refused refuses reported reports agreed
    attended attends lives lived wrote drew ran went goes returned hopes thinks thought
    understands knows knew worries worried smiled laughed remembered recalled admitted denied
    alleged confirmed chose prefers preferred""".split()
)
# "X was seen" / "X has been placed": the participles that make a bare word into a person.
# Singular only: a person "was seen"; things that "were offered" are plural (places, teams).
_BE = frozenset("was is has had".split())
_PERSON_STATES = frozenset(
    """seen visited placed referred spoken offered supported helped moved taken assessed
    interviewed asked excluded admitted found reported missing born allocated accommodated
    returned removed adopted registered known living staying attending given told listened
    heard left arrested charged groomed exploited injured hurt abused neglected bullied screened
    diagnosed looked cared brought collected fostered subject able unable happy unhappy
    frightened scared worried upset keen aged living clear pleased reluctant""".split()
)
# After "X's": nouns that belong to a person rather than to a place or an agency.
_PERSON_THINGS = frozenset(
    """mother mum mom father dad parents parent brother brothers sister sisters siblings sibling
    family grandmother grandfather nan gran aunt uncle carer carers foster social worker
    teacher school views wishes feelings voice needs behaviour attendance health safety
    placement plan bedroom room friends friend partner boyfriend girlfriend baby son daughter
    life experience experiences progress education injuries injury disclosure account home
    birth mental emotional development weight speech disability dental cultural identity own
    pathway allocated worries relationship relationships history presentation bruising case
    chronology records assessment needs self-harm medication diagnosis attainment""".split()
)
# Words before a name that show a person is being spoken to or about.
_PERSON_BEFORE = frozenset("asked told met saw interviewed contacted phoned".split())
_TALK = frozenset("spoke spoken talked talking speaking speak talk met meeting".split())
# A capitalised word before one of these is naming a place or an organisation (Grace Academy,
# Rose Court, Hope House). Words that are also common surnames (Hill, Green, Hall, Ward, Park,
# Church, Wood) are left out on purpose: "Sarah Hill" must stay a name; "Alexandra Park" then
# needs the lead's allow list.
_ORG_WORDS = frozenset(
    """school academy college nursery primary secondary infants junior university hospital
    surgery practice clinic centre center house court road street avenue close drive estate
    unit team service services trust council hub project foundation partnership board mosque
    temple gurdwara synagogue chapel gardens square village borough county station crescent
    terrace heights parade wharf quay community group network programme scheme charity
    society association club league police constabulary""".split()
)
_FOR_SOMEONE = frozenset("for with about by".split())
_PLACE_PREPS = frozenset("in at from near around across outside within throughout into towards".split())
_PLACE_PREFIXES = frozenset("st saint mount port fort lake".split())
# A capitalised word after these is part of a common noun phrase ("an Independent Scrutineer").
# Not "that": before a name it is nearly always the conjunction ("found that Adaeze's plan").
_DETERMINERS = frozenset("the a an this our their its each every".split())
# Nouns after "the X": "the Okafor family" names a family.
_FAMILY_NOUNS = frozenset("family family's household siblings twins brothers sisters".split())
# Words after a season or month-like name that show it is a date ("Summer term", "May 2024").
_DATE_NEXT = frozenset("term terms holiday holidays half half-term break fair".split())
_DATE_BEFORE = frozenset("during over since until last next this early late mid in the".split())
_BE_ADVERBS = frozenset("not been also then still now never".split())
# States that fit a thing as well as a person, so they do not settle "Grace was ..." alone.
_AMBIGUOUS_STATES = frozenset("clear able unable happy keen known found given pleased".split())
# Cue words that are roles rather than relationships: "Leanne, the lead ..." is not enough.
_ROLE_ONLY = frozenset("lead chair".split())
_AGED = re.compile(r"\s*[,(]\s*(?:aged|age\s*\d|dob\b|d\.o\.b|born|who\b|cr-?\d)", re.IGNORECASE)
# Labels, not initials: "Child A", "Plan B", "Annex C".
_LABELS = frozenset(
    """child children mother father plan annex appendix section part tier stage level grade type
    category option class year key room block flat site phase wave group parent sibling
    carer school house unit case""".split()
)
# Endings that mark an ordinary English word that the vocabulary happens not to hold.
_WORDISH_ENDINGS = (
    "tion", "sion", "ment", "ness", "ity", "ing", "ings", "ed", "ly", "ies", "ous", "ive", "ence",
    "ance", "ship", "ism", "ist", "ists", "ful", "less", "able", "ible", "ure", "ise", "ize",
    "ial", "ical", "ral", "ward", "wards", "wise", "ator", "ators", "ary", "ory", "logy",
)

# Grammar words are never names, though the census list holds "In", "See" and "So".
_FUNCTION_WORDS = frozenset(
    """a an the in on at to of by for with from into onto upon about as so see than then there
    their they them this that these those it its is was be been are were am do does did done go
    my me he him his she her hers we us our you your i and or but nor not no yes if all any some
    each every both either neither none few more most much such own other another same very too
    also just only even here where when why how what which who whom whose while until since
    after before can could would should must shall might many""".split()
)

# Token classes.
_PROPER = "P"  # allow-listed place, agency, month
_RUNTIME = "R"  # allowed at run time by the lead: never flagged except after a title
_ORG = "O"  # organisation or place word (School, House, Road)
_COMMON = "C"  # ordinary word that is not a first name
_WORDNAME = "W"  # ordinary word that is also a first name (Will, Hope)
_FIRST = "N"  # a first name
_SURNAME = "S"  # a surname (and nothing more common)
_UNKNOWN = "U"  # in no list at all: a name from a background the lists miss, or a rare word
_ACRONYM = "A"  # CAMHS, AB, JS: initials and acronyms are allowed by para 80
_INITIAL = "I"  # a single capital letter: J. in "J. Smith"
_LOWER = "l"
_TITLE = "T"  # Mr, Mrs, Dr ...

_NAMEISH = frozenset((_FIRST, _WORDNAME, _SURNAME, _UNKNOWN))
_NOT_IN_RUNS = frozenset((_LOWER, _ACRONYM, _INITIAL, _TITLE))

_MESSAGES = {
    "title": '"{w}" is a title with a personal name.',
    "full": '"{w}" reads as a first name and surname.',
    "initial": '"{w}" reads as an initial and surname (initials on their own are fine).',
    "cue": '"{w}" follows a family or role word, so it reads as that person\'s name.',
    "first": '"{w}" is a first name.',
    "context": '"{w}" is used here as a person\'s name.',
    "family": '"{w}" names a family.',
}
_ADVICE = " Records use case references, initials or job titles instead (para 80)."


@dataclass(slots=True)
class _Tok:
    start: int
    end: int  # end of the word without any possessive 's
    stop: int  # end of the word as typed, possessive included
    text: str  # the word without any possessive 's
    key: str  # lowercase text
    possessive: bool
    cls: str = _LOWER
    run: int = -1  # index of the run of adjacent capitalised words this token belongs to
    initial: bool = False  # first word of its sentence


def _base(word: str) -> str:
    if word[-1] not in "sS'’":
        return word
    if word.endswith(("'s", "’s", "'S")):
        return word[:-2]
    if word.endswith(("'", "’")):
        return word[:-1]
    return word


# Tabs count: text pasted from a table puts a new cell, usually a new phrase, after each one.
_BREAK = re.compile(r"[.!?:\n\t•]")


def _classify(tok: _Tok, lists: NameLists, extra: frozenset[str]) -> str:
    text = tok.text
    if not text[0].isupper():
        return _LOWER
    if len(text) == 1:
        return _INITIAL
    if text.isupper():
        return _ACRONYM
    key = tok.key
    if key in _HARD_TITLES:
        return _TITLE  # never part of the name it introduces
    if key in extra:
        return _RUNTIME
    if key in lists.proper:
        return _PROPER
    if key in _ORG_WORDS:
        return _ORG
    first = lists.first
    if key in _FUNCTION_WORDS:
        return _COMMON
    if key in lists.ordinary:
        # Only a word that is a first name in real use here ("Will", "Hope") keeps a name's
        # reading; "The", "To" and "Harm" appear in name lists as rare foreign names and are words.
        return _WORDNAME if first.get(key) == LOCAL else _COMMON
    if key in first:
        return _FIRST
    if "-" in key:
        return _classify_hyphenated(text, lists)
    if key[-1] == "s" and (key[:-1] in lists.ordinary or key[:-2] in lists.ordinary):
        # The plural of an ordinary word ("Peoples", "Woods") is a word first; after a first name
        # it can still be a surname through `common_surname` ("Sarah Woods").
        return _COMMON
    if key in lists.surname:
        return _SURNAME
    if not key.isascii():
        folded = _fold(key)
        if folded in first:
            return _FIRST
        if folded in lists.surname:
            return _SURNAME
    if "'" not in key and "’" not in key:
        if key.endswith(_WORDISH_ENDINGS):
            return _COMMON
        # A plural of a word the vocabulary lacks ("Paediatricians"); names ending -ss/-us/-is/-as
        # ("Idris", "Anas") stay as possible names.
        if key.endswith("s") and not key.endswith(("ss", "us", "is", "as", "os")):
            return _COMMON
    return _UNKNOWN


def _classify_hyphenated(text: str, lists: NameLists) -> str:
    parts = [p for p in text.split("-") if p]
    if not all(p[0].isupper() for p in parts):
        # "Multi-agency", "Weston-super-Mare", "Step-down": a compound word or a place.
        return _COMMON
    keys = [p.lower() for p in parts]
    if all(k in lists.ordinary for k in keys):
        return _COMMON  # "Multi-Agency"
    if any(k in lists.first and k not in lists.ordinary for k in keys):
        return _FIRST  # "Lily-Mae", "Jean-Paul"
    if any(k in lists.surname for k in keys):
        return _SURNAME  # "Okafor-Brown"
    return _UNKNOWN


def _tokenise(text: str, lists: NameLists, extra: frozenset[str]) -> list[_Tok]:
    # The hot loop of a check run on every keystroke: most words are lowercase and follow a
    # single space, so those take the shortest path.
    toks: list[_Tok] = []
    prev_end = 0
    prev: _Tok | None = None
    run = -1
    for m in _WORD.finditer(text):
        raw = m.group()
        lead = raw[0]
        if not lead.isalpha():
            continue  # "³" and friends match [^\W\d_] but are not letters
        start, stop = m.span()
        base = _base(raw) if raw[-1] in "sS'’" else raw
        tok = _Tok(start, start + len(base), stop, base, base.lower(), base is not raw)
        gap = text[prev_end:start]
        if prev is None:
            tok.initial = True
        elif gap != " " and _BREAK.search(gap) is not None:
            # "Dr. Patel", "J. Smith", "St. Mary's": a full stop after a title or an initial does
            # not end the sentence.
            tok.initial = not (
                "." in gap
                and (
                    len(prev.text) == 1
                    or prev.key in _HARD_TITLES
                    or prev.key in _PLACE_PREFIXES
                    or prev.key in ("e.g", "i.e", "eg", "ie", "no", "approx")
                )
            )
        if lead.isupper():
            if text[start - 1 : start].isdigit() or text[stop : stop + 1].isdigit():
                tok.cls = _ACRONYM  # part of a code or reference: "Ed25519", "S11", "CR104233"
            else:
                tok.cls = _classify(tok, lists, extra)
            if tok.cls not in _NOT_IN_RUNS:
                # Capitalised words side by side, with nothing but spaces between, make a run:
                # the unit in which "Kwame Mensah" or "Oakfield Primary School" is judged.
                joined = (
                    prev is not None
                    and prev.run == run
                    and prev.cls not in _NOT_IN_RUNS
                    and not prev.possessive
                    and (gap == " " or (gap.strip() == "" and "\n" not in gap and "\t" not in gap))
                )
                if not joined:
                    run += 1
                tok.run = run
        toks.append(tok)
        prev = tok
        prev_end = stop
    return toks


def _mark_phrases(
    text: str,
    toks: list[_Tok],
    phrases: dict[str, tuple[tuple[str, ...], ...]],
    cls: str,
) -> None:
    n_toks = len(toks)
    for i, tok in enumerate(toks):
        cands = phrases.get(tok.key)
        if not cands:
            continue
        for words in cands:
            n = len(words)
            if i + n > n_toks:
                continue
            ok = True
            for j in range(1, n):
                nxt = toks[i + j]
                # Words of a phrase may be split by spaces or a hyphen, nothing else.
                if nxt.key != words[j] or text[toks[i + j - 1].stop : nxt.start].strip(" -"):
                    ok = False
                    break
            if ok:
                for j in range(n):
                    if toks[i + j].cls not in (_LOWER, _ACRONYM):
                        toks[i + j].cls = cls
                break


class _Checker:
    """One pass over one text. A class only to share the token list between the rules."""

    __slots__ = ("text", "toks", "lists", "hits")

    def __init__(self, text: str, toks: list[_Tok], lists: NameLists) -> None:
        self.text = text
        self.toks = toks
        self.lists = lists
        self.hits: dict[int, str] = {}  # token index -> rule that flagged it

    # -- small helpers -----------------------------------------------------------------------

    def gap_after(self, i: int) -> str:
        toks = self.toks
        end = toks[i + 1].start if i + 1 < len(toks) else len(self.text)
        return self.text[toks[i].stop : end]

    def gap_before(self, i: int) -> str:
        start = self.toks[i - 1].stop if i > 0 else 0
        return self.text[start : self.toks[i].start]

    def next_key(self, i: int, k: int = 1) -> str:
        j = i + k
        return self.toks[j].key if j < len(self.toks) else ""

    def prev_key(self, i: int, k: int = 1) -> str:
        j = i - k
        return self.toks[j].key if j >= 0 else ""

    def surnameish(self, i: int) -> bool:
        """Could this capitalised word be a surname after a first name or an initial?"""
        tok = self.toks[i]
        if tok.cls in (_FIRST, _SURNAME, _UNKNOWN):
            return True
        if tok.cls in (_COMMON, _WORDNAME):
            # Brown, White, Young, King, Wright: ordinary words that are also common surnames.
            return tok.key in self.lists.common_surname
        return False

    def flag(self, i: int, rule: str) -> None:
        self.hits.setdefault(i, rule)

    # -- context that shows a person ---------------------------------------------------------

    def person_after(self, i: int, strict: bool, states: bool = True) -> bool:
        """Does what follows token i show that it names a person?

        `strict` (for words that are also ordinary words or months) leaves out the states that
        also fit a thing: "Grace was given", "Hope was clear".
        """
        tok = self.toks[i]
        g = self.gap_after(i).strip()
        nxt = self.next_key(i)
        if tok.possessive:
            return g == "" and nxt in _PERSON_THINGS
        if g == "":
            if nxt in _PERSON_VERBS:
                return True
            if nxt == "and" and self.next_key(i, 2) in ("her", "his"):
                return True  # "Hope and her brother"
            if nxt in _BE and states:
                j = 2
                while self.next_key(i, j) in _BE_ADVERBS:
                    j += 1
                state = self.next_key(i, j)
                return state in _PERSON_STATES and not (strict and state in _AMBIGUOUS_STATES)
            return False
        if g[0] in ",(":
            if _AGED.match(self.text, self.toks[i].end):
                return True  # "Hamza, aged 14,", "Amelia, who is 6,", "Kai (DOB ..."
            if g == ",":
                # An apposition naming a relationship: "Sue, the maternal grandmother,",
                # "Don, mother's partner,".
                k1 = nxt
                if k1 in _CUES and k1 not in _ROLE_ONLY:
                    return True
                if k1 in ("the", "her", "his", "their", "a", "an"):
                    return any(self.next_key(i, k) in _CUES for k in (2, 3))
        return False

    def person_before(self, i: int) -> bool:
        """Is token i addressed or met by someone ("spoke with Chidera", "asked Mark")?"""
        if i == 0 or self.toks[i].initial:
            return False
        gap = self.gap_before(i).strip()
        if gap not in ("", ","):
            return False
        p1 = self.prev_key(i)
        if p1 in _PERSON_BEFORE and gap == "":
            return True
        if p1 in ("to", "with") and self.prev_key(i, 2) in _TALK:
            return True
        return False

    def cue_before(self, i: int) -> bool:
        if i == 0 or self.toks[i].initial:
            return False
        gap = self.gap_before(i).strip()
        if gap not in ("", ",", ":", "(", "-", "–", ", ("):
            return False
        prev = self.toks[i - 1]
        if prev.key in _CUES:
            return True
        # "known as Bella"
        return prev.key == "as" and self.prev_key(i, 2) == "known"

    def date_like(self, i: int) -> bool:
        """"Summer term", "Summer 2024", "12 August", "during Summer": a date, not a person."""
        after = self.gap_after(i)
        if after.strip() == "" and self.next_key(i) in _DATE_NEXT:
            return True
        if re.match(r" \d", after):
            return True
        before = self.gap_before(i)
        if before.rstrip()[-1:].isdigit():
            return True
        return before.strip() == "" and self.prev_key(i) in _DATE_BEFORE

    def rag_like(self, i: int) -> bool:
        """"rated Amber", "Red, Amber or Green": a risk rating, not a girl called Amber."""
        if self.toks[i].key != "amber":
            return False
        around = {self.prev_key(i), self.next_key(i), self.prev_key(i, 2), self.next_key(i, 2)}
        return bool(around & {"rated", "rating", "rag", "red", "green", "as", "risk", "level", "category"})

    # -- the rules -------------------------------------------------------------------------------

    def titles(self) -> None:
        toks = self.toks
        n = len(toks)
        for i, tok in enumerate(toks):
            key = tok.key
            hard = key in _HARD_TITLES and (tok.cls != _LOWER or key in ("mr", "mrs", "ms", "dr", "mx"))
            if key == "miss" and tok.cls == _LOWER:
                hard = False  # "did not miss school"
            soft = not hard and key in _SOFT_TITLES and tok.cls != _LOWER
            if not (hard or soft) or i + 1 >= n:
                continue
            gap = self.gap_after(i)
            if gap.strip() not in ("", "."):
                continue
            j = i + 1
            nxt = toks[j]
            if (
                hard
                and nxt.cls == _LOWER
                and nxt.key not in self.lists.ordinary
                and nxt.key not in _FUNCTION_WORDS
            ):
                # Typed in a hurry: "mr smith", "dr patel".
                self.flag(i, "title")
                self.flag(j, "title")
                continue
            if nxt.cls in (_LOWER, _ACRONYM, _INITIAL, _ORG):
                continue  # "Mr A" is an anonymised letter; "Mrs J. Smith" is the initial rule's
            if soft and nxt.cls not in (_FIRST, _SURNAME, _UNKNOWN) and not self.surnameish(j):
                continue
            # The span is what the inspector replaces ("Ms Okafor" -> "the social worker"), so it
            # takes in the title. The name may run on: "Mrs Anne Smith", "Ms Van der Berg".
            self.flag(i, "title")
            k = j
            while k < n and k - j < 3:
                if k > j and (toks[k].run != nxt.run or toks[k].cls in (_ORG, _ACRONYM)):
                    break
                if k > j and not self.surnameish(k) and toks[k].cls not in (_PROPER, _WORDNAME):
                    break
                self.flag(k, "title")
                if toks[k].possessive:
                    break
                k += 1

    def initials(self) -> None:
        toks = self.toks
        n = len(toks)
        i = 0
        while i < n:
            tok = toks[i]
            if tok.cls != _INITIAL:
                i += 1
                continue
            # A chain of initials: "A.J. Thompson", "J Smith".
            j = i
            dotted = False
            while j < n and toks[j].cls == _INITIAL and not toks[j].possessive:
                gap = self.gap_after(j)
                if gap.strip() not in ("", "."):
                    break
                dotted = dotted or "." in gap
                j += 1
            if j >= n or j == i or toks[j].cls == _INITIAL:
                i = max(j, i + 1)
                continue
            if self.gap_before(j).strip() not in ("", "."):
                i = j
                continue
            label = self.prev_key(i) in _LABELS and not toks[i].initial
            article = not dotted and j == i + 1 and tok.text in ("A", "I")
            if not label and not article and self.surnameish(j):
                if i > 0 and toks[i - 1].cls == _TITLE and self.gap_before(i).strip() in ("", "."):
                    self.flag(i - 1, "initial")  # "Mrs J. Smith": replace the lot
                for k in range(i, j + 1):
                    self.flag(k, "initial")
            i = j

    def cues(self) -> None:
        toks = self.toks
        first = self.lists.first
        for i, tok in enumerate(toks):
            if tok.cls in _NAMEISH or (tok.cls == _PROPER and tok.key in first):
                if not self.cue_before(i):
                    continue
                self.flag(i, "cue")
                # The surname after a cued first name: "the health visitor, Jane Price,".
                j = i + 1
                while (
                    j < len(toks)
                    and not toks[j - 1].possessive
                    and toks[j].run == tok.run
                    and self.surnameish(j)
                ):
                    self.flag(j, "cue")
                    j += 1
            elif (
                tok.cls == _LOWER
                and i > 0
                and toks[i - 1].key in ("called", "named", "nicknamed")
                and self.gap_before(i) == " "
                and first.get(tok.key, RARE) >= ELSEWHERE
                and tok.key not in self.lists.ordinary
            ):
                self.flag(i, "cue")  # typed in a hurry: "a boy called jayden"

    def runs(self) -> None:
        toks = self.toks
        n = len(toks)
        i = 0
        while i < n:
            if toks[i].run < 0:
                i += 1
                continue
            j = i
            while j + 1 < n and toks[j + 1].run == toks[i].run:
                j += 1
            self.run(i, j)
            i = j + 1

    def run(self, a: int, b: int) -> None:
        """Judge one run of adjacent capitalised words, toks[a..b]."""
        toks = self.toks
        # Everything before an organisation or place word is that place's name ("Grace Academy",
        # "Oakfield Primary School", "Hope House"), as is whatever follows "St".
        last_org = -1
        for k in range(a, b + 1):
            if toks[k].cls == _ORG:
                last_org = k
        start = a
        if toks[a].key in _PLACE_PREFIXES:
            return
        if a > 0 and toks[a - 1].key in _PLACE_PREFIXES and toks[a - 1].cls != _LOWER:
            if self.gap_before(a).strip() in ("", "."):
                return  # "St. Mary's"
        if last_org >= 0:
            start = last_org + 1
        # Split what is left into stretches of name-like words.
        k = start
        while k <= b:
            if toks[k].cls not in _NAMEISH:
                k += 1
                continue
            m = k
            while m + 1 <= b and not toks[m].possessive and (
                toks[m + 1].cls in _NAMEISH or self.surnameish(m + 1)
            ):
                m += 1
            if m > k:
                self.stretch(k, m)
            else:
                self.single(k, alone=(a == b), determined=self.determined(a, k))
            k = m + 1

    def determined(self, a: int, k: int) -> bool:
        """Is the run toks[a..] that holds toks[k] led by "the", "an", "this"...? Then toks[k] is
        part of a common noun phrase ("an Independent Scrutineer"), not a person's name."""
        if a > 0 and self.toks[a - 1].key in _DETERMINERS and self.gap_before(a).strip() == "":
            return True
        return any(self.toks[x].key in _DETERMINERS for x in range(a, k))

    def stretch(self, k: int, m: int) -> None:
        """Two or more adjacent name-like capitalised words: "Kwame Mensah", "Will Smith"."""
        toks = self.toks
        classes = [toks[x].cls for x in range(k, m + 1)]
        if all(c == _WORDNAME for c in classes):
            for x in range(k, m + 1):
                self.single(x, alone=False)
            return
        if all(c == _UNKNOWN for c in classes) and toks[k].initial and m == k + 1:
            # Two unknown words opening a sentence are as likely a heading or a place.
            if not (self.person_after(m, strict=False) or self.cue_before(k)):
                return
        if toks[k].initial and not any(c in (_FIRST, _SURNAME, _UNKNOWN) for c in classes):
            # "Young Peoples Panel", "Long Ashton": a word-name and an ordinary word that is also
            # a surname, opening a sentence or heading. Mid-sentence "with Mark Brown" still counts.
            return
        for x in range(k, m + 1):
            self.flag(x, "full")

    def single(self, i: int, alone: bool, determined: bool = False) -> None:
        """One name-like capitalised word on its own."""
        tok = self.toks[i]
        cls = tok.cls
        after_the = (
            not tok.initial and self.prev_key(i) == "the" and self.gap_before(i).strip() == ""
        )
        if after_the:
            # "the Okafor family" names a family; otherwise a capitalised word after "the" is a
            # thing with a name ("the Victoria line", "the Hope project"), not a person.
            if self.next_key(i) in _FAMILY_NOUNS:
                self.flag(i, "family")
            return
        if cls == _FIRST:
            if self.next_key(i) in _DATE_NEXT and self.gap_after(i).strip() == "":
                return
            if not tok.initial:
                self.flag(i, "first")
            elif self.lists.first.get(tok.key, RARE) >= ELSEWHERE:
                self.flag(i, "first")
            elif self.person_after(i, strict=False):
                # A rare list entry opening a sentence ("Door", "Arise") needs a person's verb.
                self.flag(i, "context")
            return
        if cls == _WORDNAME:
            if self.rag_like(i):
                return
            if self.person_after(i, strict=True):
                self.flag(i, "context")
            elif alone and not tok.initial and not self.date_like(i):
                # "Hope" or "Will" capitalised mid-sentence, on its own, is being used as a name.
                self.flag(i, "first")
            return
        if determined:
            return
        # Surnames and words in no list ("Chidera", "Okonkwo") need something that says person.
        # After "in", "at" or "from" the word is more likely a place, and a place "was affected"
        # too, so only a person's own verb counts there.
        placeish = self.prev_key(i) in _PLACE_PREPS and self.gap_before(i).strip() == ""
        if self.person_after(i, strict=False, states=not placeish) or self.person_before(i):
            self.flag(i, "context")
        elif (
            cls == _UNKNOWN
            and alone
            and not tok.initial
            and self.prev_key(i) in _FOR_SOMEONE
            and self.gap_before(i) == " "
        ):
            # "the plan for Olamide", "work with Esi": a capitalised word in none of ~150,000
            # listed names and words, standing alone where a person usually stands. It may be an
            # unlisted place or service; the lead can allow those.
            self.flag(i, "context")

    def listed_places_as_people(self) -> None:
        """"May said", "Chelsea, aged 12,": a month or place word that is also a first name, used
        the way only a person is."""
        first = self.lists.first
        for i, tok in enumerate(self.toks):
            if tok.cls == _PROPER and tok.key in first and self.person_after(i, strict=True):
                if not (self.next_key(i) in _ORG_WORDS):
                    self.flag(i, "context")

    # -- output ------------------------------------------------------------------------------------

    def flags(self) -> list[Flag]:
        out: list[Flag] = []
        toks = self.toks
        idx = sorted(self.hits)
        x = 0
        while x < len(idx):
            first = idx[x]
            last = first
            while (
                x + 1 < len(idx)
                and idx[x + 1] == last + 1
                and not toks[last].possessive
                and self.text[toks[last].end : toks[last + 1].start].strip() in ("", ".")
            ):
                x += 1
                last = idx[x]
            rule = self.hits[first]
            for y in range(first, last + 1):
                if self.hits[y] in ("title", "initial", "cue"):
                    rule = self.hits[y]
                    break
            if last > first and rule in ("first", "context"):
                rule = "full"
            start, end = toks[first].start, toks[last].end
            word = self.text[start:end]
            out.append(
                Flag(
                    kind=NAME,
                    message=_MESSAGES[rule].format(w=word) + _ADVICE,
                    start=start,
                    end=end,
                    word=word,
                    blocking=True,
                )
            )
            x += 1
        return out


def check_names(text: str, allow: Iterable[str] = ()) -> list[Flag]:
    """One blocking "name" Flag per suspected personal name in `text`, in order of position.

    `allow` adds terms for this call only (a lead's local place names, or a word an inspector
    has confirmed is not a name); an allowed word is flagged only straight after a title.
    """
    if not text or text.isspace():
        return []
    lists = load_name_lists()
    extra: frozenset[str] = frozenset()
    extra_phrases: dict[str, list[tuple[str, ...]]] = {}
    if allow:
        single: set[str] = set()
        for term in allow:
            _add_allow_term(term, set(), single, extra_phrases, force_proper=True)
        extra = frozenset(single)
    toks = _tokenise(text, lists, extra)
    if not toks:
        return []
    _mark_phrases(text, toks, lists.phrases, _PROPER)
    if extra_phrases:
        _mark_phrases(text, toks, {k: tuple(v) for k, v in extra_phrases.items()}, _RUNTIME)
    checker = _Checker(text, toks, lists)
    checker.titles()
    checker.initials()
    checker.cues()
    checker.runs()
    checker.listed_places_as_people()
    return checker.flags()
