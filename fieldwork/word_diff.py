"""Word-level differences between two versions of a text, for reading a conflict and merging it.

Pure: no storage, no UI. Words are compared with their punctuation attached and runs of spaces
ignored, so a reflowed paragraph is not a difference; what differs comes back as passages.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Piece:
    """A run of words: the same in both texts, or the winner's words (`mine`) against the other's."""

    same: bool
    mine: str
    theirs: str


def words(text: str) -> list[str]:
    return text.split()


def diff(mine: str, theirs: str) -> list[Piece]:
    """`mine` against `theirs` as runs of shared and differing words, in `mine`'s order."""
    a, b = words(mine), words(theirs)
    out: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        ours, other = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        out.append(Piece(op == "equal", ours, other))
    return out


def differing(mine: str, theirs: str, *, bridge: int = 2) -> list[Piece]:
    """Only the passages that differ: what the other version says instead of (or as well as) mine.
    Two differences with no more than `bridge` shared words between them ("the") are one passage:
    a rewritten sentence reads whole, not cut at every word the two happen to share."""
    out: list[Piece] = []
    glue: str | None = None  # a short shared run just after a difference, in case another follows
    for piece in diff(mine, theirs):
        if piece.same:
            glue = piece.mine if out and len(words(piece.mine)) <= bridge else None
            continue
        if glue is not None:
            last = out.pop()
            piece = Piece(False, " ".join(x for x in (last.mine, glue, piece.mine) if x),
                          " ".join(x for x in (last.theirs, glue, piece.theirs) if x))
        out.append(piece)
        glue = None
    return out
