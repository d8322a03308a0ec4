"""Home for a partnership's quality assurance: this quarter's calendar, activities in progress,
actions due and reports due to each group. No JTAI day numbers, timeline or lateness rules: a
partnership assures itself all year round, by quarter (Somerset framework, section 7). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Mapping

from fieldwork.activities import overdue
from fieldwork.partnership import MONTHS, Partnership, year_view

SOON = timedelta(days=30)  # an action due within this counts as due now


@dataclass(frozen=True)
class QaLine:
    text: str
    target: str  # the section Enter opens
    urgent: bool = False


@dataclass
class QaHome:
    title: str
    today: str
    calendar: list[QaLine] = field(default_factory=list)
    in_progress: list[QaLine] = field(default_factory=list)
    actions_due: list[QaLine] = field(default_factory=list)
    reports_due: list[QaLine] = field(default_factory=list)


def qa_home(setup: Partnership, *, area: str, activities: list[tuple[str, Mapping[str, Any]]],
            actions: list[Mapping[str, Any]], today: date) -> QaHome:
    quarter = setup.quarter(today)
    home = QaHome(title=f"{area} · quality assurance {quarter.label[:7]}",
                  today=f"{today.strftime('%A %-d %B %Y')} — quarter {quarter.number} of the partnership's year")
    cells = [c for c in year_view(setup, quarter.year, activities, today)
             if setup.quarter(date(c.year, c.month, 1)) == quarter]
    for c in cells:
        month = MONTHS[c.month - 1][:3]
        if c.activity:
            home.calendar.append(QaLine(f"{month}  {c.label} — {c.status}", "calendar", urgent=c.status == "missed"))
        elif c.group and (c.year, c.month) >= (today.year, today.month):
            group = setup.group(c.group)
            # The evaluation group reviews actions' impact; every other group receives a report.
            what = "actions to review" if c.group == "ape" else "yearly report" if c.group == "annual" else "exception report"
            home.reports_due.append(QaLine(f"{month}  {group.label}: {what}", "actions" if c.group == "ape" else "calendar"))
    for record_id, p in activities:
        if p.get("status") == "in-progress":
            home.in_progress.append(QaLine(f"{setup.known(str(p.get('type'))).label}: {p.get('theme', '')}",
                                           "activities"))
    for a in actions:
        late = overdue(a, today)
        if late or (a.get("state") == "open" and date.fromisoformat(str(a["due"])) <= today + SOON):
            word = "OVERDUE" if late else "due"
            home.actions_due.append(QaLine(f"{word} {a['due']}  {a['owner_title']}, {a['owner_agency']}: {a['text']}",
                                           "actions", urgent=late))
        elif a.get("state") == "done":
            home.actions_due.append(QaLine(f"to review  {a['owner_title']}, {a['owner_agency']}: {a['text']}", "actions"))
    return home
