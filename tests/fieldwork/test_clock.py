"""Clock stamps turned into times: the fast path agrees with the plain one everywhere."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldwork.clock import Stamp, iso_of


@given(st.integers(min_value=0, max_value=253_402_300_799_999), st.integers(min_value=0, max_value=10**6 - 1))
def test_iso_of_says_what_parse_then_iso_says(wall: int, counter: int) -> None:
    text = Stamp(wall, counter).encode()  # up to the last second of year 9999, as datetime goes
    assert iso_of(text) == Stamp.parse(text).iso()


def test_iso_of_refuses_what_parse_refuses() -> None:
    for bad in ("", "12-3", "000000000000001-00000x", "00000000000000a-000001"):
        with pytest.raises(ValueError):
            iso_of(bad)


# --- a received stamp cannot drag the clock -------------------------------------------------------

from fieldwork.clock import MAX_AHEAD_MS, HybridClock  # noqa: E402

NOW = 1_796_000_000_000  # 2026-11-30


def test_a_far_future_stamp_moves_the_clock_no_further_than_the_bound() -> None:
    clock = HybridClock(now=lambda: NOW)
    clock.observe(Stamp(1_924_992_000_000, 0))  # 2031
    stamp = clock.tick()
    assert NOW < stamp.wall_ms <= NOW + MAX_AHEAD_MS
    # Every later write stays within the bound too: the 2031 stamp did not stick.
    assert all(clock.tick().wall_ms <= NOW + MAX_AHEAD_MS for _ in range(1000))


def test_a_teammate_a_few_days_ahead_still_moves_my_clock_past_theirs() -> None:
    clock = HybridClock(now=lambda: NOW)
    theirs = Stamp(NOW + 3 * 24 * 3600 * 1000, 7)
    clock.observe(theirs)
    assert clock.tick() > theirs


def test_observing_never_moves_the_clock_back() -> None:
    clock = HybridClock(Stamp(NOW + 1000, 5), now=lambda: NOW)
    clock.observe(Stamp(NOW, 0))
    assert clock.tick() > Stamp(NOW + 1000, 5)


@given(
    st.integers(min_value=0, max_value=10**15 - 1),
    st.integers(min_value=0, max_value=999_999),
    st.integers(min_value=1_577_836_800_000, max_value=4_102_444_799_999),
)
def test_ticks_rise_stay_well_formed_and_follow_a_parent(wall: int, counter: int, now: int) -> None:
    clock = HybridClock(now=lambda: now)
    clock.observe(Stamp(wall, counter))
    parent = Stamp(wall, counter)
    first = clock.tick(above=parent)
    second = clock.tick()
    assert first > parent
    # Past what it observed, up to the bound, and never behind its own wall clock ...
    assert second > min(parent, Stamp(now + MAX_AHEAD_MS, 0)) and second.wall_ms >= now
    # ... and a tick above a far parent does not carry the clock there.
    assert second.wall_ms <= max(now, min(wall, now + MAX_AHEAD_MS)) + 1
    assert Stamp.parse(first.encode()) == first and Stamp.parse(second.encode()) == second


def test_the_counter_rolls_into_the_next_millisecond_instead_of_growing_a_digit() -> None:
    clock = HybridClock(Stamp(NOW, 999_999), now=lambda: NOW)
    stamp = clock.tick()
    assert stamp == Stamp(NOW + 1, 0) and len(stamp.encode()) == 22
    assert clock.tick(above=Stamp(NOW + 50, 999_999)) == Stamp(NOW + 51, 0)
