"""Findings: what the team agrees at the Thursday meeting, each traced to the SEA entries behind it.

Para 39: the team meets on Thursday afternoon to "review the evidence against the evaluation
criteria" and identify "areas of good practice, development and priority action about the
partnership as a whole and in relation to specific agencies". Para 92 asks the QA manager to check
"that the findings in the final letter link clearly to the evidence", so a finding cannot exist
without at least one supporting SEA entry, and the letter carries that link into its appendix.

A finding moves draft -> agreed. Changing what an agreed finding says (its type, scope, strand,
statement, criteria or evidence) returns it to draft: the team agreed the old words, not the new.

Pure: payloads in, payloads out; the store resolves ids and writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from fieldwork.errors import ValidationError
from fieldwork.gaps import Entry
from fieldwork.records import choice, clean_codes, clean_list, clean_text, normalise_agency

__all__ = [
    "FINDING_FIELDS",
    "FINDING_STATES",
    "FINDING_TYPES",
    "PARTNERSHIP",
    "Balance",
    "Finding",
    "FindingRules",
    "agree_payload",
    "balance",
    "criteria_of",
    "finding_payload",
    "ordered",
    "scope_label",
]

# Paras 85-88: the letter's three kinds of finding, in the guidance's words.
FINDING_TYPES: dict[str, str] = {
    "strength": "Strength",
    "development": "Area for development",
    "priority": "Area for priority action",
}
FINDING_STATES: dict[str, str] = {"draft": "Draft", "agreed": "Agreed"}
#: Para 83: a finding is about the partnership as a whole or about one named agency.
PARTNERSHIP = "partnership"

# "innovative": a strength marked as innovative and effective practice (para 6, 86).
FINDING_FIELDS: tuple[str, ...] = ("type", "scope", "strand", "text", "criteria", "sea", "innovative")
# What the team agreed to: changing any of these reopens an agreed finding.
_SUBSTANCE: tuple[str, ...] = FINDING_FIELDS
TEXT_LIMIT = 4000

# Which SEA judgements bear out each type of finding, and which point the other way. "context"
# entries are neither: they describe, they do not judge.
_SUPPORTS: dict[str, frozenset[str]] = {
    "strength": frozenset({"strength"}),
    "development": frozenset({"development", "concern"}),
    "priority": frozenset({"development", "concern"}),
}
_OPPOSES: dict[str, frozenset[str]] = {
    "strength": frozenset({"development", "concern"}),
    "development": frozenset({"strength"}),
    "priority": frozenset({"strength"}),
}


@dataclass(frozen=True)
class FindingRules:
    """What a finding is checked against: the inspection's criteria and strands, and its SEA."""

    criteria: Mapping[str, str]  # code -> strand id
    strands: Sequence[str]
    entries: Mapping[str, Entry]  # live SEA entries by full id


@dataclass(frozen=True)
class Finding:
    id: str
    type: str
    scope: str
    strand: str
    text: str
    criteria: tuple[str, ...]
    sea: tuple[str, ...]
    state: str
    agreed_by: str = ""
    agreed_at: str = ""
    created: str = ""
    innovative: bool = False

    @classmethod
    def from_payload(cls, finding_id: str, payload: Mapping[str, Any], created: str = "") -> "Finding":
        return cls(
            id=finding_id,
            type=str(payload.get("type") or "development"),
            scope=str(payload.get("scope") or PARTNERSHIP),
            strand=str(payload.get("strand") or ""),
            text=str(payload.get("text") or ""),
            criteria=tuple(str(c) for c in payload.get("criteria") or ()),
            sea=tuple(str(s) for s in payload.get("sea") or ()),
            state=str(payload.get("state") or "draft"),
            agreed_by=str(payload.get("agreed_by") or ""),
            agreed_at=str(payload.get("agreed_at") or ""),
            created=created,
            innovative=payload.get("innovative") is True,
        )

    @property
    def agreed(self) -> bool:
        return self.state == "agreed"

    @property
    def partnership(self) -> bool:
        return self.scope == PARTNERSHIP


def clean_scope(value: str | None) -> str:
    text = normalise_agency(value or "")
    if not text:
        raise ValidationError("A finding needs a scope: partnership, or the agency it is about (para 83).")
    if text.casefold() == PARTNERSHIP:
        return PARTNERSHIP
    if len(text) > 120:
        raise ValidationError("The agency named as the finding's scope is too long (120 characters at most).")
    return text


def scope_label(scope: str) -> str:
    return "Partnership" if scope == PARTNERSHIP else scope


