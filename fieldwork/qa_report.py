"""Reports along the partnership's reporting route (Somerset framework, section 6), and the view of
a theme across quarters.

An exception report goes to a subgroup (Quality Assurance, Audit, Quality and Performance) or to
the Executive: the activities completed since the last report that report to that group, their
findings and learning, the actions overdue, and grades or ratings by theme and quarter. The 12
monthly report draws the partnership's year together. Both are built here as one view that the
Markdown and Word renderers only lay out. Pure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping, Sequence

from fieldwork.activities import IMPACTS, overdue
from fieldwork.frameworks import Grade
from fieldwork.partnership import Partnership, Quarter

AUDIENCES: tuple[str, ...] = ("qa", "audit", "qp", "executive", "annual")
MONTHS_BACK = {"Bi-monthly": 2, "Quarterly": 3, "Annual": 12}


@dataclass(frozen=True)
class ReportActivity:
    label: str
    theme: str
    completed: str
    quarter: str
    findings: tuple[str, ...]
    learning: str
    heard: tuple[str, ...] = ()  # what an insight visit, focus group or survey heard, as its own shape holds it


def heard(payload: Mapping[str, Any], setup: Partnership) -> tuple[str, ...]:
    """The lines of an activity's own shape a report shows beside its findings."""
    out = [f"Practitioners interviewed: {len(payload['practitioners'])} "
           f"({', '.join(sorted({p['agency'] for p in payload['practitioners']}))})"] if payload.get("practitioners") else []
    out += [f"Theme heard: {t}" for t in payload.get("themes", [])]
    for q in payload.get("questions", []):
        counts = ", ".join(f"{a} {n}" for a, n in q.get("counts", {}).items()) or "no responses yet"
        out.append(f"Survey: {q['text']} ({counts})")
    if payload.get("decision"):
        out.append(f"Decision: {payload['decision']}")
    if payload.get("workshop"):
        out.append(f"Peer review workshop: {payload['workshop']}")
    return tuple(out)


@dataclass(frozen=True)
class QaReport:
    title: str
    area: str
    audience: str  # the group's name
    onward: str  # whom that group reports to, "" for the Executive and the yearly report
    since: str
    produced: str
    scale: str
    activities: tuple[ReportActivity, ...]
    overdue: tuple[tuple[str, ...], ...]  # due, owner, action, from
    reviewed: tuple[tuple[str, ...], ...]  # reviewed on, owner, action, impact
    grades_header: tuple[str, ...]
    grades: tuple[tuple[str, ...], ...]  # theme, quarter, one count per grade, not graded
    ratings: tuple[tuple[str, ...], ...]  # Section 11: agency, domain, self-rating
    yearly: bool = False  # the 12 monthly report, not an exception report to a group

    def scope_rows(self) -> list[tuple[str, str]]:
        rows = [("Partnership", self.area), ("Report" if self.yearly else "Report to", self.audience)]
        if self.onward:
            rows.append(("Which reports to", self.onward))
        rows += [("Period", f"{self.since} to {self.produced}"), ("Grading scale", self.scale),
                 ("Activities completed", str(len(self.activities))), ("Actions overdue", str(len(self.overdue)))]
        return rows


