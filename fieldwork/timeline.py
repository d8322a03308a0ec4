"""The inspection's timeline as dates (JTAI guidance para 9, with para 98 for the statement of
action).

The guidance names each milestone by working day and by a "usual day of week". Its working-day
numbers are what the process runs on, so dates are computed from them; the usual-day label is shown
beside the date, flagged when the two disagree. They disagree around bank holidays, and also for
day 43 in every inspection: the guidance calls it a Tuesday, but the Wednesday of day 41 plus two
working days is a Friday. Day 43 keeps the guidance's label with a note saying so, and its date is
counted like every other day's.

The guidance's plan starts on a Tuesday (para 9, 12). `warnings` says, once each, when a
notification on another weekday moves the usual days, and when the on-site week (days 9-13) is
broken by a weekend or a bank holiday. The days the guidance sets for meetings inside the on-site
week (the team briefing, para 27; keep-in-touch meetings, para 35; the QA manager, para 93) are
given as events on their days, each with its paragraph.

The statement of action (para 98) is due 70 working days after the letter is sent: from the day
it was actually sent once the lead records it, from the planned day 41 until then.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fieldwork.workdays import WorkingCalendar

__all__ = [
    "EVENTS",
    "LETTER_SENT_DAY",
    "Milestone",
    "STATEMENT_OF_ACTION_DAY",
    "STATEMENT_OF_ACTION_WORKING_DAYS",
    "STEPS",
    "Step",
    "day_of_inspection",
    "milestones",
    "phase",
    "to_json",
    "warnings",
]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Day the pre-publication letter goes to the local agencies; the statement-of-action clock
#: starts from it (para 9's "Post inspection" row).
LETTER_SENT_DAY = 41
#: Para 98 and para 9: within 70 working days of the letter reaching the local agencies.
STATEMENT_OF_ACTION_WORKING_DAYS = 70
STATEMENT_OF_ACTION_DAY = LETTER_SENT_DAY + STATEMENT_OF_ACTION_WORKING_DAYS


@dataclass(frozen=True, slots=True)
class Step:
    """One row of the guidance's timeline, before it is given a date."""

    day: int
    label: str
    activity: str

    @property
    def label_weekday(self) -> str | None:
        """The weekday the label names, if it names one."""
        return _weekday_in(self.label)


@dataclass(frozen=True, slots=True)
class Milestone:
    day: int
    date: date
    label: str
    activity: str
    weekday: str
    label_matches: bool
    label_weekday: str | None = None
    events: tuple[tuple[str, str], ...] = ()  # (what, paragraph) set for this day by the guidance
    note: str = ""  # where the guidance's own label needs explaining


def _weekday_in(label: str) -> str | None:
    named = [w for w in _WEEKDAYS if w in label]
    return named[0] if named else None


