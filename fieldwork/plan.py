"""The on-site plan: who goes where, when, to meet whom, about which children (paras 25-26, 63-67).

An activity is a payload dict (kind "plan-activity"): an interview, the observation of a meeting
(para 63), a case discussion, a visit or a call, on a day from a start to an end time, at a place
or by phone, with the job titles and agencies to be met, the inspectors going and the children it
concerns. The lead writes the plan and changes it as evidence comes in (para 26); a change that
moves an activity says why, and the record's history keeps every earlier time and place.

Para 25 asks the lead to check the timetable as it is written. Each check here is a warning shown
beside the activity, never a refusal: the lead knows things the plan does not.

- practitioners interviewed separately from their managers;
- travel time between appointments in different places;
- time to reflect and analyse each day;
- support arranged for communication with children and families who need it;
- names and job roles of those to be met given in advance (the plan itself keeps only the roles);
- and, because a timetable can say so, the same inspector booked twice at once.

Para 67's leaders to meet are a fixed list; each activity may say which of them it meets, and the
checklist shows who is booked to meet each. Pure: no store, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Collection, Iterable, Mapping, Sequence

from fieldwork.errors import ValidationError
from fieldwork.records import (
    DEFAULT_CASE_REF_PATTERN,
    choice,
    clean_case_ref,
    clean_list,
    clean_text,
    normalise_agency,
    parse_bool,
    parse_date,
)
from fieldwork import free_text

KIND = "plan-activity"

TYPES: dict[str, str] = {
    "interview": "Interview",
    "observation": "Observation of a meeting",
    "case-discussion": "Case discussion",
    "visit": "Visit",
    "call": "Call",
}

# Para 63: the meetings inspectors may observe.
OBSERVED: dict[str, str] = {
    "cp-conference-initial": "Initial child protection conference",
    "cp-conference-review": "Review child protection conference",
    "strategy": "Strategy discussion or meeting",
    "panel": "Multi-agency panel",
    "risk-management": "Risk management meeting",
    "lac-review": "Looked after child review",
    "missing-review": "Meeting after a child was missing from care",
    "planning-review": "Child in need, planning or review meeting",
}

# Para 67: the leaders inspectors meet, by job title.
LEADERS: dict[str, str] = {
    "chief-executive": "Local authority chief executive",
    "dcs": "Director of children's services",
    "lead-member": "Lead elected member for children's services",
    "head-social-care": "Head of social care",
    "lscb-chair": "Chair of the LSCB",
    "lscb-manager": "LSCB business manager",
    "police-superintendent": "Police superintendent for child protection and safeguarding",
    "investigative-supervisor": "Supervisor of the investigative or multi-agency team for the deep dive theme",
    "mash-police-lead": "MASH/CRU police lead",
    "mappa-chair": "MAPPA chair",
    "yot-manager": "Youth offending team manager",
    "ccg-senior": "Senior representative of the clinical commissioning group(s)",
    "crc-safeguarding": "Safeguarding lead for the community rehabilitation company",
    "nps-safeguarding": "Safeguarding lead for the National Probation Service",
    "deep-dive-manager": "Manager responsible for the deep dive theme's children or practice",
    "lscb-deep-dive-member": "Lead LSCB member for the deep dive theme",
}

SUPPORT: tuple[str, ...] = ("unknown", "not-needed", "needed")

PHONE = "phone"

#: Minutes an inspector needs between appointments in different places (para 25), unless the
#: lead says otherwise for this inspection.
DEFAULT_TRAVEL_MINUTES = 30
#: Unbooked minutes each inspector should keep in the working day to reflect and analyse (para 25).
DEFAULT_REFLECT_MINUTES = 60
WORKING_DAY = (9 * 60, 17 * 60 + 30)  # 09:00 to 17:30

FIELDS: tuple[str, ...] = (
    "type",
    "day",
    "start",
    "end",
    "place",
    "meeting",
    "agencies",
    "inspectors",
    "children",
    "leaders",
    "observes",
    "family",
    "support",
    "support_detail",
    "roles_given",
    "note",
    "reason",
)

# Words that make a job title a manager's rather than a practitioner's (para 25: "practitioners
# are interviewed separately from their managers").
_MANAGER = re.compile(r"\b(manager|head|team leader|supervisor|director|chief|lead|principal|superintendent)\b", re.I)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


# --- payloads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRules:
    """What an activity is checked against: the team and the children."""

    team: Collection[str]  # inspector record ids
    known_case_refs: Collection[str]
    case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN


def minutes(value: str, what: str = "time") -> int:
    """'09:30' as minutes since midnight."""
    found = _TIME.match(str(value).strip())
    if not found:
        raise ValidationError(f"Bad {what} '{value}': use HH:MM, like 09:30.")
    return int(found.group(1)) * 60 + int(found.group(2))


def hhmm(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


def by_phone(place: str) -> bool:
    return place.strip().lower() == PHONE


def _refs(values: Iterable[str], rules: PlanRules) -> list[str]:
    known = set(rules.known_case_refs)
    refs = [clean_case_ref(v, rules.case_ref_pattern) for v in clean_list(values)]
    for ref in refs:
        if ref not in known:
            raise ValidationError(f"Unknown case reference '{ref}': add the child first (fieldwork child add {ref}).")
    return refs


def activity_payload(
    fields: Mapping[str, Any],
    rules: PlanRules,
    *,
    base: Mapping[str, Any] | None = None,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """An activity from `fields` laid over `base` (the stored payload when changing one).

    Inspectors arrive as record ids (the store resolves initials). Every free-text field goes
    through the name check (para 80): job titles, never names.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError(f"Unknown plan field(s): {', '.join(sorted(unknown))}.")
    out: dict[str, Any] = dict(base or {})
    for key, value in fields.items():
        if value is None:
            continue
        if key == "type":
            out[key] = choice(str(value), TYPES, "activity type")
        elif key == "day":
            out[key] = parse_date(value, "day").isoformat()
        elif key in ("start", "end"):
            out[key] = hhmm(minutes(str(value), f"{key} time"))
        elif key == "place":
            place = clean_text(str(value), "place (or 'phone')", limit=200)
            out[key] = PHONE if by_phone(place) else place
        elif key == "meeting":
            out[key] = [clean_text(t, "job title", limit=120) for t in clean_list(value)]
        elif key == "agencies":
            out[key] = [normalise_agency(a) for a in clean_list(value)]
        elif key == "inspectors":
            ids = clean_list(value)
            for inspector in ids:
                if inspector not in set(rules.team):
                    raise ValidationError("An inspector named for the activity is not on this inspection's team.")
            out[key] = ids
        elif key == "children":
            out[key] = _refs(value, rules)
        elif key == "leaders":
            out[key] = [choice(v, LEADERS, "para 67 leader") for v in clean_list(value)]
        elif key == "observes":
            out[key] = "" if value == "" else choice(str(value), OBSERVED, "observed meeting (para 63)")
        elif key == "family":
            out[key] = parse_bool(value, "with a child or family")
        elif key == "support":
            out[key] = choice(str(value), SUPPORT, "communication support")
        elif key in ("support_detail", "note", "reason"):
            out[key] = clean_text(str(value), key.replace("_", " "), required=False, limit=2000)
        elif key == "roles_given":
            out[key] = parse_bool(value, "names and roles given in advance")
    for required, flag in (("type", "--type"), ("day", "--day"), ("start", "--start"), ("end", "--end"), ("place", "--place")):
        if not out.get(required):
            raise ValidationError(f"A plan activity needs {flag}.")
    if minutes(out["end"]) <= minutes(out["start"]):
        raise ValidationError(f"The activity ends ({out['end']}) before it starts ({out['start']}).")
    if out.get("observes") and out["type"] != "observation":
        raise ValidationError("Only an observation names the meeting observed (para 63): use --type observation.")
    for name, default in (
        ("meeting", []), ("agencies", []), ("inspectors", []), ("children", []), ("leaders", []),
        ("observes", ""), ("family", False), ("support", "unknown"), ("support_detail", ""),
        ("roles_given", False), ("note", ""), ("reason", ""),
    ):
        out.setdefault(name, default)
    out["confirmed_no_names"] = free_text.guard_flag(KIND, out, confirmed=confirm_no_names, before=base)
    return out


