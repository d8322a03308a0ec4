"""The lead's view of thin evidence (JTAI guidance paras 33, 72 and 79), computed from plain facts.

Para 79 asks the team to review the SEA "regularly to identify gaps in the evidence and confirm
where the team has gathered sufficient evidence", and para 33 has the morning team meeting
"triangulate findings and evidence" and "agree where inspectors have gathered sufficient evidence
against the evaluation criteria". This module turns the SEA entries, the children, the team and the
team's "sufficient evidence agreed" marks into the figures that review needs:

- every criterion of the inspection's packs against judgement, with counts, so a criterion with no
  entries at all shows as a zero row rather than not showing;
- a gap: a criterion with fewer entries than the threshold that the team has not marked sufficient;
- triangulation: criteria evidenced by one source type only;
- tracked children against the agencies involved with them, and tracked or sampled children with no
  entry at all;
- strand coverage, timeliness (para 78) and who has written what.

Every count keeps the ids of the entries behind it, so any figure can be opened up.
Pure: no store, no UI, no clock (today is an argument).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping

from fieldwork.frameworks import Framework
from fieldwork.records import INSPECTORATES, JUDGEMENTS, STAGES, when_date
from fieldwork.sea_checks import CUTOFF_DAY, after_cutoff, after_findings_meeting, cutoff
from fieldwork.workdays import WorkingCalendar, is_late

__all__ = [
    "DEFAULT_THRESHOLD",
    "FINDINGS_MEETING_DAY",
    "MATRIX_JUDGEMENTS",
    "ChildFacts",
    "ChildRow",
    "CriterionRow",
    "Entry",
    "GapReport",
    "InspectorFacts",
    "Mark",
    "StrandRow",
    "TeamRow",
    "analyse",
    "agency_key",
    "to_json",
]

DEFAULT_THRESHOLD = 2
#: Para 9: the team meets on the afternoon of day 12 (Thursday of week three) to agree provisional
#: findings, and every SEA entry must be made before it (para 78).
FINDINGS_MEETING_DAY = CUTOFF_DAY  # one rule for the SEA's deadlines: fieldwork.sea_checks
#: The judgements the matrix has a column for; "context" entries count towards a criterion's total
#: but are not a judgement about practice, so they get no heat column of their own.
MATRIX_JUDGEMENTS: tuple[str, ...] = ("strength", "development", "concern")
# Children the lead expects evidence about: tracked end to end, or sampled at a point (paras 55-62).
_EXPECTED_STAGES = ("tracked", "sampled")


@dataclass(frozen=True, slots=True)
class Entry:
    """What the gap analysis, the findings and the letter need of one SEA entry."""

    id: str
    author: str
    criteria: tuple[str, ...]
    judgement: str
    strand: str
    source_type: str
    children: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    evidence_at: str = ""
    recorded_at: str = ""
    source_detail: str = ""

    @classmethod
    def from_payload(cls, entry_id: str, author: str, payload: Mapping[str, Any]) -> "Entry":
        # Payloads come from other laptops and other versions: read every field defensively.
        return cls(
            id=entry_id,
            author=author,
            criteria=tuple(str(c) for c in payload.get("criteria") or ()),
            judgement=str(payload.get("judgement") or ""),
            strand=str(payload.get("strand") or ""),
            source_type=str(payload.get("source_type") or ""),
            children=tuple(str(c) for c in payload.get("children") or ()),
            agencies=tuple(str(a) for a in payload.get("agencies") or ()),
            evidence_at=str(payload.get("evidence_at") or ""),
            recorded_at=str(payload.get("recorded_at") or ""),
            source_detail=str(payload.get("source_detail") or ""),
        )


@dataclass(frozen=True, slots=True)
class ChildFacts:
    case_ref: str
    stage: str
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InspectorFacts:
    id: str
    name: str
    inspectorate: str


@dataclass(frozen=True, slots=True)
class Mark:
    """The team's "sufficient evidence agreed" mark on a criterion (para 33)."""

    code: str
    sufficient: bool
    by: str = ""  # inspector id of whoever set or cleared it
    at: str = ""


