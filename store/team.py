"""The inspection team: finding an inspector by what a person types."""

from __future__ import annotations

from fieldwork.errors import ValidationError
from store.workspace import Workspace


def resolve_inspector(ws: Workspace, text: str) -> str:
    """An inspector by id, id prefix, or display name/initials (case-insensitive)."""
    wanted = text.strip()
    team = ws.records("inspector")
    for record in team:
        if record.id == wanted or (len(wanted) >= 6 and record.id.startswith(wanted)):
            return record.id
    matches = [r for r in team if r.payload.get("name", "").lower() == wanted.lower()]
    if len(matches) == 1:
        return matches[0].id
    if len(matches) > 1:
        raise ValidationError(f"{len(matches)} inspectors are called '{wanted}': use the id instead.")
    raise ValidationError(f"No inspector '{wanted}' on this inspection's team.")
