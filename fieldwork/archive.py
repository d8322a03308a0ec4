"""Para 81 retention: "each inspectorate will retain its inspectors' contemporaneous records ...
Ofsted will retain the SEA on behalf of the inspectorates".

At the end of the inspection an inspector exports their own records (every record they wrote a
version of, each with its full history: who wrote what, when), and the lead exports the SEA. An
export is two files: an encrypted archive that opens with a recovery code made for it (ten words
from the EFF list, about 129 bits: the laptop's keys are destroyed at close, so the archive must
not depend on them), and a readable Word or Markdown copy for the inspectorate's own system.

This module holds what is pure: the recovery code, the archive's header (which says what it is
without the code) and the readable copy's blocks. The sealing itself is the store's.
"""

from __future__ import annotations

import json
import math
import secrets
from typing import Any, Mapping, Sequence

from fieldwork.errors import ValidationError
from fieldwork.letter import Block, Heading, Item, ListBlock, Para, Table
from fieldwork.passphrases import word_list

MAGIC = "fieldwork-archive"
FORMAT = 1
CODE_WORDS = 10
SCOPES: dict[str, str] = {
    "mine": "My contemporaneous records (para 81)",
    "sea": "The SEA, for Ofsted's retention on behalf of the inspectorates (para 81)",
}
KIND_LABELS: dict[str, str] = {
    "sea": "SEA entries", "child": "Children", "concern": "Annex C concerns", "finding": "Findings",
    "meeting": "Meetings", "plan-activity": "Plan activities", "allocation": "Allocations", "consent": "Consent",
    "spoken-with": "Children spoken with", "joint-evaluation": "Joint evaluations", "sufficiency": "Sufficiency marks",
}


def code_bits() -> float:
    return CODE_WORDS * math.log2(len(word_list()))


def new_recovery_code() -> str:
    words = word_list()
    return "-".join(secrets.choice(words) for _ in range(CODE_WORDS))


def normalise_code(text: str) -> str:
    """Spaces or hyphens between the words, any case: the code as it was made."""
    words = [w for w in text.replace("-", " ").lower().split() if w]
    if len(words) != CODE_WORDS:
        raise ValidationError(f"A recovery code is {CODE_WORDS} words; this one has {len(words)}.")
    return "-".join(words)


def header(*, inspection: str, scope: str, exported_by: str, exported_at: str, kdf: Mapping[str, Any]) -> dict[str, Any]:
    """What the archive says in clear: what it is, whose, and how its key is derived. Never the
    area, a case reference or any record's words."""
    return {"magic": MAGIC, "format": FORMAT, "inspection": inspection, "scope": scope,
            "exported_by": exported_by, "exported_at": exported_at, "kdf": dict(kdf)}


def header_bytes(head: Mapping[str, Any]) -> bytes:
    return json.dumps(head, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def parse_header(data: bytes) -> tuple[dict[str, Any], int]:
    """(header, offset of the sealed body); refuses anything that is not a Fieldwork archive."""
    end = data.find(b"\n")
    try:
        head = json.loads(data[:end].decode("ascii")) if end > 0 else None
    except (UnicodeDecodeError, ValueError):
        head = None
    if not isinstance(head, dict) or head.get("magic") != MAGIC:
        raise ValidationError("That file is not a Fieldwork archive.")
    if head.get("format") != FORMAT:
        raise ValidationError(f"That archive is of format {head.get('format')}, which this Fieldwork does not read.")
    return head, end + 1


# --- the readable copy ---------------------------------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def readable(content: Mapping[str, Any]) -> list[Block]:
    """The archive's content as a document: each kind of record, each record's fields and history."""
    inspection = content.get("inspection", {})
    out: list[Block] = [
        Heading(0, f"{SCOPES.get(str(content.get('scope')), 'Records')}"),
        Para(f"{inspection.get('area', '')} · {inspection.get('theme', '')} · notified {inspection.get('notified', '')}"),
        Para(f"Exported by {content.get('exported_by', '')} ({content.get('inspectorate', '')}) at {content.get('exported_at', '')}."),
    ]
    records: Sequence[Mapping[str, Any]] = content.get("records", [])
    kinds: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        kinds.setdefault(str(r.get("kind")), []).append(r)
    if not records:
        out.append(Para("No records.", note=True))
    for kind, items in kinds.items():
        out.append(Heading(1, f"{KIND_LABELS.get(kind, kind)} ({len(items)})"))
        for r in items:
            out.append(Heading(2, f"{kind} {str(r.get('id', ''))[:8]}" + (" (deleted)" if r.get("deleted") else "")))
            payload = r.get("payload") or {}
            rows = tuple((str(k), _value(v)) for k, v in payload.items() if k != "confirmed_no_names" and _value(v))
            if rows:
                out.append(Table(("Field", "Value"), rows))
            out.append(ListBlock(tuple(
                Item(f"{h.get('when', '')} by {h.get('author', '')}: "
                     + ("deleted" if h.get("op") == "delete" else (", ".join(h.get("changed", [])) or "no change")))
                for h in r.get("history", [])
            )))
    return out