@dataclass(frozen=True)
class CriterionRow:
    code: str
    label: str
    strand: str
    ids: dict[str, tuple[str, ...]]  # judgement -> entry ids ("context" included)
    sources: tuple[str, ...]
    sufficient: bool
    marked_by: str  # who marked it sufficient: initials where the inspector is known
    gap: bool
    status: str = ""  # "" for published guidance, else UNOFFICIAL (para 4: theme criteria are ours)

    @property
    def shown(self) -> str:
        return f"{self.code} ({self.status})" if self.status else self.code

    @property
    def entries(self) -> tuple[str, ...]:
        return tuple(i for j in JUDGEMENTS for i in self.ids.get(j, ()))

    def count(self, judgement: str) -> int:
        return len(self.ids.get(judgement, ()))

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.ids.values())

    @property
    def single_source(self) -> bool:
        """Para 33's triangulation: evidenced, but only ever from one kind of source."""
        return len(self.sources) == 1


@dataclass(frozen=True)
class ChildRow:
    case_ref: str
    stage: str
    entries: tuple[str, ...]
    agencies: tuple[str, ...]  # agencies involved with the child (the child record)
    agencies_missing: tuple[str, ...]  # for a tracked child: involved, but no entry about them

    @property
    def expected(self) -> bool:
        return self.stage in _EXPECTED_STAGES

    @property
    def no_entries(self) -> bool:
        return self.expected and not self.entries


@dataclass(frozen=True)
class StrandRow:
    id: str
    label: str
    criteria: int
    evidenced: int  # criteria of this strand with at least one entry
    gaps: tuple[str, ...]  # codes
    entries: tuple[str, ...]  # entries filed under this strand


@dataclass(frozen=True)
class TeamRow:
    key: str  # inspector id, or inspectorate id
    name: str
    inspectorate: str
    entries: tuple[str, ...]
    late: tuple[str, ...]


@dataclass(frozen=True)
class GapReport:
    threshold: int
    criteria: tuple[CriterionRow, ...]
    children: tuple[ChildRow, ...]
    strands: tuple[StrandRow, ...]
    inspectors: tuple[TeamRow, ...]
    inspectorates: tuple[TeamRow, ...]
    late: tuple[str, ...]
    entries: int
    today: date
    today_day: int
    meeting_date: date
    days_to_meeting: int  # working days from today to the findings meeting; negative once past
    unknown_criteria: tuple[str, ...] = field(default=())  # codes named by entries, not in any pack
    after_meeting: tuple[str, ...] = field(default=())  # recorded after 3.00pm on day 12 (para 78)
    after_cutoff: tuple[str, ...] = field(default=())  # evidence dated after 3.00pm on day 12 (para 9)

    @property
    def gaps(self) -> tuple[CriterionRow, ...]:
        return tuple(r for r in self.criteria if r.gap)

    @property
    def single_source(self) -> tuple[CriterionRow, ...]:
        return tuple(r for r in self.criteria if r.single_source)

    def criterion(self, code: str) -> CriterionRow:
        for row in self.criteria:
            if row.code == code:
                return row
        raise KeyError(code)


def agency_key(name: str) -> str:
    """Agencies are typed freehand on many laptops ("Police", "police "): compare them loosely."""
    return " ".join(name.split()).casefold()


