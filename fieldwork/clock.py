"""Hybrid logical clock stamps.

Half the laptops in a findings meeting have the wrong time. A stamp is the wall clock in
milliseconds joined with a counter, and a store never issues a stamp lower than one it has seen
(up to a month past its own wall clock: a far-future stamp cannot drag it), so "when" reads
sensibly even across skewed clocks. Stamps are for display and ordering history; nothing about
which version wins a conflict depends on them.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int

    def encode(self) -> str:
        return f"{self.wall_ms:015d}-{self.counter:06d}"

    @staticmethod
    def parse(text: str) -> "Stamp":
        wall, _, counter = text.partition("-")
        if len(wall) != 15 or len(counter) != 6 or not wall.isdigit() or not counter.isdigit():
            raise ValueError(f"not a clock stamp: {text!r}")
        return Stamp(int(wall), int(counter))

    def to_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.wall_ms / 1000, tz=timezone.utc)

    def iso(self) -> str:
        return self.to_datetime().isoformat(timespec="seconds")


ZERO = Stamp(0, 0)


@functools.lru_cache(maxsize=8192)
def _iso_second(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")


def iso_of(text: str) -> str:
    """`Stamp.parse(text).iso()`, at a fraction of the cost: unlock turns two stamps a record
    into times, and records written in the same second share the conversion."""
    if len(text) == 22 and text[15] == "-" and text[:15].isdigit() and text[16:].isdigit():
        return _iso_second(int(text[:12]))  # the first 12 of the 15 millisecond digits: seconds
    return Stamp.parse(text).iso()  # malformed: raises as parse does


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


# How far past its own wall clock a received stamp may carry a laptop's clock. A teammate whose
# laptop is wrong by a day, a week or a time zone still moves mine along with theirs, so my later
# stamps read after theirs; a stamp years ahead (a broken or hostile clock) moves it no further
# than this, so it cannot drag every later local write with it.
MAX_AHEAD_MS = 31 * 24 * 3600 * 1000
MAX_COUNTER = 999_999  # a stamp's counter has six digits


def _after(stamp: Stamp) -> Stamp:
    """The least stamp above `stamp` that still encodes in its fixed width."""
    if stamp.counter >= MAX_COUNTER:
        return Stamp(stamp.wall_ms + 1, 0)
    return Stamp(stamp.wall_ms, stamp.counter + 1)


class HybridClock:
    def __init__(self, last: Stamp = ZERO, now: Callable[[], int] = wall_ms) -> None:
        self.last = last
        self._now = now

    def tick(self, above: Stamp = ZERO) -> Stamp:
        """The next local stamp; also above `above` (an edit's parents, which its stamp must
        follow). Above a parent the clock itself is not moved, so one far-future version makes
        only its own record's edits carry far-future stamps, never every later write."""
        physical = self._now()
        if physical > self.last.wall_ms:
            self.last = Stamp(physical, 0)
        else:
            self.last = _after(self.last)
        return self.last if self.last > above else _after(above)

    def observe(self, seen: Stamp) -> None:
        """Never issue a stamp lower than one received from another laptop, up to MAX_AHEAD_MS
        past the wall clock. Bounded by this laptop's wall clock, so what it judges or orders
        never depends on it: only the stamps it issues next."""
        ceiling = Stamp(self._now() + MAX_AHEAD_MS, 0)
        reach = min(seen, ceiling)
        if reach > self.last:
            self.last = reach
