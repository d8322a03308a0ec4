"""A partnership's multi-agency case audit: each case's grade and, per domain, what was found.

JTAI guidance para 2 invites partnerships to use the inspection method for their own
self-evaluation, and the Somerset partnership's quality assurance framework audits case files
quarterly against its priorities and Section 11 domains. An audited case is a child record (known
by case reference only); on top of it an audit records:

- a **grade**, one step of the grading scale of the audit's framework pack, and
- per **domain** (a strand of the packs in use): good practice, areas for development and
  recommendations, as free text checked for names like every other text.

The grading scale, the domains and every criterion come from the packs; nothing here names one.
This module is pure: it validates payloads and summarises them, and touches neither the disk nor
the store.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable, Mapping, Sequence

from fieldwork import records as rec
from fieldwork.errors import ValidationError
from fieldwork.frameworks import Criterion, Grade, Strand

GRADE_KIND = "case-grade"
DOMAIN_KIND = "case-domain"

# The three things an auditor writes about each domain of a case, in the order reports show them.
NOTE_FIELDS: tuple[str, ...] = ("good_practice", "development", "recommendation")
NOTE_LABELS: dict[str, str] = {
    "good_practice": "Good practice",
    "development": "Areas for development",
    "recommendation": "Recommendations",
}
NOTE_LIMIT = 5000


# --- record identity --------------------------------------------------------------------------

def _record_id(inspection_id: str, name: str) -> str:
    # Deterministic ids: two auditors grading the same case offline write versions of ONE record,
    # which the store shows as a conflict for a person to settle, instead of two records that
    # silently disagree about the same case.
    return str(uuid.uuid5(uuid.UUID(inspection_id), name))


def grade_record_id(inspection_id: str, child_id: str) -> str:
    return _record_id(inspection_id, f"{GRADE_KIND}/{child_id}")


def domain_record_id(inspection_id: str, child_id: str, strand: str) -> str:
    return _record_id(inspection_id, f"{DOMAIN_KIND}/{child_id}/{strand}")


# --- people -----------------------------------------------------------------------------------

def initials(name: str) -> str:
    """An auditor as the report shows them: initials only, whatever display name they chose."""
    words = re.findall(r"[^\W\d_]+", name)
    if not words:
        return name.strip()
    if len(words) == 1 and len(words[0]) <= 3:
        return words[0].upper()  # "AB", "jo": already initials, or short enough to be used as them
    return "".join(w[0] for w in words[:4]).upper()


def ascii_letters(text: str) -> str:
    """Capital A-Z only (accents dropped), as criterion codes allow."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", folded.upper())


def auditor_payload(*, name: str, agency: str | None, inspectorate: str | None, role: str = "team",
                    devices: Iterable[str] = ()) -> dict[str, Any]:
    """An inspector record for audit mode: an auditor belongs to an agency, not an inspectorate.

    Partnership auditors come from the police, health, education and social care, so the
    inspectorate is optional here; the agency is what the audit report names beside the initials.
    """
    agency_text = rec.normalise_agency(rec.clean_text(agency, "auditor's agency", required=False, limit=120))
    if inspectorate:
        payload = rec.inspector_payload(name=name, inspectorate=inspectorate, role=role, devices=devices)
    else:
        if not agency_text:
            raise ValidationError("An auditor is known by initials and agency: give --agency.")
        payload = {
            "name": rec.clean_text(name, "auditor's initials", limit=80),
            "inspectorate": "",
            "role": rec.choice(role, rec.ROLES, "team role"),
            "devices": rec.clean_list(devices),
        }
    if agency_text:
        payload["agency"] = agency_text
    return payload


# --- choosing a grade and a domain ------------------------------------------------------------

def _slug(text: str) -> str:
    return "-".join(text.strip().lower().replace("_", " ").split())


