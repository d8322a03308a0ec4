"""The letter of findings draft and the keep-in-touch summary, as plain document models.

The letter (paras 82-91) opens with a summary, then strengths, areas for development and areas for
priority action about the partnership, then messages for particular agencies (findings scoped to one
agency: para 83 asks the letter to be clear which is which, and day 13 in para 9 gives each
inspectorate the chance to single out messages for individual agencies). An evidence appendix maps
every finding to the SEA entries and criteria behind it, for the QA manager (para 92: "the findings
in the final letter link clearly to the evidence").

The keep-in-touch summary (paras 35-37) gives senior leaders the emerging findings and the open
concerns about individual children awaiting the agencies' written response (Annex C).

Both are built here as data, then flattened into a few block types (headings, paragraphs, lists,
tables) that the renderers in `fieldwork.render` turn into Word or Markdown without knowing anything
about findings. Labels, strands and criteria wording come from the framework packs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping, Sequence, Union

from fieldwork.findings import (
    FINDING_TYPES,
    PARTNERSHIP,
    Balance,
    Finding,
    balance,
    criteria_of,
    ordered,
    scope_label,
)
from fieldwork.distribution import LetterDetails
from fieldwork.frameworks import Framework
from fieldwork.gaps import Entry
from fieldwork.records import JUDGEMENTS, SOURCE_TYPES
from fieldwork.workdays import WorkingCalendar

__all__ = [
    "Block",
    "ConcernFacts",
    "EvidenceRef",
    "Heading",
    "Item",
    "KitSummary",
    "Letter",
    "LetterFinding",
    "ListBlock",
    "Para",
    "Table",
    "build_kit",
    "build_letter",
    "short_id",
]

SHORT_ID = 8


def short_id(record_id: str) -> str:
    """The id prefix people quote: `fieldwork sea show` accepts it back."""
    return record_id[:SHORT_ID]


# --- blocks: the little a letter is made of ----------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int  # 0 the title, 1 a section, 2 a subsection
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    lead: str = ""  # a bold lead-in ("Criteria:")
    note: bool = False  # an editorial note for the drafter, shown in italics


@dataclass(frozen=True)
class Item:
    text: str
    lead: str = ""  # bold lead-in with its own punctuation, e.g. "Strength:" in an agency's messages
    ref: str = ""  # the finding's reference in the evidence appendix ("F3")
    draft: bool = False

    @property
    def tail(self) -> str:
        """What follows the statement: whether it is still a draft, and where its evidence is."""
        return (" (draft)" if self.draft else "") + (f" [{self.ref}]" if self.ref else "")


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Item, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Union[Heading, Para, ListBlock, Table]


# --- the letter --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRef:
    id: str
    criteria: tuple[str, ...]
    judgement: str
    date: str
    source: str
    missing: bool = False  # the entry was deleted after the finding cited it

    @property
    def short(self) -> str:
        return short_id(self.id)


@dataclass(frozen=True)
class LetterFinding:
    ref: str
    finding: Finding
    strand_label: str
    criteria: tuple[tuple[str, str], ...]  # (code, label from the pack)
    evidence: tuple[EvidenceRef, ...]
    balance: Balance

    @property
    def type_label(self) -> str:
        return FINDING_TYPES.get(self.finding.type, self.finding.type)

    @property
    def scope_label(self) -> str:
        return scope_label(self.finding.scope)


@dataclass(frozen=True)
class Letter:
    title: str
    subtitle: str
    summary: tuple[str, ...]  # paragraphs the lead wrote; empty: a drafting note stands in
    findings: tuple[LetterFinding, ...]  # in appendix order (F1, F2, ...)
    strand_order: tuple[tuple[str, str], ...]  # (id, label)
    drafts_included: bool
    drafts_left_out: int
    details: LetterDetails = field(default_factory=LetterDetails)

    def partnership(self, finding_type: str) -> list[LetterFinding]:
        return [f for f in self.findings if f.finding.partnership and f.finding.type == finding_type]

    def priorities(self) -> list[LetterFinding]:
        """Every area for priority action: the partnership's, then each agency's (para 88 names
        "particular or localised failings" too), so the section never reads as empty while one
        exists; an agency's also stays in that agency's messages."""
        return self.partnership("priority") + [f for _, items in self.agencies for f in items if f.finding.type == "priority"]

    @property
    def agencies(self) -> list[tuple[str, list[LetterFinding]]]:
        named: dict[str, list[LetterFinding]] = {}
        for f in self.findings:
            if not f.finding.partnership:
                named.setdefault(f.finding.scope, []).append(f)
        return sorted(named.items(), key=lambda kv: kv[0].casefold())

    def counts(self) -> dict[str, int]:
        return {t: sum(1 for f in self.findings if f.finding.type == t) for t in FINDING_TYPES}

    def blocks(self) -> list[Block]:
        out: list[Block] = [Heading(0, self.title), Para(self.subtitle)]
        out.extend(self._recipients())
        counts = self.counts()
        out.append(Heading(1, "Summary of findings"))
        if self.summary:
            out.extend(Para(p) for p in self.summary)
        else:
            out.append(Para(
                "Summary to be written by the lead inspector: the overall experience of children and "
                "young people in the area, covering key issues across the scope of the inspection and "
                "focusing on the deep-dive theme (para 84).",
                note=True,
            ))
        out.append(Para(
            f"This draft holds {_count(counts['strength'], 'strength')}, "
            f"{_count(counts['development'], 'area for development', 'areas for development')} and "
            f"{_count(counts['priority'], 'area for priority action', 'areas for priority action')}"
            + (f", {self.drafts_left_out} draft finding{'s' if self.drafts_left_out != 1 else ''} left out." if self.drafts_left_out else ".")
            + (" Findings marked (draft) have not yet been agreed by the team." if self.drafts_included else ""),
            note=True,
        ))
        out.extend(self._section("strength", "Strengths"))
        out.extend(self._section("development", "Areas for development"))
        priority = self.priorities()
        out.append(Heading(1, "Areas for priority action"))
        if priority:
            out.append(ListBlock(tuple(self._item(f, lead="" if f.finding.partnership else f"{f.finding.scope}:") for f in priority), numbered=True))
        else:
            out.append(Para("The team identified no areas for priority action.", note=True))
        agencies = self.agencies
        if agencies:
            out.append(Heading(1, "Messages for particular agencies"))
            for agency, items in agencies:
                out.append(Heading(2, agency))
                out.append(ListBlock(tuple(self._item(f, lead=f.type_label + ":") for f in items)))
        out.extend(self._statement())
        out.extend(self._appendix())
        return out

    def _recipients(self) -> list[Block]:
        """Para 82, 91: addressed to the partnership's senior leaders, by job title and agency."""
        lines = tuple(Item(text=r.line) for r in self.details.recipients)
        if lines:
            return [Para("", lead="Addressed and copied to:"), ListBlock(lines)]
        return [Para(
            "Recipients to be set by the lead inspector (fieldwork letter recipients add): para 91 lists the "
            "usual leaders of the local authority, health, the police force, probation and the chair of the LSCB.",
            note=True,
        )]

    def _statement(self) -> list[Block]:
        """Para 96: HMCI's decision on a written statement of proposed action is in the letter."""
        sentence = self.details.statement_sentence()
        if sentence:
            return [Heading(1, "Statement of action"), Para(sentence)]
        return [Heading(1, "Statement of action"), Para(
            "HMCI's decision whether a written statement of proposed action is required, and from which agencies, is "
            "to be recorded by the lead inspector (fieldwork letter statement-of-action) (para 96).",
            note=True,
        )]

    def _section(self, finding_type: str, title: str) -> list[Block]:
        out: list[Block] = [Heading(1, title)]
        items = self.partnership(finding_type)
        if not items:
            out.append(Para(f"No {title.lower()} about the partnership are in this draft.", note=True))
            return out
        groups = list(self.strand_order)
        known = {s for s, _ in groups}
        # A strand this laptop's packs do not declare (a pack changed mid-inspection) still prints.
        groups += [(f.finding.strand, f.strand_label) for f in items if f.finding.strand not in known]
        for strand_id, strand_label in dict.fromkeys(groups):
            mine = [f for f in items if f.finding.strand == strand_id]
            if mine:
                out.append(Heading(2, strand_label))
                out.append(ListBlock(tuple(self._item(f) for f in mine)))
        return out

    @staticmethod
    def _item(f: LetterFinding, lead: str = "") -> Item:
        if f.finding.innovative:
            # Para 6, 86: innovative practice that has led to improvement, said as such.
            lead = f"{lead} Innovative and effective practice:".strip()
        return Item(text=f.finding.text, lead=lead, ref=f.ref, draft=not f.finding.agreed)

    def _appendix(self) -> list[Block]:
        out: list[Block] = [
            Heading(1, "Evidence appendix"),
            Para(
                "For quality assurance (para 92): each finding, the criteria it is aligned to and the SEA "
                "entries that support it. Entry ids are the first eight characters of the record id.",
                note=True,
            ),
        ]
        for f in self.findings:
            state = "" if f.finding.agreed else " (draft)"
            out.append(Heading(2, f"{f.ref} · {f.type_label} · {f.scope_label} · {f.strand_label}{state}"))
            out.append(Para(f.finding.text))
            if f.criteria:
                out.append(Para("; ".join(f"{code} {label}" for code, label in f.criteria), lead="Criteria:"))
            out.append(Para(judgement_mix(f.balance.counts) or "none", lead="Judgement mix of the evidence:"))
            for note in f.balance.notes:
                out.append(Para(f"Check: {note}", note=True))
            out.append(Table(
                header=("SEA entry", "Criteria", "Judgement", "Evidence date", "Source"),
                rows=tuple(
                    (e.short, "—", "entry deleted since it was cited", "—", "—") if e.missing else
                    (e.short, ", ".join(e.criteria), JUDGEMENTS.get(e.judgement, e.judgement), e.date, e.source)
                    for e in f.evidence
                ),
            ))
        if not self.findings:
            out.append(Para("No findings are in this draft.", note=True))
        return out


