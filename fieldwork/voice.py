"""Children's voice: consent to speak with the child and with the parent or carer, and the record
that an inspector spoke with a child (paras 47-51).

Consent (kind "consent", one record per child) is the local agency's to seek; the team records
what it was told: for the child and for the parent or carer separately, given, refused or not
possible, with the agency's reason where it was not given (para 50) and the day the agency
confirmed it in writing, due by day 8 of the timeline (Friday of week two).

"Spoken with" (kind "spoken-with", one record per conversation) holds the day, how (in person or
by phone) and whether feedback is to go to the agency (para 49); never the child's words.
Pure: "the day 8 date" is an argument.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from fieldwork.errors import ValidationError
from fieldwork.records import choice, clean_text, parse_bool, parse_date
from fieldwork import free_text

CONSENT_KIND = "consent"
SPOKEN_KIND = "spoken-with"

ANSWERS: dict[str, str] = {
    "unknown": "Not yet known",
    "given": "Given",
    "refused": "Refused",
    "not-possible": "Not possible",
}
HOW: dict[str, str] = {"in-person": "In person", "phone": "By phone"}
#: Para 9 and 50: the agency confirms consent in writing by day 8 (Friday of week two).
CONSENT_DAY = 8


def consent_payload(
    fields: Mapping[str, Any],
    *,
    base: Mapping[str, Any] | None = None,
    today: date,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """`fields`: child (case reference, already checked), child_consent, carer_consent,
    confirmed_on, reason. A refusal or "not possible" needs the agency's reason (para 50)."""
    unknown = set(fields) - {"child", "child_consent", "carer_consent", "confirmed_on", "reason"}
    if unknown:
        raise ValidationError(f"Unknown consent field(s): {', '.join(sorted(unknown))}.")
    out: dict[str, Any] = dict(base or {})
    out.setdefault("child_consent", "unknown")
    out.setdefault("carer_consent", "unknown")
    out.setdefault("confirmed_on", "")
    out.setdefault("reason", "")
    if fields.get("child") is not None:
        out["child"] = str(fields["child"]).strip().upper()
    for key, what in (("child_consent", "child's consent"), ("carer_consent", "parent or carer's consent")):
        if fields.get(key) is not None:
            out[key] = choice(str(fields[key]), ANSWERS, what)
    if fields.get("confirmed_on"):
        confirmed = parse_date(fields["confirmed_on"], "date confirmed in writing")
        if confirmed > today:
            raise ValidationError(f"The date confirmed in writing {confirmed.isoformat()} is in the future.")
        out["confirmed_on"] = confirmed.isoformat()
    if fields.get("reason") is not None:
        out["reason"] = clean_text(str(fields["reason"]), "reason", required=False, limit=2000)
    if not out.get("child"):
        raise ValidationError("Consent is recorded for a child: give the case reference.")
    if {out["child_consent"], out["carer_consent"]} & {"refused", "not-possible"} and not out["reason"]:
        raise ValidationError("Where consent is refused or not possible, record the agency's reason (--reason, para 50).")
    out["confirmed_no_names"] = free_text.guard_flag(CONSENT_KIND, out, confirmed=confirm_no_names, before=base)
    return out


def consent_warnings(payload: Mapping[str, Any] | None, *, day8: date, today: date) -> list[str]:
    """What is still missing about a tracked child's consent."""
    p = payload or {}
    out: list[str] = []
    if p.get("child_consent", "unknown") == "unknown" or p.get("carer_consent", "unknown") == "unknown":
        out.append("Consent from the child and from the parent or carer not both known yet (para 50).")
    confirmed = str(p.get("confirmed_on", ""))
    if not confirmed and today > day8:
        out.append(f"The agency has not confirmed consent in writing; it was due by day {CONSENT_DAY} ({day8.isoformat()}).")
    elif confirmed and date.fromisoformat(confirmed) > day8:
        out.append(f"Confirmed in writing after day {CONSENT_DAY} ({day8.isoformat()}).")
    return out


def spoken_payload(
    fields: Mapping[str, Any],
    *,
    by: str,
    today: date,
) -> dict[str, Any]:
    """`fields`: child (case reference, already checked), on, how, feedback_to_agency."""
    unknown = set(fields) - {"child", "on", "how", "feedback_to_agency"}
    if unknown:
        raise ValidationError(f"Unknown spoken-with field(s): {', '.join(sorted(unknown))}.")
    on = parse_date(fields.get("on") or today, "day spoken with")
    if on > today:
        raise ValidationError(f"The day spoken with {on.isoformat()} is in the future.")
    if not fields.get("how"):
        raise ValidationError("Say how the child was spoken with: --how in-person or phone.")
    return {
        "child": str(fields.get("child", "")).strip().upper(),
        "on": on.isoformat(),
        "how": choice(str(fields["how"]), HOW, "way of speaking with the child"),
        "feedback_to_agency": parse_bool(fields.get("feedback_to_agency", False), "feedback to the agency"),
        "by": by,
    }
