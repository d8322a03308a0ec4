"""A safeguarding partnership's quality assurance as its framework pack sets it out.

An audit pack may carry a `[partnership]` table: the grading scales a partnership can choose from
(the Somerset framework sets none of its own), the Section 11 domains, the groups of the reporting
route, the activities the framework names and its quality assurance calendar. All of it is data, so
another partnership's framework is another pack, not a code change. This module reads and checks
that table and answers questions about the partnership's year; it reads only the packaged pack
files, as fieldwork.frameworks does, and nothing else on disk.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any, Mapping

from fieldwork.errors import ValidationError
from fieldwork.frameworks import Grade, PackError

NO_GRADING = "none"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass(frozen=True)
class Scale:
    id: str
    label: str
    source: str  # where the scale comes from: said plainly wherever it is shown
    grades: tuple[Grade, ...]  # best first


@dataclass(frozen=True)
class Labelled:
    id: str
    label: str


@dataclass(frozen=True)
class ActivityType:
    id: str
    label: str
    about: str
    reports_to: tuple[str, ...]  # group ids
    timescale: str
    due_working_days: int | None = None  # a rapid review: within 15 days of notification
    due_months: int | None = None  # a CSPR: within 6 months of the decision


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    reports_to: str
    frequency: str


@dataclass(frozen=True)
class CalendarItem:
    month: int  # 1 is January
    label: str  # the framework's own words
    activity: str = ""  # an activity type id, when the item is an activity
    group: str = ""  # a group id, when the item is a meeting or a report


@dataclass(frozen=True)
class Section11:
    domains: tuple[Labelled, ...]
    ratings: tuple[str, ...]
    stages: tuple[Labelled, ...]

    def domain(self, text: str) -> Labelled:
        wanted = _slug(text)
        for d in self.domains:
            if wanted in (d.id, _slug(d.label)):
                return d
        raise ValidationError(f"Unknown Section 11 domain '{text.strip()}': choose one of "
                              f"{', '.join(d.id for d in self.domains)}.")

    def rating(self, text: str) -> str:
        wanted = " ".join(text.strip().lower().replace("-", " ").split())
        if wanted not in self.ratings:
            raise ValidationError(f"Unknown self-rating '{text.strip()}': choose one of {', '.join(self.ratings)}.")
        return wanted


@dataclass(frozen=True)
class Partnership:
    pack: str
    year_starts: int  # the month quarter 1 begins
    grading_note: str
    default_grading: str
    scales: tuple[Scale, ...]
    s11: Section11
    groups: tuple[Group, ...]
    activities: tuple[ActivityType, ...]
    calendar: tuple[CalendarItem, ...]

    def scale(self, scale_id: str) -> Scale | None:
        return next((s for s in self.scales if s.id == scale_id), None)

    def activity(self, type_id: str) -> ActivityType:
        found = next((a for a in self.activities if a.id == type_id), None)
        if found is None:
            raise ValidationError(f"Unknown activity type '{type_id}': choose one of "
                                  f"{', '.join(a.id for a in self.activities)}.")
        return found

    def known(self, type_id: str) -> ActivityType:
        """The type as the pack describes it, for reading: a type this laptop's pack does not know
        (a teammate's newer pack) shows under its own id, reporting nowhere, instead of failing."""
        found = next((a for a in self.activities if a.id == type_id), None)
        return found or ActivityType(id=type_id, label=type_id or "Activity", about="", reports_to=(), timescale="")

    def group(self, group_id: str) -> Group:
        found = next((g for g in self.groups if g.id == group_id), None)
        if found is None:
            raise ValidationError(f"Unknown group '{group_id}': choose one of {', '.join(g.id for g in self.groups)}.")
        return found

    def grading(self, chosen: str | None) -> tuple[Grade, ...]:
        """The grades of the chosen scale; `chosen` None (a store made before scales were chosen)
        takes the pack's default, and "none" means the partnership does not grade."""
        scale_id = self.default_grading if chosen is None else chosen
        if scale_id == NO_GRADING:
            return ()
        scale = self.scale(scale_id)
        return scale.grades if scale else ()

    def choose_scale(self, text: str | None) -> str:
        """The scale id init stores: a known scale or "none"; None takes the pack's default."""
        if text is None:
            return self.default_grading
        wanted = _slug(text)
        if wanted == NO_GRADING or any(s.id == wanted for s in self.scales):
            return wanted
        raise ValidationError(f"Unknown grading scale '{text.strip()}': choose one of "
                              f"{', '.join([*(s.id for s in self.scales), NO_GRADING])}.")

    def quarter(self, day: date) -> "Quarter":
        return Quarter.of(day, self.year_starts)


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of the partnership's year, which starts in `year_starts` (April: Q1 is Apr-Jun)."""

    year: int  # the calendar year the partnership's year begins in
    number: int  # 1-4

    @classmethod
    def of(cls, day: date, year_starts: int) -> "Quarter":
        offset = (day.month - year_starts) % 12
        year = day.year if day.month >= year_starts else day.year - 1
        return cls(year, offset // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d} Q{self.number}"


def year_months(year: int, year_starts: int) -> list[tuple[int, int]]:
    """The (year, month) pairs of the partnership's year beginning in `year`, in order."""
    return [(year + (year_starts - 1 + i) // 12, (year_starts - 1 + i) % 12 + 1) for i in range(12)]


def _slug(text: str) -> str:
    return "-".join(text.strip().lower().replace("_", " ").split())


# --- reading the pack ----------------------------------------------------------------------------

class _Check:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, problem: str) -> PackError:
        return PackError(f"{self.origin}: [partnership] {problem}.")

    def text(self, table: Mapping[str, Any], key: str, where: str, *, empty: bool = False) -> str:
        value = table.get(key, "" if empty else None)
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(f"{where} needs {key} as text")
        return value.strip()

    def tables(self, table: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"{key} must be a list of tables")
        return value

    def labelled(self, items: list[Mapping[str, Any]], where: str) -> tuple[Labelled, ...]:
        out = tuple(Labelled(self.text(i, "id", where), self.text(i, "label", where)) for i in items)
        if len({i.id for i in out}) != len(out):
            raise self.fail(f"{where} repeats an id")
        return out


def parse(data: Mapping[str, Any], pack_id: str, origin: str) -> Partnership | None:
    """The `[partnership]` table of a parsed pack, checked; None when the pack has none."""
    table = data.get("partnership")
    if table is None:
        return None
    check = _Check(origin)
    if not isinstance(table, dict):
        raise check.fail("must be a table")
    starts = table.get("year_starts", 4)
    if isinstance(starts, bool) or not isinstance(starts, int) or not 1 <= starts <= 12:
        raise check.fail("year_starts must be a month number, 1 to 12")
    scales = []
    for i in check.tables(table, "scales"):
        grades = check.labelled(list(i.get("grades", [])), "a scale's grades")
        if not grades:
            raise check.fail("a scale has no grades")
        scales.append(Scale(check.text(i, "id", "a scale"), check.text(i, "label", "a scale"),
                            check.text(i, "source", "a scale"),
                            tuple(Grade(g.id, g.label, n) for n, g in enumerate(grades, start=1))))
    default = check.text(table, "default_grading", "the table", empty=True) or NO_GRADING
    if default != NO_GRADING and default not in {s.id for s in scales}:
        raise check.fail(f"default_grading '{default}' is not one of its scales")
    s11 = table.get("s11", {})
    section11 = Section11(check.labelled(list(s11.get("domains", [])), "a Section 11 domain"),
                          tuple(str(r) for r in s11.get("ratings", [])),
                          check.labelled(list(s11.get("stages", [])), "a Section 11 stage"))
    groups = tuple(Group(check.text(g, "id", "a group"), check.text(g, "label", "a group"),
                         check.text(g, "reports_to", "a group", empty=True),
                         check.text(g, "frequency", "a group")) for g in check.tables(table, "groups"))
    group_ids = {g.id for g in groups}
    activities = []
    for a in check.tables(table, "activities"):
        where = f"activity '{a.get('id', '?')}'"
        reports = tuple(str(r) for r in a.get("reports_to", []))
        unknown = [r for r in reports if r not in group_ids]
        if unknown:
            raise check.fail(f"{where} reports to unknown group(s) {', '.join(unknown)}")
        activities.append(ActivityType(
            id=check.text(a, "id", where), label=check.text(a, "label", where), about=check.text(a, "about", where),
            reports_to=reports, timescale=check.text(a, "timescale", where),
            due_working_days=a.get("due_working_days"), due_months=a.get("due_months")))
    type_ids = {a.id for a in activities}
    calendar = []
    for c in check.tables(table, "calendar"):
        month = c.get("month")
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise check.fail(f"calendar item '{c.get('label', '?')}' needs a month, 1 to 12")
        item = CalendarItem(month, check.text(c, "label", "a calendar item"),
                            str(c.get("activity", "")), str(c.get("group", "")))
        if item.activity and item.activity not in type_ids:
            raise check.fail(f"calendar item '{item.label}' names an unknown activity '{item.activity}'")
        if item.group and item.group not in group_ids:
            raise check.fail(f"calendar item '{item.label}' names an unknown group '{item.group}'")
        calendar.append(item)
    return Partnership(pack=pack_id, year_starts=starts,
                       grading_note=check.text(table, "grading_note", "the table", empty=True),
                       default_grading=default, scales=tuple(scales), s11=section11, groups=groups,
                       activities=tuple(activities), calendar=tuple(calendar))


@functools.cache
def load(pack_id: str) -> Partnership | None:
    """The partnership table of a shipped pack (fieldwork.frameworks has refused unknown packs)."""
    name = f"{pack_id}.toml"
    try:
        text = resources.files("fieldwork").joinpath("packs", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return parse(tomllib.loads(text), pack_id, name)


def of_packs(pack_ids: list[str] | tuple[str, ...]) -> Partnership | None:
    """The first of an audit's packs that sets out a partnership's quality assurance."""
    return next((p for p in (load(i) for i in pack_ids) if p is not None), None)


# --- the year ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CalendarCell:
    """One item of the calendar in one month of a given year, with where it stands."""

    year: int
    month: int
    label: str
    activity: str
    group: str
    status: str  # activities: planned, in-progress, completed, not recorded, missed; else: due, past
    activities: tuple[str, ...] = ()  # ids of the activities recorded for it


def year_view(setup: Partnership, year: int, activities: list[tuple[str, Mapping[str, Any]]],
              today: date) -> list[CalendarCell]:
    """The calendar of the partnership's year beginning in `year`, month by month, each item with
    its status: an activity item takes the status of the activities of its type recorded for that
    month (completed only once all are); one with none is "missed" once its month has passed and
    "not recorded" before. `activities` pairs each activity's id with its payload."""
    by_month: dict[tuple[str, str], list[tuple[str, Mapping[str, Any]]]] = {}
    for record_id, payload in activities:
        by_month.setdefault((str(payload.get("type")), str(payload.get("month"))), []).append((record_id, payload))
    cells = []
    this_month = (today.year, today.month)
    for y, m in year_months(year, setup.year_starts):
        for item in (i for i in setup.calendar if i.month == m):
            past = (y, m) < this_month
            if item.activity:
                found = by_month.get((item.activity, f"{y}-{m:02d}"), [])
                states = {str(p.get("status", "planned")) for _, p in found}
                if not found:
                    status = "missed" if past else "not recorded"
                elif states == {"completed"}:
                    status = "completed"
                elif "in-progress" in states or "completed" in states:
                    status = "in-progress"
                else:
                    status = "planned"
                ids = tuple(i for i, _ in found)
            else:
                status, ids = ("past" if past else "due"), ()
            cells.append(CalendarCell(y, m, item.label, item.activity, item.group, status, ids))
    return cells