# Labels: where the guidance's row gives a range ("Week three Monday to Thursday", 9-12) or just a
# weekday continuing the week above ("Wednesday" under "Week one Tuesday"), the label names the
# single day it implies. Day 43's bare "Tuesday" is kept as written because its week is not
# implied by counting (see the module docstring). Activities are our summaries, not the guidance's
# wording.
STEPS: tuple[Step, ...] = (
    Step(-1, "Before notification",
         "Off site: the lead and one inspector each from CQC, HMIC and HMI Probation review the "
         "joint pre-inspection briefing."),
    Step(0, "Week one Tuesday",
         "Lead notifies the DCS by 9.30am; each inspectorate calls its agencies and requests "
         "information; set-up discussion later in the day; the DCS sends the deep-dive list by "
         "the end of the day."),
    Step(1, "Week one Wednesday",
         "By midday the lead picks 20 children from the deep-dive list and asks for more "
         "information on them."),
    Step(2, "Week one Thursday",
         "Extra information on the 20 arrives by mid-afternoon; by 5pm the lead chooses 5 to 7 of "
         "them for the partnership to evaluate jointly by day 7; multi-agency meeting details "
         "and the remaining lists arrive."),
    Step(3, "Week one Friday", "Lead writes the team's briefing note."),
    Step(4, "Week two Monday",
         "Off site: the team studies the briefing and Annex A information; the lead starts the "
         "on-site timetable, to be agreed by day 8."),
    Step(5, "Week two Tuesday",
         "Agencies send any outstanding Annex A information and the key documents for the "
         "children being evaluated."),
    Step(6, "Week two Wednesday",
         "Lead reviews the case files and shares out Annex A documents among the inspectors."),
    Step(7, "Week two Thursday",
         "By the end of the day the partnership sends its joint evaluations of the children's "
         "experiences."),
    Step(8, "Week two Friday",
         "Team considers the joint evaluations; agencies confirm in writing who has consented to "
         "talk to inspectors; the lead agrees the on-site programme with the link person."),
    Step(9, "Week three Monday",
         "Team arrives on site and meets senior leaders; on-site evidence gathering begins (the "
         "analyst is usually on site days 9 and 10)."),
    Step(10, "Week three Tuesday", "On site; the analyst's last usual day on site."),
    Step(11, "Week three Wednesday",
         "On site; keep-in-touch meetings with senior leaders usually start (para 35)."),
    Step(12, "Week three Thursday",
         "Evidence collection stops at 3pm; every SEA entry is made before the afternoon team "
         "meeting, which agrees provisional findings."),
    Step(13, "Week three Friday",
         "By lunchtime the team agrees strengths, areas for development and for priority action; "
         "feedback meeting with senior leaders by mid-afternoon; key findings written up and the "
         "SEA complete by the end of the day."),
    Step(14, "Week four Monday",
         "Lead starts consolidating every inspector's findings into one joint letter."),
    Step(16, "Week four Wednesday",
         "By lunchtime the lead and the Ofsted QA manager agree the draft letter; the other "
         "inspectorates' review begins."),
    Step(21, "Week five Wednesday",
         "CQC, HMIC and HMI Probation sign off the draft by lunchtime; the Ofsted National "
         "Director's sign-off runs over days 21 and 22."),
    Step(23, "Week five Friday", "Editors review the draft letter."),
    Step(24, "Week six Monday",
         "By midday Ofsted sends the draft to the DCS for one factual accuracy check on behalf of "
         "all the local agencies (10 working days)."),
    Step(33, "Week seven Friday",
         "The partnership's factual accuracy response is due by the end of the day."),
    Step(34, "Week eight Monday",
         "By the end of the day the lead and the QA manager weigh the accuracy comments and send "
         "proposed revisions to the other inspectorates."),
    Step(37, "Week eight Thursday", "Inspectorates agree the letter by the end of the day."),
    Step(38, "Week eight Friday",
         "The Ofsted National Director signs off the final letter (days 38 and 39)."),
    Step(40, "Week nine Tuesday", "Editors review the final letter."),
    Step(41, "Week nine Wednesday",
         "Ofsted sends the pre-publication letter to the DCS, copied to senior leaders and the "
         "LSCB chair."),
    Step(43, "Tuesday", "The letter of inspection findings is published."),
    Step(STATEMENT_OF_ACTION_DAY,
         f"Post inspection: {STATEMENT_OF_ACTION_WORKING_DAYS} working days after the letter is "
         f"sent (day {LETTER_SENT_DAY} + {STATEMENT_OF_ACTION_WORKING_DAYS})",
         "Where the letter asks for one, the agencies' statement of proposed action is due "
         "(para 98)."),
)


# The meetings the guidance sets inside the on-site week, by working day, with their paragraph.
EVENTS: dict[int, tuple[tuple[str, str], ...]] = {
    9: (("Team briefing on site: pre-inspection issues, remaining tasks, keep-in-touch, team and findings "
         "meetings, health and safety", "27"),),
    11: (("Keep-in-touch meeting with senior leaders, in the morning", "35"),),
    12: (("Keep-in-touch meeting with senior leaders, in the morning", "35"),
         ("The Ofsted QA manager (a Senior HMI) is usually on site Thursday and Friday", "93")),
    13: (("The Ofsted QA manager is usually on site", "93"),),
}

_NOTES: dict[int, str] = {
    43: ("The guidance labels day 43 a Tuesday, but in its own plan day 41 is a Wednesday and two working days later is a Friday; "
         "the date here counts working days like every other day. Confirm the publication date with Ofsted."),
}


def milestones(notified: date, calendar: WorkingCalendar, letter_sent: date | None = None) -> list[Milestone]:
    """Every step of the timeline dated from the notification day (day 0).

    A label that names no weekday ("Before notification", the statement of action) has nothing to
    disagree with, so its `label_matches` is True. With `letter_sent`, the statement of action is
    70 working days after that day rather than after the planned day 41 (para 98)."""
    result: list[Milestone] = []
    for step in STEPS:
        # add_working_days rolls a non-working notification date forward to its day 0 itself.
        when = calendar.add_working_days(notified, step.day)
        day, label = step.day, step.label
        if step.day == STATEMENT_OF_ACTION_DAY and letter_sent is not None:
            when = calendar.add_working_days(letter_sent, STATEMENT_OF_ACTION_WORKING_DAYS)
            day = calendar.day_number(notified, when)
            label = (f"Post inspection: {STATEMENT_OF_ACTION_WORKING_DAYS} working days after the letter was "
                     f"sent on {letter_sent.isoformat()}")
        weekday = _WEEKDAYS[when.weekday()]
        expected = step.label_weekday
        result.append(Milestone(
            day=day,
            date=when,
            label=label,
            activity=step.activity,
            weekday=weekday,
            label_matches=expected is None or expected == weekday,
            label_weekday=expected,
            events=EVENTS.get(step.day, ()),
            note=_NOTES.get(step.day, ""),
        ))
    return result


