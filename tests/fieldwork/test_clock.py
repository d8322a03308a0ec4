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
