"""The inspection's records and their rules, as plain payload dictionaries.

A record's payload is the dict that is encrypted into a version. Validation here turns what a
user typed into a clean payload, or raises ValidationError with one plain sentence. Edits start
from the stored payload and change only the named fields, so keys written by a newer Fieldwork
survive an edit by an older one.

Vocabulary (inspectorates, roles, stages, judgements, source types) is the guidance's own and is
fixed by the CLI contract; criteria and strands come from the framework packs, never from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, Mapping

from fieldwork.errors import ValidationError

# --- vocabularies -------------------------------------------------------------------------

INSPECTORATES: dict[str, str] = {
    "ofsted": "Ofsted",
    "cqc": "CQC",
    "hmicfrs": "HMICFRS",
    "hmip": "HMI Probation",
}

ROLES: dict[str, str] = {
    "lead": "Lead inspector",
    "team": "Team inspector",
    "qa": "QA manager",
    "sao": "Senior analytical officer",
}

# Para 21 and 55-62: the deep-dive list, the 20 the lead selects, the 5-7 tracked, and the
# wider sample looked at for particular points of the journey.
STAGES: dict[str, str] = {
    "deep-dive": "Deep-dive list",
    "shortlisted": "Shortlisted 20",
    "tracked": "Tracked",
    "sampled": "Sampled",
}

JUDGEMENTS: dict[str, str] = {
    "strength": "Strength",
    "development": "Area for development",
    "concern": "Serious concern / possible priority action",
    "context": "Context",
}

SOURCE_TYPES: dict[str, str] = {
    "case-file": "Case file",
    "interview": "Interview",
    "observation": "Observation of a meeting",
    "document": "Document",
    "child-family": "Child or family",
    "other": "Other",
}

# Para 54: the attributes that balance the sample.
AGE_BANDS: tuple[str, ...] = ("unborn", "0-4", "5-9", "10-15", "16-17", "18+")
GENDERS: tuple[str, ...] = ("female", "male", "other", "not-recorded")
DISABILITY: tuple[str, ...] = ("yes", "no", "not-recorded")
ETHNICITIES: tuple[str, ...] = (
    "white",
    "mixed",
    "asian",
    "black",
    "other",
    "not-recorded",
)
INVOLVEMENT: tuple[str, ...] = (
    "early-help",
    "referral",
    "assessment",
    "child-in-need",
    "child-protection",
    "looked-after",
    "care-leaver",
    "no-further-action",
)
# Paras 50-51: consent to speak to the child or family, confirmed in writing by the agency.
CONSENT: tuple[str, ...] = ("unknown", "given", "refused", "not-possible")

DEFAULT_CASE_REF_PATTERN = r"[A-Z]{1,4}-?\d{3,10}"

# The Government Security Classifications marking that every page of a document carries. Records
# about named children's cases are OFFICIAL-SENSITIVE unless the inspection says otherwise.
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"

MODES: tuple[str, ...] = ("inspection", "audit")


# --- helpers ------------------------------------------------------------------------------


def choice(value: str | None, allowed: Iterable[str], what: str) -> str:
    options = list(allowed)
    text = (value or "").strip().lower()
    if text not in options:
        raise ValidationError(f"Unknown {what} '{value}': choose one of {', '.join(options)}.")
    return text


def parse_date(value: str | date, what: str = "date") -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"Bad {what} '{value}': use YYYY-MM-DD.") from None


def parse_when(value: str | date | datetime, what: str = "date") -> str:
    """Evidence dates are a day, or a day and a time (YYYY-MM-DD[THH:MM]); kept as ISO text."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip().replace(" ", "T")
    try:
        if "T" in text:
            parsed = datetime.fromisoformat(text)
            return parsed.replace(second=0, microsecond=0, tzinfo=None).isoformat(timespec="minutes")
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError(f"Bad {what} '{value}': use YYYY-MM-DD or YYYY-MM-DDTHH:MM.") from None


def when_date(value: str) -> date:
    """The day part of a stored evidence or recording time."""
    return date.fromisoformat(value[:10])


