"""How record fields read on screen: inspector ids as initials, vocabularies as words, times local."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from fieldwork import records as rec

if TYPE_CHECKING:
    from store.workspace import Workspace

# Fields whose values are inspector ids.
_PEOPLE = {"allocated", "agreed_by", "referred_by", "author", "lead"}
_WORDS: dict[str, dict[str, str]] = {
    "stage": rec.STAGES,
    "judgement": rec.JUDGEMENTS,
    "source_type": rec.SOURCE_TYPES,
    "inspectorate": rec.INSPECTORATES,
    "role": rec.ROLES,
}
LABELS = {
    "case_ref": "case reference",
    "age_band": "age band",
    "source_type": "source",
    "source_detail": "source detail",
    "evidence_at": "evidence date",
    "recorded_at": "recorded",
    "agreed_by": "agreed by",
    "confirmed_no_names": "no names (confirmed)",
    "probation": "probation / CRC",
}


def label(field: str) -> str:
    return LABELS.get(field, field.replace("_", " "))


def person(ws: "Workspace", inspector_id: str) -> str:
    return ws.inspector_name(inspector_id) or (inspector_id[:8] if inspector_id else "")


def show(ws: "Workspace", field: str, value: Any) -> str:
    """One field's value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if field in _PEOPLE:
        ids = value if isinstance(value, list) else [value]
        return ", ".join(person(ws, str(i)) for i in ids)
    if field in _WORDS and isinstance(value, str):
        return _WORDS[field].get(value, value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def local_time(iso: str) -> str:
    """A stored UTC time as the local day and minute."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%a %-d %b %H:%M")
    except ValueError:
        return iso


def describe(ws: "Workspace", record_id: str) -> str:
    """A short title for any record: a child by case reference, an entry by criteria."""
    record = ws.get(record_id)
    if record is None:
        return record_id[:8]
    p = record.payload
    kind = record.kind
    if kind == "child":
        return f"Child {p.get('case_ref', '')}"
    if kind == "sea":
        words = ws.framework.vocabulary["entry"] if ws.has_inspection else "SEA entry"
        return f"{words[0].upper() + words[1:]} {', '.join(p.get('criteria', []))} · {p.get('evidence_at', '')[:10]}"
    if kind == "inspector":
        return f"Inspector {p.get('name', '')}"
    if kind == "concern":
        return f"Concern {', '.join(p.get('case_refs', []))}".strip()
    if kind == "finding":
        return f"Finding: {str(p.get('text', ''))[:40]}"
    return f"{kind.capitalize()} {record_id[:8]}"