def judgement_mix(counts: Mapping[str, int]) -> str:
    """"Strength 3 · Area for development 1": the guidance's labels with a count, in its order."""
    known = [f"{JUDGEMENTS[j]} {counts[j]}" for j in JUDGEMENTS if counts.get(j)]
    other = [f"{j} {n}" for j, n in sorted(counts.items()) if j not in JUDGEMENTS and n]
    return " · ".join(known + other)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _evidence(entry_id: str, entries: Mapping[str, Entry]) -> EvidenceRef:
    e = entries.get(entry_id)
    if e is None:
        return EvidenceRef(id=entry_id, criteria=(), judgement="", date="", source="", missing=True)
    return EvidenceRef(
        id=e.id,
        criteria=e.criteria,
        judgement=e.judgement,
        date=e.evidence_at[:10],
        source=SOURCE_TYPES.get(e.source_type, e.source_type),
    )


def letter_finding(ref: str, f: Finding, framework: Framework, entries: Mapping[str, Entry]) -> LetterFinding:
    codes = criteria_of(f, entries)
    return LetterFinding(
        ref=ref,
        finding=f,
        strand_label=framework.strand_label(f.strand),
        # The code with its status, and the full published wording (para 7) the letter quotes.
        criteria=tuple((framework.shown(c), framework.full(c)) for c in codes),
        evidence=tuple(_evidence(i, entries) for i in f.sea),
        balance=balance(f.type, (entries[i].judgement for i in f.sea if i in entries)),
    )


