"""What a record of each kind must look like: checked before any version is applied.

A version can be signed by a certified member and still be unusable: a field of the wrong type, a
date that is not a date, an unknown state. Applied, such a version used to stop every verb and
screen on every laptop that synced it. So every payload is checked here first, on local write, on
import (a failure is quarantined with its reason, like a forgery) and, for what is shown, on open.

The answer depends only on the version itself, so every laptop refuses the same ones.
"""

from __future__ import annotations

from typing import Any


def problem(kind: str, op: str, payload: Any) -> str | None:
    """Why this payload cannot be a version of `kind`, in a few plain words; None if it can."""
    if op == "delete":
        return None if payload in ({}, None) else "a deletion carries no record"
    if not isinstance(payload, dict):
        return f"its {kind} record is not a record"
    return None
