"""The one shape every live text check reports in, so the editor can underline, list and gate
saving on flags without knowing which check raised them."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds in use now; "late", "missing-source" and "missing-date" will join them. Kept as plain
# strings (not an Enum) so a check added later needs no change here and flags stay easy to store.
NAME = "name"
DESCRIPTIVE = "descriptive"


@dataclass(frozen=True)
class Flag:
    """One thing a check noticed in a piece of free text.

    `message` is plain English for the inspector. It may quote `word` (the suspicious word the
    inspector typed) but never any other part of the text, because messages can end up in logs
    and error reports that must not carry case detail. `start`/`end` are a character span into the
    checked text, or None when the flag is about the text as a whole. `blocking` means saving needs
    an explicit confirmation ("this is not a name"), not merely that the flag was seen.
    """

    kind: str
    message: str
    start: int | None = None
    end: int | None = None
    word: str | None = None
    blocking: bool = False
