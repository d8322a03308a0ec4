"""The SEA list's filter language, parsed and matched without any storage or UI.

What an inspector types in the filter box is free text plus tokens:

    esn:7  c:ESN 07  da:3   a criterion (any pack's code prefix works as a key; `c:` takes any code)
    j:strength|concern       a judgement, by unique prefix; `|` gives alternatives
    child:CR-104233          a child's case reference (part of one narrows as you type)
    agency:police            an agency (part of its name)
    by:AB                    the author, by initials
    late  conflict           entries recorded late (para 78) / with conflicting versions
    "information sharing"    a phrase; bare words must all appear (in any order)
    -word  -late  -j:context a leading minus excludes instead

Every term must hold (AND); `|` inside one token is OR. The parser is forgiving while someone is
mid-word: an empty value ("esn:") is ignored, and a word that only looks like a token ("10:30",
"s.47:") is free text. A token it cannot understand ("j:con" could be concern or context) is
reported in `problems` and matches nothing, so the list never silently shows more than was asked.

The screens run a `SeaFilter` as SQL against the projection; `matches` is the same rule in plain
Python, so the two can be checked against each other and the rule tested in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fieldwork.errors import ValidationError
from fieldwork.frameworks import Criterion, Framework
from fieldwork.records import JUDGEMENTS

__all__ = ["KEYS", "Entry", "SeaFilter", "Term", "matches", "parse", "search_criteria"]

# Term kinds. "text" is free text; the rest are the tokens above.
TEXT, CRITERION, JUDGEMENT, CHILD, AGENCY, AUTHOR, LATE, CONFLICT = (
    "text", "criterion", "judgement", "child", "agency", "author", "late", "conflict")

# What people type before the colon. Long forms are accepted so the language reads aloud.
KEYS: dict[str, str] = {
    "c": CRITERION, "criterion": CRITERION,
    "j": JUDGEMENT, "judgement": JUDGEMENT, "judgment": JUDGEMENT,
    "child": CHILD, "cr": CHILD,
    "agency": AGENCY, "a": AGENCY,
    "by": AUTHOR, "author": AUTHOR,
}
FLAGS: dict[str, str] = {"late": LATE, "conflict": CONFLICT, "conflicts": CONFLICT}

# A word, a "quoted phrase", or key:"quoted value"; an optional leading minus on each.
_TOKEN = re.compile(r'-?(?:[^\s"]*"[^"]*"?|[^\s"]+)')
_KEY_VALUE = re.compile(r"(?P<key>[A-Za-z]+):(?P<value>.*)", re.DOTALL)


@dataclass(frozen=True)
class Term:
    kind: str
    values: tuple[str, ...] = ()  # alternatives: any one matching is enough
    negate: bool = False


@dataclass(frozen=True)
class SeaFilter:
    terms: tuple[Term, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms and not self.problems

    @property
    def impossible(self) -> bool:
        """A token was not understood: the filter matches nothing rather than guessing."""
        return bool(self.problems)

    def of(self, kind: str) -> list[Term]:
        return [t for t in self.terms if t.kind == kind]


@dataclass(frozen=True)
class Entry:
    """What a filter looks at in one SEA entry; the projection's SeaRow has the same facts."""

    criteria: Sequence[str] = ()
    judgement: str = ""
    children: Sequence[str] = ()
    agencies: Sequence[str] = ()
    author: str = ""  # inspector id
    late: bool = False
    conflicted: bool = False
    haystack: str = ""  # lower-cased text, codes, refs, agencies and source detail


def _split(query: str) -> list[str]:
    words = _TOKEN.findall(query)
    out: list[str] = []
    for i, word in enumerate(words):
        # "c:ESN 07": a criterion key whose value is letters alone takes the number that follows,
        # since that is how codes are printed and so how people type them.
        if (out and i > 0 and word[:1].isdigit() and _KEY_VALUE.fullmatch(out[-1].lstrip("-"))
                and re.fullmatch(r"[A-Za-z]+", _KEY_VALUE.fullmatch(out[-1].lstrip("-"))["value"])):
            out[-1] = f"{out[-1]} {word}"
            continue
        out.append(word)
    return out


def _unquote(text: str) -> str:
    return text.replace('"', "").strip()


