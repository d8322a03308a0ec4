"""The para 9 timeline as dates. Every expected date was counted by hand on a calendar (see the
bank holidays listed in test_workdays.py), not produced by the code under test."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from fieldwork.timeline import (
    STATEMENT_OF_ACTION_DAY,
    STEPS,
    Milestone,
    day_of_inspection,
    milestones,
    phase,
    to_json,
)
from fieldwork.workdays import WorkingCalendar

D = date

GUIDANCE_DAYS = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 21, 23, 24, 33, 34, 37,
                 38, 40, 41, 43]


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


def by_day(notified: date, cal: WorkingCalendar) -> dict[int, Milestone]:
    return {m.day: m for m in milestones(notified, cal)}


# Hand-counted tables: {working day: date}.
CHRISTMAS_22_DEC = (D(2026, 12, 22), {
    -1: D(2026, 12, 21),
    0: D(2026, 12, 22),
    2: D(2026, 12, 24),
    3: D(2026, 12, 29),    # 25 Dec and the 28 Dec substitute skipped
    5: D(2026, 12, 31),
    6: D(2027, 1, 4),      # 1 Jan skipped
    9: D(2027, 1, 7),
    12: D(2027, 1, 12),
    13: D(2027, 1, 13),
    16: D(2027, 1, 18),
    24: D(2027, 1, 28),
    33: D(2027, 2, 10),
    41: D(2027, 2, 22),
    43: D(2027, 2, 24),
    111: D(2027, 6, 4),    # Good Friday, Easter Monday, 3 May, 31 May all skipped
})

CHRISTMAS_15_DEC = (D(2026, 12, 15), {
    -1: D(2026, 12, 14),
    4: D(2026, 12, 21),
    7: D(2026, 12, 24),    # joint evaluations due on Christmas Eve
    8: D(2026, 12, 29),
    9: D(2026, 12, 30),
    12: D(2027, 1, 5),
    13: D(2027, 1, 6),
    41: D(2027, 2, 15),
    43: D(2027, 2, 17),
    111: D(2027, 5, 27),   # Good Friday, Easter Monday and 3 May skipped
})

EASTER_2027 = (D(2027, 3, 23), {
    -1: D(2027, 3, 22),
    2: D(2027, 3, 25),
    3: D(2027, 3, 30),     # Good Friday 26 Mar and Easter Monday 29 Mar skipped
    9: D(2027, 4, 7),
    12: D(2027, 4, 12),
    13: D(2027, 4, 13),
    41: D(2027, 5, 24),    # 3 May skipped
    43: D(2027, 5, 26),
    111: D(2027, 9, 1),    # 31 May and 30 Aug skipped
})

LATE_MAY_2027 = (D(2027, 5, 25), {
    -1: D(2027, 5, 24),
    3: D(2027, 5, 28),
    4: D(2027, 6, 1),      # late-May bank holiday 31 May skipped
    9: D(2027, 6, 8),
    12: D(2027, 6, 11),
    13: D(2027, 6, 14),
    41: D(2027, 7, 22),
    43: D(2027, 7, 26),
    111: D(2027, 10, 29),  # 30 Aug skipped
})

PLAIN_SUMMER_2027 = (D(2027, 6, 8), {
    -1: D(2027, 6, 7),
    9: D(2027, 6, 21),
    12: D(2027, 6, 24),
    13: D(2027, 6, 25),
    21: D(2027, 7, 7),
    33: D(2027, 7, 23),
    37: D(2027, 7, 29),
    40: D(2027, 8, 3),
    41: D(2027, 8, 4),
    43: D(2027, 8, 6),
    111: D(2027, 11, 11),  # 30 Aug skipped
})


@pytest.mark.parametrize(("notified", "expected"), [
    CHRISTMAS_22_DEC, CHRISTMAS_15_DEC, EASTER_2027, LATE_MAY_2027, PLAIN_SUMMER_2027,
], ids=["christmas-22-dec", "christmas-15-dec", "easter", "late-may", "plain-summer"])
def test_milestone_dates(cal: WorkingCalendar, notified: date, expected: dict[int, date]) -> None:
    got = by_day(notified, cal)
    assert {day: got[day].date for day in expected} == expected


@pytest.mark.parametrize(("notified", "expected"), [
    CHRISTMAS_22_DEC, EASTER_2027, LATE_MAY_2027,
], ids=["christmas", "easter", "late-may"])
def test_day_of_inspection_inverts_the_table(cal: WorkingCalendar, notified: date,
                                             expected: dict[int, date]) -> None:
    assert {day_of_inspection(notified, d, cal): d for d in expected.values()} == {
        day: d for day, d in expected.items()}


def test_milestone_days_are_the_guidance_days_plus_statement(cal: WorkingCalendar) -> None:
    days = [m.day for m in milestones(D(2027, 6, 8), cal)]
    assert days == GUIDANCE_DAYS + [111]
    assert STATEMENT_OF_ACTION_DAY == 111


def test_only_day_43_label_disagrees_in_a_plain_period(cal: WorkingCalendar) -> None:
    # With no bank holiday in sight, counting working days from a Tuesday lands every milestone
    # on its usual day except publication: the guidance says Tuesday, the count gives Friday.
    got = milestones(D(2027, 6, 8), cal)
    assert [m.day for m in got if not m.label_matches] == [43]
    day43 = next(m for m in got if m.day == 43)
    assert (day43.weekday, day43.label_weekday) == ("Friday", "Tuesday")


def test_labels_flag_holiday_shifts(cal: WorkingCalendar) -> None:
    got = by_day(D(2026, 12, 22), cal)
    assert got[0].label == "Week one Tuesday" and got[0].label_matches
    assert got[2].weekday == "Thursday" and got[2].label_matches
    assert got[3].weekday == "Tuesday" and not got[3].label_matches
    assert got[9].label == "Week three Monday"
    assert got[9].weekday == "Thursday" and not got[9].label_matches
    assert got[12].label == "Week three Thursday" and got[12].weekday == "Tuesday"
    assert got[13].weekday == "Wednesday" and not got[13].label_matches


def test_labels_without_a_weekday_count_as_matching(cal: WorkingCalendar) -> None:
    got = by_day(D(2026, 12, 22), cal)
    assert got[-1].label == "Before notification" and got[-1].label_matches
    assert got[-1].label_weekday is None
    assert got[111].label_matches and got[111].weekday == "Friday"


def test_statement_of_action_label_and_offset(cal: WorkingCalendar) -> None:
    got = by_day(D(2027, 3, 23), cal)
    assert "70 working days" in got[111].label and "41" in got[111].label
    assert cal.working_days_between(got[41].date, got[111].date) == 70


def test_milestones_respect_local_closures() -> None:
    # A closure on Wednesday 9 June 2027 pushes every later milestone back one working day.
    closed = WorkingCalendar(closures=[D(2027, 6, 9)])
    got = by_day(D(2027, 6, 8), closed)
    assert got[1].date == D(2027, 6, 10)
    assert got[9].date == D(2027, 6, 22)
    assert got[43].date == D(2027, 8, 9)


def test_notification_on_a_non_working_day_rolls_forward(cal: WorkingCalendar) -> None:
    # Day 0 is the next working day after a weekend notification date.
    got = by_day(D(2027, 6, 5), cal)  # a Saturday
    assert got[0].date == D(2027, 6, 7)
    assert got[1].date == D(2027, 6, 8)
    assert got[-1].date == D(2027, 6, 4)


def test_weekday_names(cal: WorkingCalendar) -> None:
    got = by_day(D(2027, 3, 23), cal)
    assert got[0].weekday == "Tuesday"
    assert got[3].weekday == "Tuesday"
    assert got[41].weekday == "Monday"
    assert got[111].weekday == "Wednesday"


def test_every_step_has_an_activity_and_unique_day() -> None:
    assert len({s.day for s in STEPS}) == len(STEPS)
    assert all(s.activity.strip() and s.label.strip() for s in STEPS)


# -- day_of_inspection and phase -----------------------------------------------------------------


@pytest.mark.parametrize(("today", "day"), [
    (D(2027, 3, 19), -2),   # Friday before
    (D(2027, 3, 22), -1),
    (D(2027, 3, 23), 0),
    (D(2027, 3, 26), 2),    # Good Friday carries Thursday's number
    (D(2027, 3, 29), 2),    # so does Easter Monday
    (D(2027, 3, 30), 3),
    (D(2027, 4, 10), 11),   # Saturday carries Friday 9 April's number
])
def test_day_of_inspection(cal: WorkingCalendar, today: date, day: int) -> None:
    assert day_of_inspection(D(2027, 3, 23), today, cal) == day


@pytest.mark.parametrize(("day", "expected"), [
    (-5, "before notification"),
    (-1, "before notification"),
    (0, "week one: notification and set-up"),
    (3, "week one: notification and set-up"),
    (4, "week two: local evaluation"),
    (8, "week two: local evaluation"),
    (9, "on site"),
    (12, "on site"),
    (13, "feedback day"),
    (14, "writing the letter"),
    (23, "writing the letter"),
    (24, "factual accuracy check"),
    (33, "factual accuracy check"),
    (34, "finalising the letter"),
    (40, "finalising the letter"),
    (41, "letter sent, awaiting publication"),
    (43, "publication day"),
    (44, "after publication"),
    (111, "after publication"),
])
def test_phase(day: int, expected: str) -> None:
    assert phase(day) == expected


# -- JSON contract -------------------------------------------------------------------------------


def test_to_json_contract(cal: WorkingCalendar) -> None:
    out = to_json(milestones(D(2026, 12, 22), cal))
    json.dumps(out)  # must be plain JSON types
    rows = out["milestones"]
    assert [r["day"] for r in rows] == GUIDANCE_DAYS + [111]
    row3 = next(r for r in rows if r["day"] == 3)
    assert row3["date"] == "2026-12-29"
    assert row3["label"] == "Week one Friday"
    assert row3["weekday"] == "Tuesday"
    assert row3["label_matches"] is False
    assert isinstance(row3["activity"], str) and row3["activity"]
    assert next(r for r in rows if r["day"] == 111)["date"] == "2027-06-04"


def test_no_textual_import() -> None:
    code = ("import sys, fieldwork.workdays, fieldwork.timeline; "
            "sys.exit(1 if 'textual' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- para 9, 12, 27, 35, 93, 98: warnings, events, day 43, the letter's real sending day -------------

from fieldwork.timeline import EVENTS, warnings  # noqa: E402


def test_para_12_a_tuesday_notification_in_a_plain_period_gives_no_warning(cal: WorkingCalendar) -> None:
    assert warnings(D(2027, 6, 8), cal) == []


def test_para_12_monday_7_december_2026_names_the_days_that_move_and_the_broken_week(cal: WorkingCalendar) -> None:
    moved, broken = warnings(D(2026, 12, 7), cal)
    assert moved.startswith("Notification is on a Monday, not the Tuesday the guidance plans for (para 9, 12)")
    assert "day 9, the team arrives on site, is Friday 18 December 2026 (usually a Monday)" in moved
    assert "day 12, evidence closes at 3.00pm and the findings meeting, is Wednesday 23 December 2026" in moved
    assert "day 13, the feedback meeting, is Thursday 24 December 2026 (usually a Friday)" in moved
    assert broken.startswith("The on-site week (days 9-13, Friday 18 December 2026 to Thursday 24 December 2026)")
    assert "Saturday 19 December 2026, Sunday 20 December 2026" in broken


def test_para_9_a_tuesday_before_easter_warns_of_the_bank_holidays_in_the_on_site_week(cal: WorkingCalendar) -> None:
    # Tuesday 9 March 2027: days 9-12 are 22-25 March, then Good Friday, the weekend and Easter
    # Monday, so day 13 is Tuesday 30 March (counted by hand).
    (broken,) = warnings(D(2027, 3, 9), cal)
    assert "days 9-13, Monday 22 March 2027 to Tuesday 30 March 2027" in broken
    assert "Friday 26 March 2027 (Good Friday)" in broken and "Monday 29 March 2027 (Easter Monday)" in broken


def test_para_12_a_weekend_notification_says_so(cal: WorkingCalendar) -> None:
    moved = warnings(D(2027, 6, 5), cal)[0]
    assert "2027-06-05 is not a working day, so day 0 is 2027-06-07" in moved


def test_para_35_27_93_meetings_appear_on_their_days_with_their_paragraph(cal: WorkingCalendar) -> None:
    got = by_day(D(2027, 6, 8), cal)
    assert [p for _, p in got[9].events] == ["27"]
    assert [p for _, p in got[11].events] == ["35"] and got[11].weekday == "Wednesday"
    assert [p for _, p in got[12].events] == ["35", "93"] and got[12].weekday == "Thursday"
    assert [p for _, p in got[13].events] == ["93"]
    assert set(EVENTS) == {9, 11, 12, 13}
    row = next(r for r in to_json(list(got.values()))["milestones"] if r["day"] == 12)
    assert row["events"][0] == {"text": "Keep-in-touch meeting with senior leaders, in the morning", "para": "35"}


def test_para_9_day_43_label_is_explained(cal: WorkingCalendar) -> None:
    day43 = by_day(D(2027, 6, 8), cal)[43]
    assert "day 41 is a Wednesday and two working days later is a Friday" in day43.note


def test_para_98_the_statement_of_action_counts_from_the_day_the_letter_was_sent(cal: WorkingCalendar) -> None:
    planned = by_day(D(2027, 6, 8), cal)[111]
    sent = {m.label: m for m in milestones(D(2027, 6, 8), cal, letter_sent=D(2027, 8, 9))}
    (actual,) = [m for m in sent.values() if "sent on 2027-08-09" in m.label]
    assert cal.working_days_between(D(2027, 8, 9), actual.date) == 70
    assert actual.date > planned.date and actual.day > 111


def test_para_9_timeline_json_lists_warnings_and_records_the_letter_sent(cli, inspection) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("timeline", "--json").out)
    assert data["warnings"] == [] and data["letter_sent"] == ""  # notified Tuesday 10 November 2026
    result = cli("timeline", "--letter-sent", "2026-12-01", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["letter_sent"] == "2026-12-01"
    assert any("sent on 2026-12-01" in m["label"] for m in data["milestones"])
    assert cli("timeline", "--letter-sent", "2099-01-01").code == 1
