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


def test_a_rewritten_sentence_comes_back_whole_not_cut_at_shared_words() -> None:
    mine = "Records were brief. However, the plan was not reviewed when circumstances changed."
    theirs = "Records were brief. The manager's oversight of this decision was recorded the same day."
    assert differing(mine, theirs) == [Piece(
        False, "However, the plan was not reviewed when circumstances changed.",
        "The manager's oversight of this decision was recorded the same day.")]


@given(words, words)
def test_passages_keep_every_word_of_mine_that_differs(a: list[str], b: list[str]) -> None:
    joined = " ".join(p.mine for p in differing(" ".join(a), " ".join(b)))
    for piece in diff(" ".join(a), " ".join(b)):
        if not piece.same and piece.mine:
            assert piece.mine in joined