def build_letter(
    framework: Framework,
    findings: Iterable[Finding],
    entries: Mapping[str, Entry],
    *,
    area: str,
    theme: str,
    include_drafts: bool = False,
    summary: str = "",
    prepared: date | None = None,
    details: LetterDetails | None = None,
) -> Letter:
    """The draft letter: agreed findings only, unless `include_drafts` (drafts then marked)."""
    all_findings = list(findings)
    kept = [f for f in all_findings if include_drafts or f.agreed]
    strand_ids = [s.id for s in framework.strands]
    # Appendix order follows the letter: partnership sections first, then the agencies' messages.
    type_pos = {t: n for n, t in enumerate(FINDING_TYPES)}
    in_order = sorted(
        ordered(kept, strand_ids),
        key=lambda f: (0 if f.scope == PARTNERSHIP else 1, type_pos.get(f.type, 9) if f.scope == PARTNERSHIP else 0,
                       "" if f.scope == PARTNERSHIP else f.scope.casefold()),
    )
    noun = framework.vocabulary.get("inspection", "inspection")
    when = f" · prepared {prepared.isoformat()}" if prepared else ""
    return Letter(
        title=f"Letter of {noun} findings: draft",
        subtitle=f"{area} · deep-dive theme: {theme}{when}",
        summary=tuple(p.strip() for p in summary.split("\n\n") if p.strip()),
        findings=tuple(letter_finding(f"F{n}", f, framework, entries) for n, f in enumerate(in_order, 1)),
        strand_order=tuple((s.id, s.label) for s in framework.strands),
        drafts_included=include_drafts,
        drafts_left_out=len(all_findings) - len(kept),
        details=details or LetterDetails(),
    )


