"""The local partnership's joint evaluations of the tracked children (paras 22-24, 53).

The DCS sends one evaluation per tracked child by the end of day 7 (Thursday of week two). The
team records, per child, the day it arrived and the inspectors' view of its quality: whether it
found the strengths and the areas for development, whether it matches what inspectors found
themselves, and the SEA entries that hold the evidence (para 23: assessed on quality, not on how
many the partnership managed). One record per child (kind "joint-evaluation"). Pure.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Collection, Mapping

from fieldwork.errors import ValidationError
from fieldwork.records import choice, clean_list, clean_text, parse_bool, parse_date
from fieldwork import free_text

KIND = "joint-evaluation"
#: Para 9 and 24: the joint evaluations are due by the end of day 7.
DUE_DAY = 7
MATCHES: dict[str, str] = {"yes": "Matches inspectors' findings", "partly": "Partly matches", "no": "Does not match", "": "Not yet judged"}


def evaluation_payload(
    fields: Mapping[str, Any],
    *,
    known_sea: Collection[str],
    by: str,
    today: date,
    base: Mapping[str, Any] | None = None,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """`fields`: child (case reference, already checked), received_on, quality, strengths_found,
    development_found, matches, sea (entry ids, already resolved)."""
    allowed = {"child", "received_on", "quality", "strengths_found", "development_found", "matches", "sea"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"Unknown evaluation field(s): {', '.join(sorted(unknown))}.")
    out: dict[str, Any] = dict(base or {})
    for key, default in (("received_on", ""), ("quality", ""), ("strengths_found", False), ("development_found", False),
                         ("matches", ""), ("sea", [])):
        out.setdefault(key, default)
    if fields.get("child") is not None:
        out["child"] = str(fields["child"]).strip().upper()
    if fields.get("received_on"):
        received = parse_date(fields["received_on"], "day received")
        if received > today:
            raise ValidationError(f"The day received {received.isoformat()} is in the future.")
        out["received_on"] = received.isoformat()
    if fields.get("quality") is not None:
        out["quality"] = clean_text(str(fields["quality"]), "view of the evaluation's quality", limit=5000)
    for key, what in (("strengths_found", "strengths found"), ("development_found", "areas for development found")):
        if fields.get(key) is not None:
            out[key] = parse_bool(fields[key], what)
    if fields.get("matches") is not None:
        out["matches"] = choice(str(fields["matches"]), [m for m in MATCHES if m], "match with inspectors' findings")
    if fields.get("sea") is not None:
        ids = clean_list(fields["sea"])
        for entry in ids:
            if entry not in set(known_sea):
                raise ValidationError(f"No SEA entry with id '{entry}'.")
        out["sea"] = sorted(set(out["sea"]) | set(ids))
    if not out.get("child"):
        raise ValidationError("A joint evaluation is of a child: give the case reference.")
    if out["quality"] and not out["received_on"]:
        raise ValidationError("Record the day the evaluation was received (--received-on) before judging its quality.")
    if out["quality"] and not out["sea"]:
        raise ValidationError("Link the view of its quality to the SEA entries that hold the evidence (--sea ID).")
    out["by"] = by
    out["confirmed_no_names"] = free_text.guard_flag(KIND, out, confirmed=confirm_no_names, before=base)
    return out


def on_time(payload: Mapping[str, Any], due: date) -> bool | None:
    """Received by day 7? None while not received."""
    received = str(payload.get("received_on", ""))
    return None if not received else date.fromisoformat(received) <= due


def evaluation_warnings(payload: Mapping[str, Any] | None, *, due: date, today: date) -> list[str]:
    p = payload or {}
    timely = on_time(p, due)
    out: list[str] = []
    if timely is None and today > due:
        out.append(f"No joint evaluation received; it was due by day {DUE_DAY} ({due.isoformat()}).")
    elif timely is False:
        out.append(f"Received after day {DUE_DAY} ({due.isoformat()}).")
    if timely is not None and not p.get("quality"):
        out.append("Received, but the inspectors' view of its quality is not recorded yet (para 23).")
    return out