# Control characters (C0 but newline and tab, DEL, C1), lone surrogates left by undecodable command
# line bytes, and the two non-characters: no form or verb has a use for them, Word refuses them
# ("All strings must be XML compatible") and a terminal may act on them.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_controls(value: str) -> str:
    """`value` with Windows and old-Mac line ends made newlines and every other control removed.

    The one rule for text at the boundary: every form and verb cleans through here (via
    clean_text, clean_list and normalise_agency), and documents apply it again to older text."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def clean_text(value: str | None, what: str, *, required: bool = True, limit: int = 20000) -> str:
    text = strip_controls(value or "").strip()
    if required and not text:
        raise ValidationError(f"The {what} is empty.")
    if len(text) > limit:
        raise ValidationError(f"The {what} is too long ({len(text)} characters; the limit is {limit}).")
    return text


def clean_list(values: Iterable[str] | None) -> list[str]:
    seen: list[str] = []
    for value in values or ():
        item = strip_controls(value).strip()
        if item and item not in seen:
            seen.append(item)
    return seen


def clean_codes(values: Iterable[str] | None, known: Iterable[str]) -> list[str]:
    """Criterion codes already resolved by the framework, each checked against the inspection's."""
    codes = clean_list(values)
    allowed = set(known)
    for code in codes:
        if code not in allowed:
            raise ValidationError(f"Unknown criterion '{code}'.")
    return codes


def normalise_agency(value: str) -> str:
    return " ".join(strip_controls(value).split())


# --- case references ----------------------------------------------------------------------


