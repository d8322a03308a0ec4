"""A record as the app sees it, kept apart from the projection so reading one costs no SQL imports.

The workspace holds these in a dict and the screens read them directly; only the SQL projection
(store/projection.py, built on first use) needs SQLModel, whose import alone is most of a second
on a slow laptop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Record:
    """A record's winning payload and where it stands."""

    id: str
    kind: str
    payload: dict[str, Any]
    version: str  # the winning head
    heads: tuple[str, ...]
    deleted: bool
    author: str  # inspector id of whoever created the record
    created: str  # ISO time of the first version
    updated: str  # ISO time of the winning version
    updated_by: str

    @property
    def conflicted(self) -> bool:
        return len(self.heads) > 1