# --- the keep-in-touch summary -----------------------------------------------------------------


@dataclass(frozen=True)
class ConcernFacts:
    """An Annex C concern as the KIT summary reads it (another module owns concerns: read loosely)."""

    id: str
    case_refs: tuple[str, ...]
    category: str
    service: str
    state: str
    response_due: str

    @classmethod
    def from_payload(cls, concern_id: str, payload: Mapping[str, Any]) -> "ConcernFacts":
        refs = payload.get("case_refs")
        if refs is None:
            refs = payload.get("case_ref") or []
        if isinstance(refs, str):
            refs = [refs]
        return cls(
            id=concern_id,
            case_refs=tuple(str(r) for r in refs),
            category=str(payload.get("category") or ""),
            service=str(payload.get("service") or ""),
            state=str(payload.get("state") or ""),
            response_due=str(payload.get("response_due") or ""),
        )

    @property
    def open(self) -> bool:
        return self.state != "signed-off"

    @property
    def unsent_urgent(self) -> bool:
        """Category 1 (a child at immediate risk) and still not sent to the agency (para 74)."""
        return self.state == "raised" and self.category == "1"

    @property
    def category_label(self) -> str:
        # Annex C has two boxes, stored as 1 or 2; anything else is shown as it came.
        return f"Category {self.category}" if self.category.isdigit() else self.category

    def overdue(self, today: date) -> bool:
        """As fieldwork.concerns has it: no response yet and the required-by day has passed."""
        if self.state not in _AWAITING_RESPONSE or not self.response_due:
            return False
        try:
            due = date.fromisoformat(self.response_due[:10])
        except ValueError:
            return False
        # In working days, as fieldwork.concerns counts it: a response due on Friday is not late on Saturday.
        return due < today and WorkingCalendar().working_days_between(due, today) > 0


# States in which the agency's written response is still awaited (fieldwork.concerns owns them).
_AWAITING_RESPONSE = frozenset({"raised", "sent"})