def analyse(
    framework: Framework,
    entries: Iterable[Entry],
    children: Iterable[ChildFacts],
    *,
    inspectors: Iterable[InspectorFacts] = (),
    marks: Iterable[Mark] = (),
    threshold: int = DEFAULT_THRESHOLD,
    calendar: WorkingCalendar,
    notified: date,
    today: date,
) -> GapReport:
    entry_list = list(entries)
    threshold = max(1, int(threshold))
    sufficient = {m.code: m for m in marks if m.sufficient}
    team = {i.id: i for i in inspectors}

    # --- criteria x judgement -------------------------------------------------------------------
    known = {c.code for c in framework.criteria}
    cells: dict[str, dict[str, list[str]]] = {c.code: {} for c in framework.criteria}
    sources: dict[str, set[str]] = {c.code: set() for c in framework.criteria}
    unknown: set[str] = set()
    for e in entry_list:
        # An entry naming a criterion twice is still one piece of evidence for it.
        for code in dict.fromkeys(e.criteria):
            if code not in known:
                unknown.add(code)
                continue
            cells[code].setdefault(e.judgement, []).append(e.id)
            if e.source_type:
                sources[code].add(e.source_type)
    rows: list[CriterionRow] = []
    for c in framework.criteria:
        ids = {j: tuple(v) for j, v in cells[c.code].items()}
        total = sum(len(v) for v in ids.values())
        mark = sufficient.get(c.code)
        rows.append(CriterionRow(
            code=c.code,
            label=c.label,
            strand=c.strand,
            ids=ids,
            sources=tuple(sorted(sources[c.code])),
            sufficient=mark is not None,
            marked_by=(team[mark.by].name if mark.by in team else mark.by) if mark else "",
            # The team's agreement that the evidence is enough overrides the count (para 33).
            gap=mark is None and total < threshold,
            status=c.status,
        ))

    # --- children -------------------------------------------------------------------------------
    by_child: dict[str, list[Entry]] = {}
    for e in entry_list:
        for ref in dict.fromkeys(e.children):
            by_child.setdefault(ref, []).append(e)
    stage_order = {s: i for i, s in enumerate(("tracked", "sampled", "shortlisted", "deep-dive"))}
    child_rows: list[ChildRow] = []
    for child in children:
        about = by_child.get(child.case_ref, [])
        missing: tuple[str, ...] = ()
        if child.stage == "tracked":
            covered = {agency_key(a) for e in about for a in e.agencies}
            missing = tuple(a for a in dict.fromkeys(child.agencies) if agency_key(a) not in covered)
        child_rows.append(ChildRow(
            case_ref=child.case_ref,
            stage=child.stage,
            entries=tuple(e.id for e in about),
            agencies=tuple(dict.fromkeys(child.agencies)),
            agencies_missing=missing,
        ))
    child_rows.sort(key=lambda r: (stage_order.get(r.stage, len(STAGES)), r.case_ref))

    # --- strands --------------------------------------------------------------------------------
    strand_rows = []
    for strand in framework.strands:
        mine = [r for r in rows if r.strand == strand.id]
        strand_rows.append(StrandRow(
            id=strand.id,
            label=strand.label,
            criteria=len(mine),
            evidenced=sum(1 for r in mine if r.total),
            gaps=tuple(r.code for r in mine if r.gap),
            entries=tuple(e.id for e in entry_list if e.strand == strand.id),
        ))

    # --- timeliness -----------------------------------------------------------------------------
    late = tuple(e.id for e in entry_list if _late(e, calendar))
    late_set = set(late)
    today_day = calendar.day_number(notified, today)
    meeting = calendar.add_working_days(notified, FINDINGS_MEETING_DAY)
    cut = cutoff(notified, calendar)

    # --- who wrote what -------------------------------------------------------------------------
    written: dict[str, list[str]] = {i: [] for i in team}
    for e in entry_list:
        written.setdefault(e.author, []).append(e.id)
    inspector_rows = []
    for author, ids in written.items():
        who = team.get(author)
        inspector_rows.append(TeamRow(
            key=author,
            name=who.name if who else author[:8],
            inspectorate=who.inspectorate if who else "",
            entries=tuple(ids),
            late=tuple(i for i in ids if i in late_set),
        ))
    inspector_rows.sort(key=lambda r: (-len(r.entries), r.name))
    by_body: dict[str, list[TeamRow]] = {}
    for r in inspector_rows:
        by_body.setdefault(r.inspectorate, []).append(r)
    inspectorate_rows = [
        TeamRow(
            key=body,
            name=INSPECTORATES.get(body, body or "Unknown"),
            inspectorate=body,
            entries=tuple(i for r in members for i in r.entries),
            late=tuple(i for r in members for i in r.late),
        )
        for body, members in by_body.items()
    ]
    order = {k: n for n, k in enumerate(INSPECTORATES)}
    inspectorate_rows.sort(key=lambda r: order.get(r.key, len(order)))

    return GapReport(
        threshold=threshold,
        criteria=tuple(rows),
        children=tuple(child_rows),
        strands=tuple(strand_rows),
        inspectors=tuple(inspector_rows),
        inspectorates=tuple(inspectorate_rows),
        late=late,
        entries=len(entry_list),
        today=today,
        today_day=today_day,
        meeting_date=meeting,
        days_to_meeting=FINDINGS_MEETING_DAY - today_day,
        unknown_criteria=tuple(sorted(unknown)),
        after_meeting=tuple(e.id for e in entry_list if after_findings_meeting(e.recorded_at, cut)),
        after_cutoff=tuple(e.id for e in entry_list if after_cutoff(e.evidence_at, cut)),
    )


