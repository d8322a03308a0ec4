"""The inspection's timeline as dates (JTAI guidance para 9, with para 98 for the statement of
action).

The guidance names each milestone by working day and by a "usual day of week". Its working-day
numbers are what the process runs on, so dates are computed from them; the usual-day label is shown
beside the date, flagged when the two disagree. They disagree around bank holidays, and also for
day 43 in every inspection: the guidance calls it a Tuesday, but the Wednesday of day 41 plus two
working days is a Friday.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from typing import Any

from fieldwork.workdays import WorkingCalendar

__all__ = [
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


def milestones(notified: date, calendar: WorkingCalendar) -> list[Milestone]:
    """Every step of the timeline dated from the notification day (day 0).

    A label that names no weekday ("Before notification", the statement of action) has nothing to
    disagree with, so its `label_matches` is True."""
    result: list[Milestone] = []
    for step in STEPS:
        # add_working_days rolls a non-working notification date forward to its day 0 itself.
        when = calendar.add_working_days(notified, step.day)
        weekday = _WEEKDAYS[when.weekday()]
        expected = step.label_weekday
        result.append(Milestone(
            day=step.day,
            date=when,
            label=step.label,
            activity=step.activity,
            weekday=weekday,
            label_matches=expected is None or expected == weekday,
            label_weekday=expected,
        ))
    return result


def day_of_inspection(notified: date, today: date, calendar: WorkingCalendar) -> int:
    """Today's working-day number; a non-working day carries the last working day's number."""
    return calendar.day_number(notified, today)


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
        }
        for m in items
    ]}