# --- the checks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """What the checks need of one activity."""

    id: str
    type: str
    day: str
    start: int
    end: int
    place: str
    meeting: tuple[str, ...] = ()
    inspectors: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    family: bool = False
    support: str = "unknown"
    support_detail: str = ""
    roles_given: bool = False

    @classmethod
    def from_payload(cls, activity_id: str, p: Mapping[str, Any]) -> "Activity":
        # Payloads come from other laptops and other versions: read every field defensively.
        def times(name: str, fallback: int) -> int:
            try:
                return minutes(str(p.get(name, "")))
            except ValidationError:
                return fallback

        start = times("start", 0)
        return cls(
            id=activity_id,
            type=str(p.get("type", "")),
            day=str(p.get("day", "")),
            start=start,
            end=max(start, times("end", start)),
            place=str(p.get("place", "")),
            meeting=tuple(str(t) for t in p.get("meeting") or ()),
            inspectors=tuple(str(i) for i in p.get("inspectors") or ()),
            children=tuple(str(c) for c in p.get("children") or ()),
            leaders=tuple(str(k) for k in p.get("leaders") or ()),
            family=bool(p.get("family")),
            support=str(p.get("support", "unknown")),
            support_detail=str(p.get("support_detail", "")),
            roles_given=bool(p.get("roles_given")),
        )

    @property
    def in_person(self) -> bool:
        return not by_phone(self.place)