def _late(e: Entry, calendar: WorkingCalendar) -> bool:
    if not e.evidence_at or not e.recorded_at:
        return False
    try:
        return is_late(when_date(e.evidence_at), when_date(e.recorded_at), calendar)
    except ValueError:
        return False  # a malformed date from another laptop is not evidence of lateness


def to_json(report: GapReport) -> dict[str, Any]:
    """The `fieldwork gaps --json` shape. Fixed keys: `criteria` (code, entries, strength,
    development, concern, sources, sufficient, gap) and `children` (case_ref, stage, entries);
    the rest may grow."""
    return {
        "threshold": report.threshold,
        "entries": report.entries,
        "criteria": [
            {
                "code": r.code,
                "label": r.label,
                "official": not r.status,
                "shown": r.shown,
                "strand": r.strand,
                "entries": r.total,
                "strength": r.count("strength"),
                "development": r.count("development"),
                "concern": r.count("concern"),
                "context": r.count("context"),
                "sources": list(r.sources),
                "single_source": r.single_source,
                "sufficient": r.sufficient,
                "sufficient_by": r.marked_by,
                "gap": r.gap,
                "ids": {j: list(r.ids.get(j, ())) for j in JUDGEMENTS},
            }
            for r in report.criteria
        ],
        "gaps": [r.code for r in report.gaps],
        "single_source": [r.code for r in report.single_source],
        "children": [
            {
                "case_ref": c.case_ref,
                "stage": c.stage,
                "entries": len(c.entries),
                "ids": list(c.entries),
                "agencies": list(c.agencies),
                "agencies_missing": list(c.agencies_missing),
                "no_entries": c.no_entries,
            }
            for c in report.children
        ],
        "strands": [
            {
                "id": s.id,
                "label": s.label,
                "criteria": s.criteria,
                "evidenced": s.evidenced,
                "gaps": list(s.gaps),
                "entries": len(s.entries),
            }
            for s in report.strands
        ],
        "timeliness": {
            "late": len(report.late),
            "late_ids": list(report.late),
            "today": report.today.isoformat(),
            "today_day": report.today_day,
            "findings_meeting": report.meeting_date.isoformat(),
            "days_to_findings_meeting": report.days_to_meeting,
            "after_findings_meeting": len(report.after_meeting),
            "after_findings_meeting_ids": list(report.after_meeting),
            "after_evidence_cutoff": len(report.after_cutoff),
            "after_evidence_cutoff_ids": list(report.after_cutoff),
        },
        "inspectors": [_team_json(r) for r in report.inspectors],
        "inspectorates": [_team_json(r) for r in report.inspectorates],
        "unknown_criteria": list(report.unknown_criteria),
    }


def _team_json(r: TeamRow) -> dict[str, Any]:
    return {"id": r.key, "name": r.name, "inspectorate": r.inspectorate, "entries": len(r.entries), "late": len(r.late)}
