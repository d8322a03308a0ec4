"""Word-level differences between two versions of a text (conflicts and merging)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fieldwork.word_diff import Piece, diff, differing

BASE = "Strategy discussions were timely and well attended."


def test_an_addition_and_a_change_come_back_as_passages() -> None:
    mine = BASE + " Oversight was clear."
    theirs = "Strategy discussions were prompt and well attended. The plan drifted."
    assert differing(mine, theirs) == [
        Piece(False, "timely", "prompt"),
        Piece(False, "Oversight was clear.", "The plan drifted."),
    ]


def test_spacing_alone_is_not_a_difference() -> None:
    assert differing(BASE, BASE.replace(" ", "\n  ")) == []


words = st.lists(st.sampled_from(["the", "plan", "was", "timely", "not", "reviewed", "CR-104233", "."]), max_size=12)


@given(words, words)
def test_either_side_is_rebuilt_from_the_pieces(a: list[str], b: list[str]) -> None:
    pieces = diff(" ".join(a), " ".join(b))
    assert " ".join(p.mine for p in pieces if p.mine).split() == a
    assert " ".join((p.mine if p.same else p.theirs) for p in pieces if (p.mine if p.same else p.theirs)).split() == b