def case_ref_matcher(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(rf"^(?:{pattern})$")
    except re.error as err:
        raise ValidationError(f"The case-reference pattern is not a valid pattern: {err}.") from None


def clean_case_ref(value: str, pattern: str = DEFAULT_CASE_REF_PATTERN) -> str:
    ref = value.strip().upper()
    if not case_ref_matcher(pattern).match(ref):
        raise ValidationError(
            f"'{value.strip()}' is not a case reference of this inspection's form "
            f"(like CR-104233): children are known by case reference only."
        )
    return ref


# --- records ------------------------------------------------------------------------------


def inspection_payload(
    *,
    area: str,
    theme: str,
    notified: str | date,
    packs: Iterable[str],
    case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN,
    mode: str = "inspection",
    closures: Iterable[str | date] = (),
    gap_threshold: int = 2,
    marking: str | None = None,
) -> dict[str, Any]:
    pack_ids = clean_list(packs)
    if not pack_ids:
        raise ValidationError("An inspection needs at least one framework pack.")
    case_ref_matcher(case_ref_pattern)
    if gap_threshold < 1:
        raise ValidationError("The gap threshold must be at least 1 entry.")
    return {
        "area": clean_text(area, "local area", limit=200),
        "theme": clean_text(theme, "deep-dive theme", limit=200),
        "notified": parse_date(notified, "notification date").isoformat(),
        "packs": pack_ids,
        "case_ref_pattern": case_ref_pattern,
        "mode": choice(mode, MODES, "mode"),
        "closures": sorted({parse_date(d, "closure date").isoformat() for d in closures}),
        "gap_threshold": int(gap_threshold),
        # Optional: inspections created before it existed read the default (marking_of).
        **({"marking": clean_marking(marking)} if marking is not None else {}),
    }


def clean_marking(value: str) -> str:
    return " ".join(clean_text(value, "protective marking", limit=60).split())


def marking_of(inspection: Mapping[str, Any]) -> str:
    """The protective marking printed on the inspection's documents."""
    return str(inspection.get("marking") or DEFAULT_MARKING)


def inspector_payload(
    *, name: str, inspectorate: str, role: str = "team", devices: Iterable[str] = ()
) -> dict[str, Any]:
    return {
        "name": clean_text(name, "inspector's display name or initials", limit=80),
        "inspectorate": choice(inspectorate, INSPECTORATES, "inspectorate"),
        "role": choice(role, ROLES, "team role"),
        "devices": clean_list(devices),
    }


CHILD_FIELDS: tuple[str, ...] = (
    "case_ref",
    "stage",
    "age_band",
    "gender",
    "disability",
    "ethnicity",
    "involvement",
    "probation",
    "consent",
    "allocated",
    "agencies",
)


def child_payload(
    fields: Mapping[str, Any],
    *,
    pattern: str = DEFAULT_CASE_REF_PATTERN,
    base: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A child from `fields` laid over `base` (an existing payload when editing)."""
    out: dict[str, Any] = dict(base or {})
    out.setdefault("stage", "deep-dive")
    out.setdefault("age_band", "")
    out.setdefault("gender", "not-recorded")
    out.setdefault("disability", "not-recorded")
    out.setdefault("ethnicity", "not-recorded")
    out.setdefault("involvement", "")
    out.setdefault("probation", False)
    out.setdefault("consent", "unknown")
    out.setdefault("allocated", "")
    out.setdefault("agencies", [])
    unknown = set(fields) - set(CHILD_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown child field(s): {', '.join(sorted(unknown))}.")
    for key, value in fields.items():
        if value is None:
            continue
        if key == "case_ref":
            out[key] = clean_case_ref(str(value), pattern)
        elif key == "stage":
            out[key] = choice(str(value), STAGES, "stage")
        elif key == "age_band":
            out[key] = "" if value == "" else choice(str(value), AGE_BANDS, "age band")
        elif key == "gender":
            out[key] = choice(str(value), GENDERS, "gender")
        elif key == "disability":
            out[key] = choice(str(value), DISABILITY, "disability")
        elif key == "ethnicity":
            out[key] = choice(str(value), ETHNICITIES, "ethnicity")
        elif key == "involvement":
            out[key] = "" if value == "" else choice(str(value), INVOLVEMENT, "stage of involvement")
        elif key == "probation":
            out[key] = parse_bool(value, "probation/CRC involvement")
        elif key == "consent":
            out[key] = choice(str(value), CONSENT, "consent")
        elif key == "allocated":
            out[key] = str(value).strip()
        elif key == "agencies":
            items = value.split(";") if isinstance(value, str) else value
            out[key] = [normalise_agency(a) for a in clean_list(items)]
    if "case_ref" not in out:
        raise ValidationError("A child needs a case reference.")
    return out


def parse_bool(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0", ""}:
        return False
    raise ValidationError(f"Bad value '{value}' for {what}: use yes or no.")


SEA_FIELDS: tuple[str, ...] = (
    "criteria",
    "judgement",
    "strand",
    "agencies",
    "source_type",
    "source_detail",
    "evidence_at",
    "children",
    "text",
    "agreed_by",
    "recorded_at",
    "confirmed_no_names",
)


@dataclass(frozen=True)
class SeaRules:
    """What an SEA entry is checked against: the inspection's criteria, strands and children."""

    criteria: Mapping[str, str]  # code -> strand id
    strands: Iterable[str]
    known_case_refs: Iterable[str]
    case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN


def sea_payload(
    fields: Mapping[str, Any], rules: SeaRules, *, base: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An SEA entry (paras 75-78) from `fields` laid over `base`.

    Criteria arrive already resolved to pack codes (the framework resolves '7' to 'ESN 07').
    """
    out: dict[str, Any] = dict(base or {})
    unknown = set(fields) - set(SEA_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown SEA field(s): {', '.join(sorted(unknown))}.")
    for key, value in fields.items():
        if value is None:
            continue
        if key == "criteria":
            out[key] = clean_codes(value, rules.criteria)
        elif key == "judgement":
            out[key] = choice(str(value), JUDGEMENTS, "judgement")
        elif key == "strand":
            out[key] = choice(str(value), list(rules.strands), "strand")
        elif key == "agencies":
            out[key] = [normalise_agency(a) for a in clean_list(value)]
        elif key == "source_type":
            out[key] = choice(str(value), SOURCE_TYPES, "source type")
        elif key == "source_detail":
            out[key] = clean_text(str(value), "source detail", required=False, limit=300)
        elif key == "evidence_at":
            out[key] = parse_when(value, "evidence date")
        elif key == "recorded_at":
            out[key] = parse_when(value, "recording time")
        elif key == "children":
            known = set(rules.known_case_refs)
            refs = [clean_case_ref(v, rules.case_ref_pattern) for v in clean_list(value)]
            for ref in refs:
                if ref not in known:
                    raise ValidationError(
                        f"Unknown case reference '{ref}': add the child first (fieldwork child add {ref})."
                    )
            out[key] = refs
        elif key == "text":
            out[key] = clean_text(str(value), "evaluative text")
        elif key == "agreed_by":
            out[key] = clean_list(value)
        elif key == "confirmed_no_names":
            out[key] = bool(value)
    if not out.get("criteria"):
        raise ValidationError("An SEA entry needs at least one criterion (--esn).")
    for required, flag in (
        ("judgement", "--judgement"),
        ("source_type", "--source"),
        ("evidence_at", "--evidence-date"),
        ("text", "--text"),
    ):
        if not out.get(required):
            raise ValidationError(f"An SEA entry needs {flag}.")
    if not out.get("strand"):
        # Default the strand from the first criterion's own strand, as an inspector would.
        out["strand"] = rules.criteria[out["criteria"][0]]
    out.setdefault("agencies", [])
    out.setdefault("children", [])
    out.setdefault("agreed_by", [])
    out.setdefault("source_detail", "")
    out.setdefault("confirmed_no_names", False)
    return out


def changed_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Field-by-field difference, for history and conflict views."""
    before = before or {}
    out: dict[str, dict[str, Any]] = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            out[key] = {"from": before.get(key), "to": after.get(key)}
    return out