@dataclass(frozen=True)
class Warning:
    """One para 25 check that an activity (or an inspector's day) does not yet meet."""

    check: str  # managers | travel | overlap | reflect | support | roles | unstaffed
    message: str
    activity: str = ""  # the activity's id, or "" for a whole day
    inspector: str = ""
    day: str = ""


def is_manager(title: str) -> bool:
    return bool(_MANAGER.search(title))


def mixes_managers(titles: Sequence[str]) -> bool:
    """Para 25: an interview that meets a practitioner together with a manager."""
    kinds = {is_manager(t) for t in titles}
    return kinds == {True, False}


def inspector_days(activities: Iterable[Activity]) -> dict[tuple[str, str], list[Activity]]:
    """Each inspector's activities per day, in time order."""
    out: dict[tuple[str, str], list[Activity]] = {}
    for a in activities:
        for inspector in a.inspectors:
            out.setdefault((inspector, a.day), []).append(a)
    for items in out.values():
        items.sort(key=lambda a: (a.start, a.end, a.id))
    return out


def booked_between(items: Sequence[Activity], start: int, end: int) -> int:
    """Minutes within [start, end) taken by any of `items` (overlaps counted once)."""
    spans = sorted((max(a.start, start), min(a.end, end)) for a in items if a.end > start and a.start < end)
    total, reach = 0, start
    for lo, hi in spans:
        lo = max(lo, reach)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


def travel_shortfalls(day: Sequence[Activity], travel: int = DEFAULT_TRAVEL_MINUTES) -> list[tuple[Activity, Activity, int]]:
    """(from, to, free minutes) wherever an inspector must get from one place to another with less
    than `travel` unbooked minutes between. A call can be made from anywhere, so the journey runs
    from the last place the inspector was in person; calls in between take up the free time."""
    out: list[tuple[Activity, Activity, int]] = []
    last: Activity | None = None
    for a in day:
        if not a.in_person:
            continue
        if last is not None and a.place.strip().casefold() != last.place.strip().casefold():
            free = max(0, a.start - last.end) - booked_between(day, last.end, a.start)
            if free < travel:
                out.append((last, a, free))
        if last is None or a.end >= last.end:
            last = a
    return out


def overlaps(day: Sequence[Activity]) -> list[tuple[Activity, Activity]]:
    out: list[tuple[Activity, Activity]] = []
    for i, a in enumerate(day):
        for b in day[i + 1 :]:
            if b.start >= a.end:
                break
            out.append((a, b))
    return out


def reflect_minutes(day: Sequence[Activity], working_day: tuple[int, int] = WORKING_DAY) -> int:
    lo, hi = working_day
    return (hi - lo) - booked_between(day, lo, hi)