def finding_payload(
    fields: Mapping[str, Any], rules: FindingRules, *, base: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A finding from `fields` laid over `base` (the stored payload when editing).

    Criteria and SEA ids arrive resolved (full codes, full ids); unknown keys from a newer version
    in `base` are kept.
    """
    unknown = set(fields) - set(FINDING_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown finding field(s): {', '.join(sorted(unknown))}.")
    out: dict[str, Any] = dict(base or {})
    for key, value in fields.items():
        if value is None:
            continue
        if key == "type":
            out[key] = choice(str(value), FINDING_TYPES, "finding type")
        elif key == "scope":
            out[key] = clean_scope(str(value))
        elif key == "strand":
            out[key] = choice(str(value), list(rules.strands), "strand")
        elif key == "text":
            out[key] = clean_text(str(value), "finding's statement", limit=TEXT_LIMIT)
        elif key == "criteria":
            out[key] = clean_codes(value, rules.criteria)
        elif key == "sea":
            ids = clean_list(value)
            for entry_id in ids:
                if entry_id not in rules.entries:
                    raise ValidationError(f"No SEA entry with id '{entry_id}': a finding can only cite entries that exist.")
            out[key] = ids
        elif key == "innovative":
            out[key] = _yes_no(value, "innovative")
    out.setdefault("scope", PARTNERSHIP)
    out.setdefault("criteria", [])
    if not out.get("type"):
        raise ValidationError("A finding needs a type: strength, development or priority.")
    if not out.get("text"):
        raise ValidationError("A finding needs its statement (--text).")
    if not out.get("sea"):
        raise ValidationError(
            "A finding needs at least one supporting SEA entry (--sea ID): findings must link to the evidence (para 92)."
        )
    if out.get("innovative") and out.get("type") != "strength":
        raise ValidationError("Only a strength can be marked as innovative and effective practice (para 6, 86).")
    if not out.get("strand"):
        out["strand"] = _default_strand(out, rules)
    state = (base or {}).get("state", "draft")
    if state == "agreed" and any((base or {}).get(k) != out.get(k) for k in _SUBSTANCE):
        # The team agreed the old statement; a changed one needs agreeing again.
        state = "draft"
        out.pop("agreed_by", None)
        out.pop("agreed_at", None)
    out["state"] = state
    return out


def _yes_no(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word not in {"yes", "no"}:
        raise ValidationError(f"Say yes or no for {what}, not '{value}'.")
    return word == "yes"


def _default_strand(payload: Mapping[str, Any], rules: FindingRules) -> str:
    """The first criterion's strand, as for an SEA entry; else where most of its evidence sits."""
    for code in payload.get("criteria", []):
        return rules.criteria[code]
    strands = Counter(rules.entries[i].strand for i in payload["sea"] if rules.entries[i].strand in rules.strands)
    if strands:
        return strands.most_common(1)[0][0]
    if not rules.strands:
        raise ValidationError("This inspection's framework has no strands to file the finding under.")
    return rules.strands[0]


def agree_payload(payload: Mapping[str, Any], rules: FindingRules, *, by: str, at: str) -> dict[str, Any]:
    """The finding marked agreed, after checking it still stands on evidence that exists."""
    missing = [i for i in payload.get("sea", []) if i not in rules.entries]
    if missing:
        raise ValidationError(
            f"Supporting SEA entry {missing[0][:8]} no longer exists: edit the finding's evidence before agreeing it."
        )
    if not payload.get("sea"):
        raise ValidationError("A finding with no supporting SEA entry cannot be agreed (para 92).")
    return {**payload, "state": "agreed", "agreed_by": by, "agreed_at": at}


def criteria_of(finding: Finding, entries: Mapping[str, Entry]) -> tuple[str, ...]:
    """The finding's own criteria, or when it names none, those of its supporting entries."""
    if finding.criteria:
        return finding.criteria
    return tuple(dict.fromkeys(c for i in finding.sea if i in entries for c in entries[i].criteria))


@dataclass(frozen=True)
class Balance:
    """The judgement mix of a finding's supporting entries, and whether it points the other way."""

    counts: dict[str, int]  # judgement -> number of supporting entries
    supporting: int  # entries whose judgement bears the finding out
    opposing: int  # entries whose judgement points the other way
    contrary: bool  # most of the evaluative entries point the other way
    notes: tuple[str, ...]


def balance(finding_type: str, judgements: Iterable[str]) -> Balance:
    """The "points the other way" rule.

    A strength supported mainly by areas for development or serious concerns, or an area for
    development or priority action supported mainly by strengths, is flagged: more than half of its
    evaluative supporting entries (context entries left aside) disagree with it. Exactly half is a
    mixed picture, worth a look but not flagged.
    """
    counts = Counter(judgements)
    supports = _SUPPORTS.get(finding_type, frozenset())
    opposes = _OPPOSES.get(finding_type, frozenset())
    for_ = sum(n for j, n in counts.items() if j in supports)
    against = sum(n for j, n in counts.items() if j in opposes)
    notes: list[str] = []
    contrary = against > for_
    if contrary:
        notes.append(f"Most of its evaluative evidence points the other way ({against} of {for_ + against}).")
    elif against:
        notes.append(f"Mixed evidence: {against} of {for_ + against} evaluative entries point the other way.")
    if sum(counts.values()) and not (for_ + against):
        notes.append("None of its supporting entries is evaluative (all context).")
    if finding_type == "priority" and not counts.get("concern"):
        # Para 88: a priority action is for a serious weakness placing children at risk.
        notes.append("No supporting entry records a serious concern (para 88).")
    return Balance(counts=dict(counts), supporting=for_, opposing=against, contrary=contrary, notes=tuple(notes))


def ordered(findings: Iterable[Finding], strands: Sequence[str]) -> list[Finding]:
    """Strand order of the framework, then strengths, development, priority, then oldest first."""
    strand_pos = {s: n for n, s in enumerate(strands)}
    type_pos = {t: n for n, t in enumerate(FINDING_TYPES)}
    return sorted(
        findings,
        key=lambda f: (strand_pos.get(f.strand, len(strand_pos)), type_pos.get(f.type, len(type_pos)), f.created, f.id),
    )
