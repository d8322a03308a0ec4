"""Working-day arithmetic. Every expected date here was worked out by hand from a printed calendar
and the published England and Wales bank holidays, never by running the code under test:

2026: Fri 25 Dec Christmas, Sat 26 Dec Boxing Day -> Mon 28 Dec substitute.
2027: Fri 1 Jan, Fri 26 Mar Good Friday, Mon 29 Mar Easter Monday, Mon 3 May, Mon 31 May,
      Mon 30 Aug, then Mon 27 and Tue 28 Dec substitutes for a weekend Christmas.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest

from fieldwork.workdays import LOCAL_CLOSURE, WorkingCalendar, is_late

D = date


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


# -- is_working_day / holiday_name ------------------------------------------------------------


@pytest.mark.parametrize(("day", "working"), [
    (D(2026, 12, 24), True),    # Thursday before Christmas
    (D(2026, 12, 25), False),   # Christmas Day, Friday
    (D(2026, 12, 26), False),   # Saturday
    (D(2026, 12, 28), False),   # Boxing Day substitute, Monday
    (D(2026, 12, 29), True),
    (D(2027, 1, 1), False),     # New Year's Day, Friday
    (D(2027, 1, 4), True),
    (D(2027, 3, 26), False),    # Good Friday
    (D(2027, 3, 29), False),    # Easter Monday
    (D(2027, 3, 30), True),
    (D(2027, 5, 3), False),     # early May
    (D(2027, 5, 31), False),    # late May (spring) bank holiday
    (D(2027, 6, 1), True),
    (D(2027, 8, 30), False),    # summer bank holiday
    (D(2027, 12, 27), False),   # Christmas Day substitute
    (D(2027, 12, 28), False),   # Boxing Day substitute
    (D(2027, 12, 29), True),
    (D(2027, 6, 12), False),    # plain Saturday
    (D(2027, 6, 13), False),    # plain Sunday
    (D(2027, 6, 14), True),     # plain Monday
])
def test_is_working_day(cal: WorkingCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_scottish_only_holidays_are_working_days_in_england(cal: WorkingCalendar) -> None:
    # 2 January and St Andrew's Day (Mon 30 Nov 2026) are Scottish bank holidays only.
    assert cal.is_working_day(D(2026, 11, 30))
    assert cal.is_working_day(D(2028, 1, 4))


def test_holiday_names(cal: WorkingCalendar) -> None:
    assert cal.holiday_name(D(2027, 3, 26)) == "Good Friday"
    assert cal.holiday_name(D(2027, 3, 29)) == "Easter Monday"
    assert "Christmas" in (cal.holiday_name(D(2026, 12, 25)) or "")
    assert "Boxing" in (cal.holiday_name(D(2026, 12, 28)) or "")
    assert cal.holiday_name(D(2027, 5, 31)) is not None
    assert cal.holiday_name(D(2027, 6, 1)) is None
    assert cal.holiday_name(D(2027, 6, 12)) is None  # a weekend is not a holiday


def test_years_loaded_out_of_order() -> None:
    # Asking about a late year first must not leave the years before it without holidays.
    fresh = WorkingCalendar()
    assert fresh.is_working_day(D(2030, 6, 3))
    assert not fresh.is_working_day(D(2026, 12, 25))
    assert fresh.working_days_between(D(2026, 12, 24), D(2026, 12, 29)) == 1
    assert not fresh.is_working_day(D(2031, 12, 25))


def test_count_spanning_a_year_never_asked_about() -> None:
    # 2027 is only ever in the middle of the span: 261 weekdays (starts on a Friday) less 8
    # weekday bank holidays (1 Jan, 26 and 29 Mar, 3 and 31 May, 30 Aug, 27 and 28 Dec) = 253;
    # then January 2028 has 21 weekdays less the 3 Jan substitute for New Year's Day = 20.
    fresh = WorkingCalendar()
    assert fresh.working_days_between(D(2026, 12, 31), D(2028, 1, 31)) == 273
    assert WorkingCalendar().working_days_between(D(2028, 1, 31), D(2026, 12, 31)) == -273


# -- local closures -----------------------------------------------------------------------------


def test_local_closure_day_is_not_working() -> None:
    closed = WorkingCalendar(closures=[D(2027, 6, 9)])  # a Wednesday
    assert not closed.is_working_day(D(2027, 6, 9))
    assert closed.holiday_name(D(2027, 6, 9)) == LOCAL_CLOSURE
    assert closed.add_working_days(D(2027, 6, 8), 1) == D(2027, 6, 10)
    assert closed.working_days_between(D(2027, 6, 8), D(2027, 6, 11)) == 2
    assert closed.day_number(D(2027, 6, 8), D(2027, 6, 9)) == 0
    # The same dates on a calendar without the closure.
    plain = WorkingCalendar()
    assert plain.is_working_day(D(2027, 6, 9))
    assert plain.add_working_days(D(2027, 6, 8), 1) == D(2027, 6, 9)
    assert plain.working_days_between(D(2027, 6, 8), D(2027, 6, 11)) == 3


def test_closure_on_weekend_or_bank_holiday_changes_nothing() -> None:
    closed = WorkingCalendar(closures=[D(2027, 6, 12), D(2027, 5, 31)])
    assert closed.working_days_between(D(2027, 5, 28), D(2027, 6, 14)) == 10
    assert closed.holiday_name(D(2027, 6, 12)) == LOCAL_CLOSURE
    # A bank holiday keeps its own name even if also listed as a closure.
    assert closed.holiday_name(D(2027, 5, 31)) not in (None, LOCAL_CLOSURE)


def test_several_closures_and_a_far_year() -> None:
    closed = WorkingCalendar(closures=[D(2027, 6, 9), D(2027, 6, 10), D(2031, 3, 5)])
    assert closed.add_working_days(D(2027, 6, 8), 1) == D(2027, 6, 11)
    assert not closed.is_working_day(D(2031, 3, 5))
    assert closed.working_days_between(D(2031, 3, 4), D(2031, 3, 6)) == 1


# -- add_working_days ----------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2026, 12, 22), 3, D(2026, 12, 29)),   # over Christmas and the Boxing Day substitute
    (D(2026, 12, 24), 1, D(2026, 12, 29)),
    (D(2026, 12, 31), 1, D(2027, 1, 4)),     # over New Year's Day and a weekend
    (D(2027, 3, 25), 1, D(2027, 3, 30)),     # over Easter
    (D(2027, 5, 28), 1, D(2027, 6, 1)),      # over the late-May bank holiday
    (D(2027, 6, 7), 5, D(2027, 6, 14)),      # a plain week
    (D(2027, 6, 11), 1, D(2027, 6, 14)),     # Friday to Monday
    # zero: a working day stays put
    (D(2027, 6, 8), 0, D(2027, 6, 8)),
    # negative
    (D(2026, 12, 29), -1, D(2026, 12, 24)),
    (D(2027, 1, 6), -5, D(2026, 12, 29)),
    (D(2027, 3, 30), -1, D(2027, 3, 25)),
    (D(2027, 6, 14), -1, D(2027, 6, 11)),
])
def test_add_working_days(cal: WorkingCalendar, start: date, n: int, expected: date) -> None:
    assert cal.add_working_days(start, n) == expected


@pytest.mark.parametrize(("start", "n", "expected"), [
    # A non-working start rolls forward to the next working day, then counts from there.
    (D(2026, 12, 26), 0, D(2026, 12, 29)),   # Saturday of Christmas -> Tuesday
    (D(2026, 12, 25), 0, D(2026, 12, 29)),
    (D(2027, 6, 12), 0, D(2027, 6, 14)),     # Saturday -> Monday
    (D(2027, 6, 12), 1, D(2027, 6, 15)),
    (D(2027, 6, 12), -1, D(2027, 6, 11)),
    (D(2027, 3, 26), -1, D(2027, 3, 25)),    # Good Friday back one -> Maundy Thursday
])
def test_add_from_a_non_working_day(cal: WorkingCalendar, start: date, n: int,
                                    expected: date) -> None:
    assert cal.add_working_days(start, n) == expected


def test_add_accepts_datetime(cal: WorkingCalendar) -> None:
    assert cal.add_working_days(datetime(2027, 3, 25, 16, 0), 1) == D(2027, 3, 30)


# -- working_days_between ------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "expected"), [
    (D(2027, 6, 8), D(2027, 6, 8), 0),
    (D(2027, 6, 7), D(2027, 6, 11), 4),
    (D(2027, 6, 11), D(2027, 6, 14), 1),      # Friday to Monday
    (D(2027, 6, 12), D(2027, 6, 13), 0),      # Saturday to Sunday
    (D(2027, 6, 12), D(2027, 6, 14), 1),      # Saturday to Monday counts Monday
    (D(2026, 12, 24), D(2026, 12, 29), 1),    # over Christmas
    (D(2026, 12, 29), D(2026, 12, 24), -1),
    (D(2026, 12, 25), D(2026, 12, 29), 1),    # from a bank holiday: only Tue 29 counts
    (D(2026, 12, 29), D(2026, 12, 25), -1),
    (D(2026, 12, 24), D(2026, 12, 28), 0),    # to a bank holiday
    (D(2027, 3, 25), D(2027, 3, 31), 2),      # over Easter
    (D(2027, 3, 31), D(2027, 3, 25), -2),
    (D(2026, 12, 22), D(2027, 2, 22), 41),    # see the timeline tests' Christmas table
    # All of 2026: 261 weekdays (starts on a Thursday, 52 weeks and a day) less 8 weekday
    # bank holidays (1 Jan, 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec).
    (D(2025, 12, 31), D(2026, 12, 31), 253),
    (D(2026, 12, 31), D(2025, 12, 31), -253),
])
def test_working_days_between(cal: WorkingCalendar, a: date, b: date, expected: int) -> None:
    assert cal.working_days_between(a, b) == expected


# -- day_number ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("d", "expected"), [
    (D(2026, 12, 22), 0),
    (D(2026, 12, 23), 1),
    (D(2026, 12, 24), 2),
    (D(2026, 12, 25), 2),    # Christmas carries Thursday's number
    (D(2026, 12, 27), 2),
    (D(2026, 12, 28), 2),
    (D(2026, 12, 29), 3),
    (D(2027, 1, 1), 5),      # New Year's Day carries Thursday 31 Dec's number
    (D(2027, 1, 4), 6),
    (D(2026, 12, 21), -1),   # Monday before: the guidance's day -1
    (D(2026, 12, 20), -2),   # Sunday before carries Friday's number
    (D(2026, 12, 18), -2),
])
def test_day_number(cal: WorkingCalendar, d: date, expected: int) -> None:
    assert cal.day_number(D(2026, 12, 22), d) == expected


def test_day_number_from_a_weekend_notification(cal: WorkingCalendar) -> None:
    # Notified on Saturday 5 June 2027: day 0 is Monday 7 June (add_working_days' roll forward).
    assert cal.day_number(D(2027, 6, 5), D(2027, 6, 7)) == 0
    assert cal.day_number(D(2027, 6, 5), D(2027, 6, 8)) == 1
    assert cal.day_number(D(2027, 6, 5), D(2027, 6, 4)) == -1


# -- is_late (para 78) ---------------------------------------------------------------------------


@pytest.mark.parametrize(("evidence", "recorded", "late"), [
    (D(2027, 6, 7), D(2027, 6, 7), False),     # same day
    (D(2027, 6, 7), D(2027, 6, 9), False),     # Monday -> Wednesday: exactly two
    (D(2027, 6, 7), D(2027, 6, 10), True),     # Monday -> Thursday: three
    (D(2027, 6, 10), D(2027, 6, 14), False),   # Thursday -> Monday over a weekend: two
    (D(2027, 6, 10), D(2027, 6, 15), True),    # Thursday -> Tuesday: three
    (D(2027, 3, 25), D(2027, 3, 31), False),   # over Easter: Tue 30, Wed 31 -> two
    (D(2027, 3, 25), D(2027, 4, 1), True),     # three
    (D(2027, 5, 27), D(2027, 6, 1), False),    # Thu -> Tue over late May: Fri 28, Tue 1 -> two
    (D(2027, 5, 27), D(2027, 6, 2), True),
    (D(2027, 6, 12), D(2027, 6, 15), False),   # evidence on a Saturday: Mon, Tue -> two
    (D(2027, 6, 12), D(2027, 6, 16), True),
    (D(2027, 6, 9), D(2027, 6, 7), False),     # recorded before the evidence date
    (D(2027, 3, 26), D(2027, 3, 31), False),   # evidence on Good Friday: Tue, Wed -> two
    (D(2027, 3, 26), D(2027, 4, 1), True),
])
def test_is_late(cal: WorkingCalendar, evidence: date, recorded: date, late: bool) -> None:
    assert is_late(evidence, recorded, cal) is late


def test_is_late_with_datetimes(cal: WorkingCalendar) -> None:
    # Hours are ignored: late evening evidence recorded early two working days on is on time.
    assert not is_late(datetime(2027, 6, 7, 23, 59), datetime(2027, 6, 9, 0, 1), cal)
    assert is_late(datetime(2027, 6, 7, 8, 0), datetime(2027, 6, 10, 0, 1), cal)
    assert not is_late(D(2027, 6, 7), datetime(2027, 6, 9, 17, 30), cal)


def test_is_late_counts_local_closures() -> None:
    closed = WorkingCalendar(closures=[D(2027, 6, 9)])
    assert not is_late(D(2027, 6, 7), D(2027, 6, 10), closed)
    assert is_late(D(2027, 6, 7), D(2027, 6, 11), closed)


def test_is_late_allowance(cal: WorkingCalendar) -> None:
    assert not is_late(D(2027, 6, 7), D(2027, 6, 7), cal, allowance=0)
    assert is_late(D(2027, 6, 7), D(2027, 6, 8), cal, allowance=0)
    assert not is_late(D(2027, 6, 7), D(2027, 6, 10), cal, allowance=3)
    assert is_late(D(2027, 6, 7), D(2027, 6, 11), cal, allowance=3)


def test_is_late_is_fast_enough_for_filtering() -> None:
    # The SEA filter calls is_late once per entry per keystroke at 10,000 entries (budget 30 ms
    # for the whole filter); a per-call holiday lookup would take seconds.
    fresh = WorkingCalendar()
    first = D(2027, 1, 4)
    pairs = [(first + timedelta(days=i % 300), first + timedelta(days=i % 300 + i % 5))
             for i in range(10_000)]
    fresh.is_working_day(D(2027, 1, 4))  # first use loads the year; not part of the budget
    started = time.perf_counter()
    late = sum(is_late(e, r, fresh) for e, r in pairs)
    elapsed = time.perf_counter() - started
    assert 0 < late < 10_000
    assert elapsed < 0.25, f"10,000 is_late calls took {elapsed * 1000:.0f} ms"