def _short(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {d.strftime('%B %Y')}"


# The days a notification on another weekday moves that matter most to the team's plans.
_KEY_DAYS: tuple[tuple[int, str], ...] = (
    (9, "the team arrives on site"),
    (12, "evidence closes at 3.00pm and the findings meeting"),
    (13, "the feedback meeting"),
    (41, "the letter goes to the DCS"),
)


def warnings(notified: date, calendar: WorkingCalendar) -> list[str]:
    """Plain warnings about the plan's shape: a notification on a day other than Tuesday (para 9,
    12), and an on-site week (days 9-13) broken by a weekend or bank holiday."""
    out: list[str] = []
    day0 = calendar.add_working_days(notified, 0)
    if day0.weekday() != 1:
        usual = {s.day: s.label_weekday for s in STEPS}
        moved = []
        for day, what in _KEY_DAYS:
            when = calendar.add_working_days(notified, day)
            if _WEEKDAYS[when.weekday()] != usual.get(day):
                moved.append(f"day {day}, {what}, is {_short(when)} (usually a {usual.get(day)})")
        rolled = "" if day0 == notified else f" ({notified.isoformat()} is not a working day, so day 0 is {day0.isoformat()})"
        out.append(
            f"Notification is on a {_WEEKDAYS[day0.weekday()]}{rolled}, not the Tuesday the guidance plans for (para 9, 12), "
            f"so the usual days move: " + ("; ".join(moved) if moved else "every day keeps its number but not its weekday") + "."
        )
    first, last = calendar.add_working_days(notified, 9), calendar.add_working_days(notified, 13)
    gaps = [first.fromordinal(o) for o in range(first.toordinal() + 1, last.toordinal())
            if not calendar.is_working_day(first.fromordinal(o))]
    if gaps:
        named = []
        for d in gaps:
            holiday = calendar.holiday_name(d)
            named.append(f"{_short(d)}" + (f" ({holiday})" if holiday else ""))
        out.append(
            f"The on-site week (days 9-13, {_short(first)} to {_short(last)}) is broken by days off: {', '.join(named)}. "
            "The guidance plans five consecutive days on site, Monday to Friday (para 9); agree travel and the KIT "
            "meetings around the break."
        )
    return out


def day_of_inspection(notified: date, today: date, calendar: WorkingCalendar) -> int:
    """Today's working-day number; a non-working day carries the last working day's number."""
    return calendar.day_number(notified, today)


def day_off(notified: date, today: date, calendar: WorkingCalendar) -> str | None:
    """On a day that is not a working day, what to say instead of its carried-over number, which
    read as if Sunday were the feedback day: "not a working day; next working day, Monday 7
    December, is day 14". None on a working day."""
    if calendar.is_working_day(today):
        return None
    following = today + timedelta(days=1)
    while not calendar.is_working_day(following):
        following += timedelta(days=1)
    number = day_of_inspection(notified, following, calendar)
    return f"not a working day; next working day, {following.strftime('%A %-d %B')}, is day {number}"


# (last working day of the phase, phrase), in order; anything later is "after publication".
_PHASES: tuple[tuple[int, str], ...] = (
    (-1, "before notification"),
    (3, "week one: notification and set-up"),
    (8, "week two: local evaluation"),
    (12, "on site"),
    (13, "feedback day"),
    (23, "writing the letter"),
    (33, "factual accuracy check"),
    (40, "finalising the letter"),
    (42, "letter sent, awaiting publication"),
    (43, "publication day"),
)
_PHASE_ENDS = tuple(end for end, _ in _PHASES)


def phase(day: int) -> str:
    """A short phrase for where the inspection stands on working day `day`."""
    index = bisect.bisect_left(_PHASE_ENDS, day)
    return _PHASES[index][1] if index < len(_PHASES) else "after publication"


def to_json(items: list[Milestone]) -> dict[str, Any]:
    """The `--json` shape: {"milestones": [{"day", "date", "label", ...}]}; the first three keys
    are a fixed contract."""
    return {"milestones": [
        {
            "day": m.day,
            "date": m.date.isoformat(),
            "label": m.label,
            "activity": m.activity,
            "weekday": m.weekday,
            "label_matches": m.label_matches,
            "label_weekday": m.label_weekday,
            "phase": phase(m.day),
            "events": [{"text": text, "para": para} for text, para in m.events],
            "note": m.note,
        }
        for m in items
    ]}
