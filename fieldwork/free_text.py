"""Which stored fields of each record kind are free text, and the para 80 name check over them.

Para 80: no child, family or practitioner is named in what inspectors record; job titles, initials
and case references stand in. A person types into many fields besides an entry's text (a plan's
note and the job titles to meet, a meeting's actions, the letter's recipients, an audit's
workshop notes...), and each of them is stored and synced. This module is the one place that
says, per record kind, which fields those are (`FREE_TEXT`) and why the other text-shaped fields
are not (`NOT_FREE_TEXT`: ids, codes, names of places the record exists to hold); `names_in`
flags possible names in the free-text fields of any kind's payload, and `guard` refuses a write
that holds one unless its author confirmed the words are not names.

Every write path runs `guard` before writing (the store functions the CLI verbs and the app's
forms share), and every form asks `names_in` about what it is about to save, so the app, the CLI
and the store agree word for word on what is refused and in which field. Pure: no I/O.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Sequence

from fieldwork.checks import NAME, Flag, check_names
from fieldwork.errors import ValidationError

CLI_CONFIRM = "with --confirm-no-names"

# Per kind, each free-text field as (path, label). A path is a payload key followed by steps:
# "[]" each item of a list, "{}" each value of a dict, ".key" that key of a dict; so
# "actions[].what" is the `what` of each of a meeting's actions. The label is what a refusal
# says the name was found in ("Possible personal name 'X' in the <label>").
FREE_TEXT: dict[str, tuple[tuple[str, str], ...]] = {
    "inspection": (("theme", "inspection's theme"),),
    "revocation": (("reason", "reason for the revocation"),),
    "criterion": (("label", "criterion's label"), ("prompt", "criterion's prompt")),
    "child": (("agencies[]", "child's agencies"),),
    "sea": (("text", "text"), ("source_detail", "source"), ("agencies[]", "agency")),
    "concern": (
        ("service", "service"),
        ("issues", "issues"),
        ("response", "agency's response"),
        ("evaluation", "inspector's evaluation"),
        ("evaluations[].text", "inspector's evaluation"),
        ("shared_by", "means by which the evaluation was shared"),
        ("chief_officer", "chief officer's job title"),
    ),
    "finding": (("scope", "finding's scope"), ("text", "finding's statement")),
    "letter-summary": (("text", "letter's summary"),),
    "letter-details": (
        ("recipients[].agency", "recipient's agency"),
        ("recipients[].title", "recipient's job title"),
        ("statement_agencies[]", "agencies making the statement"),
    ),
    "plan-activity": (
        ("place", "place"),
        ("meeting[]", "job titles to meet"),
        ("agencies[]", "agencies"),
        ("support_detail", "communication support"),
        ("note", "note"),
        ("reason", "reason"),
    ),
    "allocation": (("group", "group"), ("reason", "reason")),
    "consent": (("reason", "reason"),),
    "joint-evaluation": (("quality", "view of the evaluation's quality"),),
    "meeting": (
        ("present[]", "leaders present"),
        ("challenges[]", "challenges"),
        ("further_evidence[]", "further evidence"),
        ("redeployments[]", "redeployments"),
        ("actions[].what", "action"),
        ("agency_offers[]", "agencies offered a meeting"),
        ("note", "note"),
    ),
    "case-domain": (
        ("good_practice", "good practice"),
        ("development", "areas for development"),
        ("recommendation", "recommendations"),
    ),
    "activity": (
        ("theme", "theme"),
        ("findings[]", "findings"),
        ("learning", "learning"),
        ("agencies[]", "agencies"),
        ("lead_agency", "lead agency"),
        ("responses{}", "agencies' responses"),
        ("practitioners[].title", "practitioners' job titles"),
        ("practitioners[].agency", "practitioners' agencies"),
        ("themes[]", "themes heard"),
        ("questions[].text", "survey questions"),
        ("peer{}{}", "peer review findings"),
        ("workshop", "workshop notes"),
        ("decision", "decision"),
        ("milestones[].text", "milestones"),
    ),
    "action": (
        ("owner_agency", "owner agency"),
        ("owner_title", "owner's job title"),
        ("text", "action"),
        ("evidence", "evidence of completion"),
    ),
}

_ID = "an id, written by Fieldwork"
_CHOSEN = "chosen from a list or made by Fieldwork, never typed as prose"
_QUOTED = "drawn from records whose own free text was checked when they were written"

# Fields that hold text but are not free text, and why; every text field of every schema is in
# one table or the other (tests/fieldwork/test_free_text.py holds them to it).
NOT_FREE_TEXT: dict[str, dict[str, str]] = {
    "inspection": {
        "area": "the local area's own name, which the inspection exists to name",
        "packs": _CHOSEN, "case_ref_pattern": "a pattern of case references", "marking": _CHOSEN,
        "grading": _CHOSEN, "closures": "dates", "paper_recipient": "a key",
    },
    "inspector": {
        "name": "the inspector's own initials or display name, as the team knows them",
        "agency": "the auditor's own agency, set when the team is made", "devices": _ID,
    },
    "device": {"device": _ID, "public_key": "a key", "inspector": _ID, "ticket": _ID, "recipient": "a key"},
    "ticket": {
        "inspector": _ID, "name": "the invited inspector's own initials", "expires_clock": "a time",
        "bound_device": _ID, "agency": "the invited auditor's own agency",
    },
    "revocation": {"device": _ID, "seen": _ID},
    "sufficiency": {"code": _CHOSEN, "by": _ID},
    "child": {"case_ref": "a case reference", "allocated": _ID},
    "sea": {"criteria": _CHOSEN, "strand": _CHOSEN, "children": "case references", "agreed_by": _ID},
    "concern": {
        "case_refs": "case references", "referred_by": _ID, "evaluated_by": _ID, "lead_inspector": _ID,
        "evaluations[].by": _ID, "confirmed_no_names": "the fields confirmed not to hold names",
    },
    "finding": {"strand": _CHOSEN, "criteria": _CHOSEN, "sea": _ID, "agreed_by": _ID},
    "plan-activity": {"inspectors": _ID, "children": "case references"},
    "allocation": {"child": "a case reference", "inspectors": _ID},
    "consent": {"child": "a case reference"},
    "spoken-with": {"child": "a case reference", "by": _ID},
    "joint-evaluation": {"child": "a case reference", "sea": _ID, "by": _ID},
    "meeting": {
        "attendees": _ID, "sufficient": _CHOSEN, "findings_shared": _ID, "children_told": "case references",
        "headlines": "counts and criterion codes Fieldwork writes from the SEA", "concerns": _QUOTED,
        "actions[].for": _ID,
    },
    "case-grade": {"child": _ID, "grade": _CHOSEN},
    "case-domain": {"child": _ID, "strand": _CHOSEN},
    "activity": {
        "entries": _ID, "cases": "case references", "priority": _CHOSEN, "self_assessment": _CHOSEN,
        "questions[].domain": _CHOSEN,
    },
    "action": {"activity": _ID},
}


@dataclass(frozen=True)
class NameFlag:
    """A possible personal name in one free-text field: the payload key it is under, the field's
    label, and the flag itself (its span is into that one text)."""

    field: str
    label: str
    flag: Flag

    @property
    def word(self) -> str:
        return self.flag.word or ""


class PossibleName(ValidationError):
    """Free text that may hold a personal name, saved only once its author confirms it is not one.

    The message names the words and the fields they are in, and the CLI's flag; `worded` lets a
    screen name its own control (Ctrl+O) instead."""

    def __init__(self, words: Sequence[str], what: str, how_to_confirm: str = CLI_CONFIRM) -> None:
        self.words = list(words)
        self.what = what
        quoted = ", ".join(f"'{w}'" for w in self.words)
        super().__init__(
            f"Possible personal name {quoted} in the {what}: use case references, initials and job titles "
            f"instead (para 80), or confirm it is not a name {how_to_confirm}. Nothing was saved."
        )

    def worded(self, how_to_confirm: str) -> str:
        return str(PossibleName(self.words, self.what, how_to_confirm))


@functools.lru_cache(maxsize=None)
def _steps(path: str) -> tuple[str, ...]:
    # "actions[].what" -> ("actions", "[]", "what"); "peer{}{}" -> ("peer", "{}", "{}")
    return tuple(s for s in re.split(r"(\[\]|\{\})|\.", path) if s)


def _texts(value: Any, steps: Sequence[str]) -> Iterator[str]:
    if not steps:
        if isinstance(value, str):
            yield value
        return
    step, rest = steps[0], steps[1:]
    if step == "[]":
        if isinstance(value, list):
            for item in value:
                yield from _texts(item, rest)
        elif isinstance(value, str) and not rest:
            yield value  # a form's one line for what is stored as a list ("a; b")
    elif step == "{}":
        if isinstance(value, dict):
            for item in value.values():
                yield from _texts(item, rest)
    elif isinstance(value, Mapping) and step in value:
        yield from _texts(value[step], rest)


def fields(kind: str) -> tuple[tuple[str, str], ...]:
    """The free-text fields of `kind`, as (path, label); none for a kind that holds none."""
    return FREE_TEXT.get(kind, ())


def keys(kind: str) -> frozenset[str]:
    """The payload keys under which `kind` holds free text."""
    return frozenset(_steps(path)[0] for path, _label in fields(kind))


def texts(kind: str, payload: Mapping[str, Any] | None) -> list[tuple[str, str, str]]:
    """Every non-blank free text of the payload, as (payload key, label, text)."""
    out: list[tuple[str, str, str]] = []
    for path, label in fields(kind):
        steps = _steps(path)
        out += [(steps[0], label, t) for t in _texts(payload or {}, steps) if t and not t.isspace()]
    return out


def names_in(
    kind: str,
    payload: Mapping[str, Any],
    *,
    before: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    allow: Iterable[str] = (),
) -> list[NameFlag]:
    """The possible personal names in the free-text fields of a `kind` payload.

    `before`: the stored payload an edit starts from (or the versions a merge joins); a text one
    of them already held in the same field is not checked again (it was checked, or confirmed,
    when it was written)."""
    allowed = tuple(allow)
    olds = [before] if isinstance(before, Mapping) else list(before or ())
    old = {(key, text) for b in olds for key, _label, text in texts(kind, b)}
    out: list[NameFlag] = []
    for key, label, text in texts(kind, payload):
        if (key, text) in old:
            continue
        out += [NameFlag(key, label, f) for f in check_names(text, allowed) if f.kind == NAME]
    return out


def words(found: Iterable[NameFlag]) -> frozenset[str]:
    return frozenset(f.word for f in found)


def refusal(found: Sequence[NameFlag], how_to_confirm: str = CLI_CONFIRM) -> PossibleName:
    """The refusal for these flags: every word, and every field it is in, by label."""
    ordered = list(dict.fromkeys(f.word for f in found))
    labels = list(dict.fromkeys(f.label for f in found))
    return PossibleName(ordered, " and the ".join(labels), how_to_confirm)


def guard(
    kind: str,
    payload: Mapping[str, Any],
    *,
    confirmed: bool,
    before: Mapping[str, Any] | None = None,
) -> list[str]:
    """Refuse a write holding a possible name in a free-text field unless its author confirmed it
    is not one (para 80). Returns the payload keys flagged and confirmed (so the record can say
    its words were saved on the author's word); [] when nothing was flagged."""
    found = names_in(kind, payload, before=before)
    if found and not confirmed:
        raise refusal(found)
    return sorted({f.field for f in found})


def guard_flag(
    kind: str,
    payload: Mapping[str, Any],
    *,
    confirmed: bool,
    before: Mapping[str, Any] | None = None,
) -> bool:
    """`guard`, answered as the record's `confirmed_no_names`: True when words flagged now were
    saved on the author's confirmation, or the version edited was."""
    return bool(guard(kind, payload, confirmed=confirmed, before=before)) or bool(before and before.get("confirmed_no_names"))