def check_plan(
    activities: Iterable[Activity],
    *,
    names: Mapping[str, str] | None = None,
    travel: int = DEFAULT_TRAVEL_MINUTES,
    reflect: int = DEFAULT_REFLECT_MINUTES,
) -> list[Warning]:
    """Every para 25 warning on the plan. `names`: inspector id -> initials, for the messages."""
    names = names or {}
    items = list(activities)
    out: list[Warning] = []
    for a in items:
        if not a.inspectors:
            out.append(Warning("unstaffed", "No inspector is going yet.", a.id, day=a.day))
        if a.type in ("interview", "case-discussion") and mixes_managers(a.meeting):
            out.append(Warning("managers", "Practitioners are to be met separately from their managers (para 25).", a.id, day=a.day))
        if a.meeting and not a.roles_given:
            out.append(Warning("roles", "Names and job roles of those to be met not yet given in advance (para 25).", a.id, day=a.day))
        if a.family and a.support == "unknown":
            out.append(Warning("support", "Not yet known whether the child or family needs support to communicate (para 25).", a.id, day=a.day))
        elif a.family and a.support == "needed" and not a.support_detail.strip():
            out.append(Warning("support", "Support to communicate is needed but none is arranged yet (para 25).", a.id, day=a.day))
    for (inspector, day), booked in sorted(inspector_days(items).items()):
        who = names.get(inspector, inspector[:8])
        for a, b in overlaps(booked):
            out.append(Warning("overlap", f"{who} is booked for two activities at once ({hhmm(b.start)}).", b.id, inspector, day))
        for a, b, free in travel_shortfalls(booked, travel):
            out.append(
                Warning("travel", f"{who} has {free} minutes to get from {a.place} to {b.place}; allow {travel} (para 25).", b.id, inspector, day)
            )
        left = reflect_minutes(booked)
        if left < reflect:
            out.append(
                Warning("reflect", f"{who} has {left} unbooked minutes on {day}: keep {reflect} to reflect and analyse (para 25).", "", inspector, day)
            )
    return out


def warnings_for(warnings: Iterable[Warning], activity: Activity) -> list[Warning]:
    """The warnings shown beside one activity: its own, and its inspectors' day-wide ones."""
    return [
        w for w in warnings
        if w.activity == activity.id or (not w.activity and w.day == activity.day and w.inspector in activity.inspectors)
    ]


# --- the leaders checklist and the day view -------------------------------------------------------


@dataclass(frozen=True)
class LeaderRow:
    key: str
    title: str
    activities: tuple[str, ...]  # activity ids, in time order
    inspectors: tuple[str, ...]  # inspector ids booked to meet this leader

    @property
    def booked(self) -> bool:
        return bool(self.activities)


def leaders_checklist(activities: Iterable[Activity]) -> list[LeaderRow]:
    ordered = sorted(activities, key=lambda a: (a.day, a.start, a.id))
    rows: list[LeaderRow] = []
    for key, title in LEADERS.items():
        meeting = [a for a in ordered if key in a.leaders]
        inspectors: list[str] = []
        for a in meeting:
            inspectors.extend(i for i in a.inspectors if i not in inspectors)
        rows.append(LeaderRow(key, title, tuple(a.id for a in meeting), tuple(inspectors)))
    return rows


def day_view(activities: Iterable[Activity], day: str, inspector: str | None = None) -> list[Activity]:
    """One day's activities in time order; only one inspector's if given."""
    return sorted(
        (a for a in activities if a.day == day and (inspector is None or inspector in a.inspectors)),
        key=lambda a: (a.start, a.end, a.id),
    )


def days(activities: Iterable[Activity]) -> list[str]:
    return sorted({a.day for a in activities if a.day})


def describe(payload: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """One line: type, who is met, and with which inspectors."""
    what = TYPES.get(str(payload.get("type")), str(payload.get("type", "")))
    observes = OBSERVED.get(str(payload.get("observes", "")), "")
    if observes:
        what = f"{what}: {observes}"
    met = ", ".join(payload.get("meeting") or [])
    who = ", ".join(names.get(i, i[:8]) for i in payload.get("inspectors") or [])
    return " · ".join(x for x in (what, met, who) if x)


def on_day(value: str | date) -> str:
    return parse_date(value, "day").isoformat()
