"""Criteria the lead adds during an inspection or audit, for a local issue no shipped pack covers.

Each is a record of kind "criterion" ({code, strand, label, prompt}), so it reaches every laptop
by sync and `Workspace.framework` folds it in beside the packs' own criteria.

Codes must never collide once laptops sync: Framework refuses two criteria with one code, and that
would stop every laptop holding both. Counting "C 01, C 02..." on each laptop would collide as soon
as two of them added one offline, so the letters carry the author: the custom pack's "C" followed
by the lead's initials ("CAB 01" for AB), numbered on from the highest code with those letters this
laptop knows. Two leads with the same initials, or one lead adding on two laptops before syncing,
could still collide; a clash this laptop can see is refused plainly before anything is written.
"""

from __future__ import annotations

import re
from typing import Any

from fieldwork import records as rec
from fieldwork.audit import ascii_letters, initials
from fieldwork.errors import AccessDenied, ValidationError
from fieldwork.frameworks import Criterion, load_pack, shipped_packs
from store.record import Record
from store.workspace import Change, Workspace

CUSTOM_PACK = "custom"
_CODE = re.compile(r"([A-Z]+) ([0-9]+)")


def letters_for(name: str) -> str:
    """The code letters for criteria added by an author of this display name."""
    prefix = load_pack(CUSTOM_PACK).code_prefix or "C"
    letters = prefix + ascii_letters(initials(name))[:3]
    taken = {p.code_prefix for p in shipped_packs() if p.code_prefix and p.id != CUSTOM_PACK}
    # "C" + "SA" would read as the child sexual abuse theme's "CSA"; doubling the C keeps the codes
    # apart from every shipped prefix while still starting with the custom pack's letter.
    return prefix + letters if letters in taken else letters


def next_code(ws: Workspace, letters: str) -> str:
    numbers = [int(m.group(2)) for c in ws.framework.criteria
               if (m := _CODE.fullmatch(c.code)) and m.group(1) == letters]
    return f"{letters} {max(numbers, default=0) + 1:02d}"


def add(ws: Workspace, *, label: str, strand: str, prompt: str | None = None,
        confirm_no_names: bool = False) -> Record:
    """Add a criterion (lead only); returns the new criterion record."""
    from fieldwork import free_text

    words = ws.framework.vocabulary
    if not ws.is_lead:
        raise AccessDenied(f"Only the {words['lead']} can add criteria.")
    clean_label = rec.clean_text(label, "criterion's label", limit=300)
    clean_prompt = rec.clean_text(prompt, "criterion's prompt", required=False, limit=600) or None
    chosen = _strand(ws, strand)
    free_text.guard("criterion", {"label": clean_label, "prompt": clean_prompt}, confirmed=confirm_no_names)
    code = next_code(ws, letters_for(ws.me.get("name", "")))
    if ws.framework.get(code) is not None:
        raise ValidationError(f"The criterion code {code} is already in use on this laptop. Nothing was saved.")
    payload: dict[str, Any] = {"code": code, "strand": chosen, "label": clean_label, "prompt": clean_prompt}
    changes = [Change("criterion", payload)]
    packs = list(ws.inspection.get("packs", []))
    if chosen == CUSTOM_PACK and CUSTOM_PACK not in packs:
        # The "custom" strand is declared by the custom pack; adding the pack to the inspection in the
        # same transaction means the criterion always arrives with the strand it names.
        changes.insert(0, Change("inspection", {**ws.inspection, "packs": [*packs, CUSTOM_PACK]},
                                 record=ws.inspection_id))
    made = ws.write(changes)
    return ws.require(made[-1].record, "criterion")


def _strand(ws: Workspace, value: str) -> str:
    text = value.strip().lower()
    strands = [s.id for s in ws.framework.strands]
    if text in strands:
        return text
    custom_strands = [s.id for s in load_pack(CUSTOM_PACK).strands]
    if text in custom_strands:
        return text
    noun = ws.framework.vocabulary["inspection"]
    raise ValidationError(f"Unknown strand '{value.strip()}': this {noun}'s strands are "
                          f"{', '.join([*strands, *(s for s in custom_strands if s not in strands)])}.")


def criterion_json(criterion: Criterion) -> dict[str, Any]:
    return {"code": criterion.code, "strand": criterion.strand, "label": criterion.label,
            "prompt": criterion.prompt, "pack": criterion.pack, "official": criterion.official,
            "status": criterion.status, "wording": criterion.full}