def clean_grade(value: str, grading: Sequence[Grade], noun: str = "audit") -> Grade:
    """A grade by id or label ("requires-improvement", "Requires improvement")."""
    if not grading:
        raise ValidationError(f"This {noun} has no grading scale: none of its framework packs sets one.")
    wanted = _slug(value)
    for grade in grading:
        if wanted in (grade.id, _slug(grade.label)):
            return grade
    raise ValidationError(f"Unknown grade '{value.strip()}': choose one of {', '.join(g.id for g in grading)}.")


def clean_strand(value: str, strands: Sequence[Strand], noun: str = "audit") -> Strand:
    """A domain by strand id or label ("safe-start", "Safe Start to Life")."""
    wanted = _slug(value)
    for strand in strands:
        if wanted in (strand.id, _slug(strand.label)):
            return strand
    raise ValidationError(f"Unknown domain '{value.strip()}': this {noun}'s domains are "
                          f"{', '.join(s.id for s in strands)}.")


# --- payloads ---------------------------------------------------------------------------------

def grade_payload(child_id: str, grade: Grade) -> dict[str, Any]:
    return {"child": child_id, "grade": grade.id}


def domain_payload(child_id: str, strand: Strand, fields: Mapping[str, str | None],
                   base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A domain's notes for one case: the given fields laid over `base` ("" clears a field)."""
    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown domain field(s): {', '.join(sorted(unknown))}.")
    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        raise ValidationError("Nothing to record: give good practice, development or a recommendation.")
    out: dict[str, Any] = dict(base or {})
    out["child"] = child_id
    out["strand"] = strand.id
    for key in NOTE_FIELDS:
        out.setdefault(key, "")
    for key, value in given.items():
        out[key] = rec.clean_text(value, NOTE_LABELS[key].lower(), required=False, limit=NOTE_LIMIT)
    out.setdefault("confirmed_no_names", False)
    return out


# --- the audit as read ------------------------------------------------------------------------

@dataclass(frozen=True)
class DomainNotes:
    strand: str
    good_practice: str = ""
    development: str = ""
    recommendation: str = ""
    conflicted: bool = False

    def text(self, key: str) -> str:
        return str(getattr(self, key))

    @property
    def empty(self) -> bool:
        return not any(self.text(k) for k in NOTE_FIELDS)


@dataclass(frozen=True)
class CaseAudit:
    child_id: str
    case_ref: str
    grade: str | None  # a grade id of the scale, or None while ungraded
    domains: tuple[DomainNotes, ...] = ()  # in the framework's strand order; only those written
    entries: int = 0  # audit entries (SEA entries) that name this case
    conflicted: bool = False  # the grade has versions from two laptops still to be settled

    def domain(self, strand: str) -> DomainNotes | None:
        return next((d for d in self.domains if d.strand == strand), None)


def case_audit(child_id: str, case_ref: str, grade: Mapping[str, Any] | None,
               domains: Iterable[tuple[Mapping[str, Any], bool]], strand_order: Sequence[str],
               *, entries: int = 0, grade_conflicted: bool = False) -> CaseAudit:
    """Assemble one case from its payloads: `domains` pairs each domain payload with its conflict flag."""
    notes: list[DomainNotes] = []
    for payload, conflicted in domains:
        note = DomainNotes(strand=str(payload.get("strand", "")),
                           **{k: str(payload.get(k) or "") for k in NOTE_FIELDS}, conflicted=conflicted)
        if not note.empty or conflicted:
            notes.append(note)
    rank = {s: i for i, s in enumerate(strand_order)}
    notes.sort(key=lambda n: (rank.get(n.strand, len(rank)), n.strand))
    grade_id = str(grade.get("grade") or "") if grade else ""
    return CaseAudit(child_id=child_id, case_ref=case_ref, grade=grade_id or None, domains=tuple(notes),
                     entries=entries, conflicted=grade_conflicted)


# --- summaries --------------------------------------------------------------------------------

@dataclass(frozen=True)
class GradeCount:
    grade: str  # id, or "" for the cases not yet graded
    label: str
    count: int


UNGRADED = "Not yet graded"


def distribution(cases: Iterable[CaseAudit], grading: Sequence[Grade]) -> list[GradeCount]:
    """Cases per grade, best first, every step of the scale shown (a zero is a finding too), then the
    ungraded; a grade id the scale no longer has is kept under its id rather than dropped."""
    counts = Counter(c.grade or "" for c in cases)
    rows = [GradeCount(g.id, g.label, counts.pop(g.id, 0)) for g in grading]
    ungraded = counts.pop("", 0)
    rows += [GradeCount(gid, gid, n) for gid, n in sorted(counts.items())]
    rows.append(GradeCount("", UNGRADED, ungraded))
    return rows


@dataclass(frozen=True)
class DomainTheme:
    """One domain across every case: what each case's auditors wrote under each heading."""

    strand: str
    label: str
    notes: dict[str, tuple[tuple[str, str], ...]]  # note field -> ((case ref, text), ...)

    @property
    def empty(self) -> bool:
        return not any(self.notes.values())


def domain_themes(cases: Sequence[CaseAudit], strands: Sequence[Strand]) -> list[DomainTheme]:
    themes: list[DomainTheme] = []
    known = [s.id for s in strands]
    extra = sorted({d.strand for c in cases for d in c.domains} - set(known))
    labels = {s.id: s.label for s in strands}
    for strand in [*known, *extra]:
        notes: dict[str, tuple[tuple[str, str], ...]] = {}
        for key in NOTE_FIELDS:
            notes[key] = tuple((c.case_ref, d.text(key)) for c in cases
                               for d in c.domains if d.strand == strand and d.text(key))
        themes.append(DomainTheme(strand, labels.get(strand, strand), notes))
    return themes


@dataclass(frozen=True)
class CriterionCount:
    code: str
    label: str
    strand: str
    total: int
    by_judgement: dict[str, int] = field(default_factory=dict)  # judgement id -> entries


def criterion_counts(entries: Iterable[Mapping[str, Any]], criteria: Sequence[Criterion],
                     label: Callable[[str], str] | None = None) -> list[CriterionCount]:
    """Audit entries per criterion, split by judgement; every criterion listed so that thin evidence
    shows as a zero. Codes an entry names that this laptop does not know yet come last."""
    counts: dict[str, Counter[str]] = {}
    for entry in entries:
        for code in entry.get("criteria", []):
            counts.setdefault(code, Counter())[str(entry.get("judgement", ""))] += 1
    rows = [CriterionCount(c.code, c.label, c.strand, sum(counts.get(c.code, Counter()).values()),
                           dict(counts.get(c.code, Counter()))) for c in criteria]
    known = {c.code for c in criteria}
    for code in sorted(set(counts) - known):
        rows.append(CriterionCount(code, label(code) if label else code, "", sum(counts[code].values()),
                                   dict(counts[code])))
    return rows


# --- the report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Auditor:
    initials: str
    agency: str
    role: str


@dataclass(frozen=True)
class AuditReport:
    """Everything an audit report prints, already in the audit's own words; renderers only lay it out."""

    words: dict[str, str]  # the framework's vocabulary
    frameworks: tuple[str, ...]  # pack titles
    area: str
    theme: str
    scale: str  # the grading scale as chosen, with where it comes from, said plainly
    evidence_from: str
    evidence_to: str
    produced: str
    auditors: tuple[Auditor, ...]
    grading: tuple[Grade, ...]
    distribution: tuple[GradeCount, ...]
    themes: tuple[DomainTheme, ...]
    criteria: tuple[CriterionCount, ...]
    cases: tuple[CaseAudit, ...]
    strand_labels: dict[str, str]
    entry_count: int

    def word(self, key: str, *, title: bool = False) -> str:
        text = self.words.get(key, key)
        return text[:1].upper() + text[1:] if title else text

    def grade_label(self, grade_id: str | None) -> str:
        if not grade_id:
            return UNGRADED
        return next((g.label for g in self.grading if g.id == grade_id), grade_id)

    @property
    def title(self) -> str:
        return f"{self.word('inspection', title=True)} report: {self.area}"

    # Rows both renderers lay out the same way, so the Markdown and the Word report never drift.

    def scope_rows(self) -> list[tuple[str, str]]:
        period = (f"{self.evidence_from} to {self.evidence_to}" if self.evidence_from != self.evidence_to
                  else self.evidence_from) or "none recorded yet"
        return [
            ("Area", self.area),
            ("Theme", self.theme),
            ("Grading scale", self.scale),
            (f"{self.word('entries', title=True)} gathered", period),
            ("Report produced", self.produced),
            ("Framework", "; ".join(self.frameworks)),
            (f"{self.word('children', title=True)} audited", str(len(self.cases))),
            (self.word("entries", title=True), str(self.entry_count)),
        ]

    def auditor_rows(self) -> tuple[list[str], list[list[str]]]:
        header = ["Initials", "Agency", "Role"]
        return header, [[a.initials, a.agency or "not recorded", a.role] for a in self.auditors]

    def distribution_rows(self) -> tuple[list[str], list[list[str]]]:
        total = sum(d.count for d in self.distribution) or 1
        header = ["Grade", self.word("children", title=True), "Share"]
        return header, [[d.label, str(d.count), f"{round(100 * d.count / total)}%"] for d in self.distribution]

    def criteria_rows(self) -> tuple[list[str], list[list[str]]]:
        judgements = list(rec.JUDGEMENTS)
        header = ["Code", "Criterion", self.word("entries", title=True),
                  *[rec.JUDGEMENTS[j].split(" / ")[0] for j in judgements]]
        rows = [[c.code, c.label, str(c.total), *[str(c.by_judgement.get(j, 0)) for j in judgements]]
                for c in self.criteria]
        return header, rows

    def case_heading(self, case: CaseAudit) -> str:
        return f"{case.case_ref}: {self.grade_label(case.grade)}"


def role_label(role: str, words: Mapping[str, str]) -> str:
    # The lead and team roles take the audit's own words; the others are the same in both.
    if role == "lead":
        text = words.get("lead", rec.ROLES["lead"])
    elif role == "team":
        text = words.get("inspector", rec.ROLES["team"])
    else:
        text = rec.ROLES.get(role, role)
    return text[:1].upper() + text[1:]


def build_report(*, inspection: Mapping[str, Any], words: Mapping[str, str], frameworks: Sequence[str],
                 team: Iterable[Mapping[str, Any]], cases: Sequence[CaseAudit], grading: Sequence[Grade],
                 strands: Sequence[Strand], criteria: Sequence[Criterion], entries: Sequence[Mapping[str, Any]],
                 produced: date, label: Callable[[str], str] | None = None,
                 scale: str = "") -> AuditReport:
    auditors = tuple(
        Auditor(initials=initials(str(p.get("name", ""))),
                agency=str(p.get("agency") or rec.INSPECTORATES.get(str(p.get("inspectorate", "")), "")),
                role=role_label(str(p.get("role", "team")), words))
        for p in team)
    days = sorted(str(e["evidence_at"])[:10] for e in entries if e.get("evidence_at"))
    ordered = tuple(sorted(cases, key=lambda c: c.case_ref))
    return AuditReport(
        words=dict(words),
        frameworks=tuple(frameworks),
        area=str(inspection.get("area", "")),
        theme=str(inspection.get("theme", "")),
        scale=scale,
        evidence_from=days[0] if days else "",
        evidence_to=days[-1] if days else "",
        produced=produced.isoformat(),
        auditors=tuple(sorted(auditors, key=lambda a: (a.role != role_label("lead", words), a.initials))),
        grading=tuple(grading),
        distribution=tuple(distribution(ordered, grading)),
        themes=tuple(domain_themes(ordered, strands)),
        criteria=tuple(criterion_counts(entries, criteria, label)),
        cases=ordered,
        strand_labels={s.id: s.label for s in strands},
        entry_count=len(entries),
    )