@dataclass(frozen=True)
class KitSummary:
    title: str
    subtitle: str
    today: date
    findings: tuple[Finding, ...]
    strand_labels: dict[str, str]
    concerns: tuple[ConcernFacts, ...]  # open only
    evidence: dict[str, int] = field(default_factory=dict)  # judgement -> SEA entries so far
    details: LetterDetails = field(default_factory=LetterDetails)

    def blocks(self) -> list[Block]:
        out: list[Block] = [Heading(0, self.title), Para(self.subtitle)]
        if self.details.recipients:
            # The same list as the letter's (para 82, 91): the partnership's senior leaders.
            out.append(Para("; ".join(r.line for r in self.details.recipients) + ".", lead="For:"))
        urgent = [c for c in self.concerns if c.unsent_urgent]
        if urgent:
            out.append(Para(
                f"{_count(len(urgent), 'category 1 concern', 'category 1 concerns')} about a child at immediate risk "
                f"{'has' if len(urgent) == 1 else 'have'} not yet been sent to the agency: "
                + "; ".join(f"{', '.join(c.case_refs) or '—'} ({c.service or 'service not given'})" for c in urgent)
                + " (para 74).",
                lead="Not yet sent:",
            ))
        if self.evidence:
            total = sum(self.evidence.values())
            out.append(Para(f"{total} SEA entr{'y' if total == 1 else 'ies'} so far: {judgement_mix(self.evidence)}.", lead="Evidence:"))
        out.append(Heading(1, "Emerging findings"))
        if not self.findings:
            out.append(Para("No findings have been drafted yet.", note=True))
        headings = {
            "strength": "Emerging strengths",
            "development": "Emerging areas for development",
            "priority": "Possible areas for priority action",
        }
        for finding_type, heading in headings.items():
            mine = [f for f in self.findings if f.type == finding_type]
            if not mine:
                continue
            out.append(Heading(2, heading))
            out.append(ListBlock(tuple(
                Item(
                    text=f.text,
                    lead=f"{self.strand_labels.get(f.strand, f.strand)}, {scope_label(f.scope).lower() if f.partnership else f.scope}:",
                    draft=not f.agreed,
                )
                for f in mine
            )))
        out.append(Heading(1, "Concerns about individual children (Annex C)"))
        if not self.concerns:
            out.append(Para("No concerns are open.", note=True))
            return out
        out.append(Para(
            "Written feedback on the action taken is requested from the agency concerned (para 37).",
            note=True,
        ))
        out.append(Table(
            header=("Case references", "Category", "Service", "State", "Response due"),
            rows=tuple(
                (
                    ", ".join(c.case_refs) or "—",
                    c.category_label or "—",
                    c.service or "—",
                    ("NOT SENT: " if c.unsent_urgent else "") + (c.state.replace("-", " ") or "—"),
                    (c.response_due[:10] + (" (overdue)" if c.overdue(self.today) else "")) if c.response_due else "—",
                )
                for c in self.concerns
            ),
        ))
        return out


def build_kit(
    framework: Framework,
    findings: Iterable[Finding],
    concerns: Iterable[ConcernFacts],
    *,
    area: str,
    theme: str,
    today: date,
    day: int,
    evidence: Mapping[str, int] | None = None,
    details: LetterDetails | None = None,
) -> KitSummary:
    """Emerging findings (drafts included: they are emerging) and open concerns, most urgent first."""
    strand_ids: Sequence[str] = [s.id for s in framework.strands]
    # A category 1 concern not yet sent leads (para 74), then soonest due.
    open_ = sorted((c for c in concerns if c.open), key=lambda c: (not c.unsent_urgent, c.response_due or "9999", c.case_refs))
    noun = framework.vocabulary.get("inspection", "inspection")
    return KitSummary(
        title=f"Keep-in-touch meeting: {area}",
        subtitle=f"{today.isoformat()} · day {day} of the {noun} · deep-dive theme: {theme}",
        today=today,
        findings=tuple(ordered(findings, strand_ids)),
        strand_labels={s.id: s.label for s in framework.strands},
        concerns=tuple(open_),
        evidence=dict(evidence or {}),
        details=details or LetterDetails(),
    )