def parse(
    query: str,
    *,
    framework: Framework | None = None,
    inspectors: Mapping[str, str] | None = None,
) -> SeaFilter:
    """Read the filter box. `framework` resolves criterion codes ("7" -> "ESN 07"); `inspectors`
    (id -> initials or display name) resolves `by:`. Without them values are kept as typed."""
    prefixes = {p.code_prefix.lower(): p.code_prefix for p in framework.packs
                if p.code_prefix} if framework else {}
    terms: list[Term] = []
    problems: list[str] = []
    for raw in _split(query):
        if raw == "-":
            continue  # the start of "-late" or "-word"
        negate = raw.startswith("-")
        word = raw[1:] if negate else raw
        if word.lower() in FLAGS:
            terms.append(Term(FLAGS[word.lower()], (), negate))
            continue
        found = _KEY_VALUE.fullmatch(word)
        key = found["key"].lower() if found else ""
        if found and (key in KEYS or key in prefixes):
            values = [v for v in (_unquote(v) for v in found["value"].split("|")) if v]
            if not values:
                continue  # "esn:" -- still being typed
            kind = KEYS.get(key, CRITERION)
            try:
                if key in prefixes and key not in KEYS:
                    # "esn:7" means ESN 07 even when another pack comes first in the framework.
                    values = [v if v[:1].isalpha() else f"{prefixes[key]} {v}" for v in values]
                resolved = _resolve(kind, values, framework, inspectors)
            except ValidationError as err:
                problems.append(str(err))
                continue
            terms.append(Term(kind, tuple(resolved), negate))
            continue
        text = _unquote(word).lower()
        if text:
            terms.append(Term(TEXT, (text,), negate))
    return SeaFilter(tuple(terms), tuple(problems))


def _resolve(kind: str, values: list[str], framework: Framework | None,
             inspectors: Mapping[str, str] | None) -> list[str]:
    if kind == CRITERION:
        if framework is None:
            return [v.upper() for v in values]
        return [framework.resolve(v).code for v in values]
    if kind == JUDGEMENT:
        return [_judgement(v) for v in values]
    if kind == CHILD:
        return [v.upper() for v in values]
    if kind == AGENCY:
        return [v.lower() for v in values]
    if kind == AUTHOR:
        if inspectors is None:
            return values
        return [i for v in values for i in _inspectors(v, inspectors)]
    raise AssertionError(kind)


def _judgement(value: str) -> str:
    typed = value.strip().lower()
    if typed in JUDGEMENTS:
        return typed
    options = [j for j in JUDGEMENTS if j.startswith(typed)]
    if len(options) == 1:
        return options[0]
    if options:
        raise ValidationError(f"'j:{value}' could be {' or '.join(options)}: type more of it.")
    raise ValidationError(f"Unknown judgement '{value}': use {', '.join(JUDGEMENTS)}.")


def _inspectors(value: str, inspectors: Mapping[str, str]) -> list[str]:
    typed = value.strip().lower()
    exact = [i for i, name in inspectors.items() if name.lower() == typed]
    if exact:
        return exact
    starting = [i for i, name in inspectors.items() if name.lower().startswith(typed)]
    if starting:
        return starting
    raise ValidationError(f"No inspector '{value}' on the team.")


def matches(flt: SeaFilter, entry: Entry) -> bool:
    """The filter's rule in plain Python: what the SQL the list runs must agree with."""
    if flt.impossible:
        return False
    return all(_holds(term, entry) != term.negate for term in flt.terms)


def _holds(term: Term, entry: Entry) -> bool:
    if term.kind == TEXT:
        return term.values[0] in entry.haystack
    if term.kind == CRITERION:
        return any(v in entry.criteria for v in term.values)
    if term.kind == JUDGEMENT:
        return entry.judgement in term.values
    if term.kind == CHILD:
        return any(v in ref.upper() for v in term.values for ref in entry.children)
    if term.kind == AGENCY:
        return any(v in agency.lower() for v in term.values for agency in entry.agencies)
    if term.kind == AUTHOR:
        return entry.author in term.values
    if term.kind == LATE:
        return entry.late
    if term.kind == CONFLICT:
        return entry.conflicted
    raise AssertionError(term.kind)


# --- finding a criterion by typing ---------------------------------------------------------------

def search_criteria(framework: Framework, query: str, limit: int | None = None) -> list[Criterion]:
    """Criteria for the picker, best first: the code the query names ("7", "esn7", "DA 3"), then
    codes whose number starts with it, then labels holding every word typed. Empty: all, in order."""
    typed = query.strip().lower()
    if not typed:
        found = list(framework.criteria)
        return found[:limit] if limit else found
    ranked: list[tuple[int, int, Criterion]] = []
    exact: Criterion | None
    try:
        exact = framework.resolve(typed)
    except ValidationError:
        exact = None
    words = typed.split()
    compact = typed.replace(" ", "")
    for order, criterion in enumerate(framework.criteria):
        code = criterion.code.lower()
        number = code.lstrip("abcdefghijklmnopqrstuvwxyz ")
        if criterion is exact:
            rank = 0
        elif code.replace(" ", "").startswith(compact) or (compact.isdigit() and number.lstrip("0").startswith(compact)):
            rank = 1
        elif all(w in f"{code} {criterion.label.lower()}" for w in words):
            rank = 2
        elif criterion.prompt and all(w in criterion.prompt.lower() for w in words):
            rank = 3
        else:
            continue
        ranked.append((rank, order, criterion))
    ranked.sort(key=lambda r: (r[0], r[1]))
    found = [c for _, _, c in ranked]
    return found[:limit] if limit else found