def default_since(setup: Partnership, audience: str, produced: date) -> date:
    """The day after the last report would have gone: one reporting cycle back (bi-monthly, quarterly),
    and for the 12 monthly report the start of the partnership's year."""
    group = setup.group(audience)
    if audience == "annual":
        return date(setup.quarter(produced).year, setup.year_starts, 1)
    back = MONTHS_BACK.get(group.frequency, 2)
    month = produced.month - 1 - back
    return date(produced.year + month // 12, month % 12 + 1, 1)


def grade_rows(setup: Partnership, grading: Sequence[Grade], activities: Sequence[Mapping[str, Any]],
               grades: Mapping[str, str]) -> list[tuple[str, ...]]:
    """Per case audit: its theme, its quarter, and its cases' grades counted per step of the scale.
    `grades` maps case reference to grade id."""
    rows = []
    for p in activities:
        if p.get("type") != "case-audit" or not p.get("cases"):
            continue
        quarter = setup.quarter(date.fromisoformat(p["month"] + "-01")).label if p.get("month") else "-"
        counts = Counter(grades.get(ref, "") for ref in p["cases"])
        rows.append((str(p.get("theme", "")), quarter, *(str(counts.get(g.id, 0)) for g in grading),
                     str(counts.get("", 0))))
    return sorted(rows, key=lambda r: (r[1], r[0]))


def build(setup: Partnership, *, audience: str, area: str, scale: str, grading: Sequence[Grade],
          activities: Sequence[tuple[str, Mapping[str, Any]]], actions: Sequence[Mapping[str, Any]],
          grades: Mapping[str, str], produced: date, since: date | None = None) -> QaReport:
    """`activities` pairs each activity's id with its payload; `grades` maps case reference to grade id."""
    group = setup.group(audience)
    themes = {rid: str(p.get("theme", "")) for rid, p in activities}
    payloads = [p for _, p in activities]
    start = since or default_since(setup, audience, produced)
    window = [p for p in payloads if p.get("status") == "completed"
              and start.isoformat() <= str(p.get("completed", "")) <= produced.isoformat()
              and (audience == "annual" or audience in setup.known(str(p.get("type"))).reports_to)]
    window.sort(key=lambda p: (str(p.get("completed")), str(p.get("theme"))))
    shown = [ReportActivity(setup.known(str(p.get("type"))).label, str(p.get("theme", "")), str(p["completed"]),
                            setup.quarter(date.fromisoformat(str(p["completed"]))).label,
                            tuple(p.get("findings", [])), str(p.get("learning", "")), heard(p, setup)) for p in window]
    late = [(str(a["due"]), f"{a['owner_title']}, {a['owner_agency']}", str(a["text"]), themes.get(str(a.get("activity")), ""))
            for a in actions if overdue(a, produced)]
    reviewed = [(str(a["reviewed_on"]), f"{a['owner_title']}, {a['owner_agency']}", str(a["text"]),
                 IMPACTS.get(str(a.get("impact")), ""))
                for a in actions if a.get("state") == "reviewed" and start.isoformat() <= str(a.get("reviewed_on")) <= produced.isoformat()]
    ratings = [(agency, next(d.label for d in setup.s11.domains if d.id == dom), rating)
               for p in window if p.get("type") == "s11"
               for agency, doms in sorted(p.get("self_assessment", {}).items())
               for dom, rating in doms.items() if any(d.id == dom for d in setup.s11.domains)]
    if audience == "annual":
        title = f"12 monthly report {Quarter(start.year, 1).label[:7]}: {area}"
    else:
        title = f"Exception report to the {group.label}: {area}"
    in_scope = window if audience != "annual" else [p for p in payloads if p.get("status") == "completed"
                                                    and str(p.get("completed", "")) >= start.isoformat()]
    return QaReport(
        title=title, area=area, audience=group.label,
        onward=setup.group(group.reports_to).label if group.reports_to else "",
        since=start.isoformat(), produced=produced.isoformat(), scale=scale, activities=tuple(shown),
        overdue=tuple(sorted(late)), reviewed=tuple(sorted(reviewed)),
        grades_header=("Theme", "Quarter", *(g.label for g in grading), "Not graded"),
        grades=tuple(grade_rows(setup, grading, in_scope, grades)) if grading else (),
        ratings=tuple(ratings), yearly=audience == "annual")


# --- a theme across quarters ------------------------------------------------------------------------

@dataclass(frozen=True)
class QuarterPoint:
    quarter: str
    activities: int
    cases: int
    graded: int
    good: int  # cases graded at the scale's top half (good or better on four steps)
    findings: int
    actions_open: int
    actions_overdue: int
    actions_done: int
    actions_reviewed: int

    @property
    def share_good(self) -> float | None:
        return self.good / self.graded if self.graded else None


def top_grades(grading: Sequence[Grade]) -> Sequence[Grade]:
    """The upper half of a scale (outstanding and good of four steps, good of three): what the
    view across quarters counts as a case done well."""
    return grading[: max(1, len(grading) // 2)] if grading else ()


def _matches(payload: Mapping[str, Any], theme: str) -> bool:
    wanted = theme.strip().lower()
    return wanted in str(payload.get("theme", "")).lower() or wanted == str(payload.get("priority", "")).lower()


def across_quarters(setup: Partnership, theme: str, grading: Sequence[Grade],
                    activities: Sequence[tuple[str, Mapping[str, Any]]], actions: Sequence[Mapping[str, Any]],
                    grades: Mapping[str, str], today: date) -> list[QuarterPoint]:
    """How a theme (words of its activities' themes, or a priority's strand id) moved quarter by
    quarter: cases and their grades, findings, and the state of the actions raised. A case's grade
    is its grade record's, one per case: a case audited in two quarters counts its latest grade in both."""
    top = {g.id for g in top_grades(grading)}
    by_quarter: dict[Quarter, list[tuple[str, Mapping[str, Any]]]] = {}
    for record_id, p in activities:
        if _matches(p, theme) and p.get("month"):
            by_quarter.setdefault(setup.quarter(date.fromisoformat(p["month"] + "-01")), []).append((record_id, p))
    points = []
    for quarter in sorted(by_quarter):
        items = by_quarter[quarter]
        ids = {rid for rid, _ in items}
        cases = [ref for _, p in items for ref in p.get("cases", [])]
        graded = [grades[ref] for ref in cases if grades.get(ref)]
        own = [a for a in actions if a.get("activity") in ids]
        points.append(QuarterPoint(
            quarter=quarter.label, activities=len(items), cases=len(cases), graded=len(graded),
            good=sum(g in top for g in graded), findings=sum(len(p.get("findings", [])) for _, p in items),
            actions_open=sum(a.get("state") == "open" for a in own),
            actions_overdue=sum(overdue(a, today) for a in own),
            actions_done=sum(a.get("state") == "done" for a in own),
            actions_reviewed=sum(a.get("state") == "reviewed" for a in own)))
    return points


def plot(points: Sequence[QuarterPoint], top_label: str, width: int = 20) -> list[str]:
    """A terminal plot, one line a quarter: a bar of the share of graded cases at `top_label` or
    better, then the counts beside it, so the trend reads without colour."""
    lines = []
    for p in points:
        share = p.share_good
        bar = "·" * width if share is None else "█" * round(share * width) + "░" * (width - round(share * width))
        graded = "not graded" if share is None else f"{p.good}/{p.graded} {top_label} or better"
        lines.append(f"{p.quarter}  {bar}  {graded} · {p.findings} findings · actions {p.actions_open} open"
                     f" ({p.actions_overdue} overdue), {p.actions_done} done, {p.actions_reviewed} reviewed")
    return lines
