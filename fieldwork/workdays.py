"""Working-day arithmetic for the inspection timeline (JTAI guidance para 9) and SEA timeliness
(para 78).

A working day is a weekday that is neither an England and Wales bank holiday nor one of the local
closure days the inspection was given. Bank holidays come from the `holidays` package rather than
a hand-kept table, which would silently go stale each year: for 2015-2040 through a table
generated from it (fieldwork/bank_holidays_ew.py, checked against the package by the test suite),
because importing the package costs about 150 ms of the app's start; other years ask it directly.

Counting is done on proleptic ordinals with a closed-form weekday count and a sorted list of the
weekday non-working days, so `working_days_between` (and so `is_late`, run for every SEA entry
while the list is filtered) costs two bisections, whatever the span.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from datetime import date, datetime

from fieldwork import bank_holidays_ew

__all__ = ["LOCAL_CLOSURE", "WorkingCalendar", "is_late"]

#: The name `holiday_name` gives a local closure day that is not also a bank holiday.
LOCAL_CLOSURE = "Local closure"


@functools.lru_cache(maxsize=None)
def _bank_holidays(year: int) -> tuple[tuple[int, str], ...]:
    """(ordinal, name) of every England and Wales bank holiday in `year`.

    Cached per process, not per calendar: building a `holidays` table is far slower than the
    arithmetic it feeds, and every calendar in the app wants the same years."""
    if bank_holidays_ew.FIRST <= year <= bank_holidays_ew.LAST:
        return tuple((date.fromisoformat(iso).toordinal(), name) for iso, name in bank_holidays_ew.TABLE[year])
    return tuple(sorted((d.toordinal(), name) for d, name in _from_package(year).items()))


def _from_package(year: int) -> dict[date, str]:
    import holidays  # ~150 ms to import: only for years the generated table does not hold

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def _weekday(ordinal: int) -> int:
    # date(1, 1, 1) -- ordinal 1 -- was a Monday, so Monday is 0 as in date.weekday().
    return (ordinal + 6) % 7


class WorkingCalendar:
    """Weekends, England and Wales bank holidays and local closures are not working days.

    Methods take dates; a datetime is taken as its own calendar date.

    Bank holidays are loaded lazily as dates are asked about, one contiguous span of years at a
    time (so any count between two loaded dates has every holiday in between).
    """

    __slots__ = ("_closures", "_names", "_off", "_off_sorted", "_first_year", "_last_year",
                 "_first_ordinal", "_last_ordinal")

    def __init__(self, closures: Iterable[date] = ()) -> None:
        self._closures: frozenset[int] = frozenset(d.toordinal() for d in closures)
        self._names: dict[int, str] = {}
        # Only weekday closures and weekday holidays need recording: weekends are already off.
        self._off: set[int] = {o for o in self._closures if _weekday(o) < 5}
        self._off_sorted: list[int] = sorted(self._off)
        self._first_year = 0
        self._last_year = -1
        # Ordinal bounds of the loaded years, so hot paths compare ints instead of making dates.
        self._first_ordinal = 0
        self._last_ordinal = -1

    @property
    def closures(self) -> frozenset[date]:
        """The local closure days this calendar was given."""
        return frozenset(date.fromordinal(o) for o in self._closures)

    # -- loading -------------------------------------------------------------------------------

    def _cover(self, ordinal: int) -> None:
        if self._first_ordinal <= ordinal <= self._last_ordinal:
            return
        year = date.fromordinal(ordinal).year
        if self._last_year < self._first_year:
            first, last = year, year
        else:
            first, last = min(year, self._first_year), max(year, self._last_year)
        for y in range(first, last + 1):
            if self._first_year <= y <= self._last_year:
                continue
            for o, name in _bank_holidays(y):
                self._names[o] = name
                if _weekday(o) < 5:
                    self._off.add(o)
        self._first_year, self._last_year = first, last
        self._first_ordinal = date(first, 1, 1).toordinal()
        self._last_ordinal = date(last, 12, 31).toordinal()
        self._off_sorted = sorted(self._off)

    def _working(self, ordinal: int) -> bool:
        if _weekday(ordinal) >= 5:
            return False
        self._cover(ordinal)
        return ordinal not in self._off

    # -- queries -------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        return self._working(d.toordinal())

    def holiday_name(self, d: date) -> str | None:
        """The bank holiday's name (including one falling on a weekend, and the '(observed)'
        substitute day), or `LOCAL_CLOSURE` for a local closure day; None otherwise."""
        o = d.toordinal()
        self._cover(o)
        name = self._names.get(o)
        if name is None and o in self._closures:
            return LOCAL_CLOSURE
        return name

    def add_working_days(self, d: date, n: int) -> date:
        """The date `n` working days after `d` (before it when `n` is negative).

        A non-working `d` is first rolled forward to the next working day, and the count starts
        there (numpy's `busday_offset(roll="forward")` convention): so adding 0 to a Saturday gives
        Monday, adding 1 gives Tuesday and adding -1 gives the Friday before. That keeps the
        result strictly increasing in `n` and makes day 0 of an inspection notified on a
        non-working day its next working day.
        """
        o = d.toordinal()
        while not self._working(o):
            o += 1
        step = 1 if n > 0 else -1
        remaining = abs(n)
        while remaining:
            o += step
            if self._working(o):
                remaining -= 1
        return date.fromordinal(o)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b`; negative (the count after `b` up to
        and including `a`) when `b` is before `a`; 0 when they are equal.

        For a working day `a`, `add_working_days(a, working_days_between(a, b)) == b` for every
        working day `b`."""
        # Working days up to an ordinal = weekdays up to it - weekday closures/holidays up to it.
        # Every 7-day block counted from ordinal 1 starts on a Monday, so a part-block's first five
        # days are its weekdays. Kept inline because this is all of is_late's cost, and is_late
        # runs once per SEA entry on every filter keystroke.
        oa = a.toordinal()
        ob = b.toordinal()
        if not self._first_ordinal <= oa <= self._last_ordinal:
            self._cover(oa)
        if not self._first_ordinal <= ob <= self._last_ordinal:
            self._cover(ob)
        weeks_a, rest_a = divmod(oa, 7)
        weeks_b, rest_b = divmod(ob, 7)
        off = self._off_sorted
        return (5 * (weeks_b - weeks_a) + min(rest_b, 5) - min(rest_a, 5)
                - bisect.bisect_right(off, ob) + bisect.bisect_right(off, oa))

    def day_number(self, notified: date, d: date) -> int:
        """The inspection's working-day number of `d`, the notification being day 0 (para 9).

        A weekend, bank holiday or closure gets the number of the last working day before it: for
        a Tuesday notification the Saturday after is day 3 and the Monday before is day -1."""
        day0 = self.add_working_days(notified, 0)
        return self.working_days_between(day0, d)


def is_late(evidence_at: date | datetime, recorded_at: date | datetime,
            calendar: WorkingCalendar, allowance: int = 2) -> bool:
    """Whether an SEA entry was recorded more than `allowance` working days after its evidence
    was collected (para 78: "within two days of collecting the evidence").

    Only calendar dates matter: a datetime is reduced to its own date, so convert to local time
    first. Exactly `allowance` working days later is on time; a recording dated before its
    evidence is not late."""
    # A datetime's toordinal() is its date's, so no conversion is needed on this hot path.
    return calendar.working_days_between(evidence_at, recorded_at) > allowance
