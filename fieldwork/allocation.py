"""Who tracks which child, and who samples which group (paras 26, 30-32, 55-58).

A tracked child is followed end to end through every agency involved, so the guidance allocates
inspectors from each relevant inspectorate, not one person: the police's part of a child's
experience is HMICFRS's to judge, health's CQC's, probation's HMI Probation's, and children's
social care and education Ofsted's. A sampled group goes to one inspector or more.

An allocation is a record (kind "allocation") per child or per sampled group. The lead writes it,
and redeploys (para 26) by writing a new version that must say why, so the record's history reads
as the story of the redeployment. The checks here are warnings, never refusals.
Pure: no store, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Collection, Iterable, Mapping

from fieldwork.errors import ValidationError
from fieldwork.records import INSPECTORATES, clean_list, clean_text
from fieldwork import free_text

KIND = "allocation"

# Which inspectorate looks at which agency (para 32: "each inspectorate will consider findings in
# relation to their particular aspect of the partnership"). Children's social care is always in
# scope of a JTAI, so Ofsted is always relevant to a tracked child.
_AGENCY_INSPECTORATE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"police|constabulary|public protection", re.I), "hmicfrs"),
    (re.compile(r"health|nhs|hospital|gp\b|nurs|midwi|camhs|ccg|clinical|a&e|emergency department|paediatric", re.I), "cqc"),
    (re.compile(r"probation|\bcrc\b|rehabilitation|youth offending|\byot\b|mappa", re.I), "hmip"),
    (re.compile(r"social care|social work|education|school|early help|local authority|council", re.I), "ofsted"),
)


@dataclass(frozen=True)
class AllocationRules:
    team: Mapping[str, str]  # inspector id -> inspectorate


def relevant_inspectorates(agencies: Iterable[str], *, probation: bool = False) -> list[str]:
    """The inspectorates whose part of the partnership a child's agencies fall in, Ofsted first."""
    found = {"ofsted"}
    for agency in agencies:
        for pattern, inspectorate in _AGENCY_INSPECTORATE:
            if pattern.search(agency):
                found.add(inspectorate)
    if probation:
        found.add("hmip")
    return [i for i in INSPECTORATES if i in found]


def allocation_payload(
    fields: Mapping[str, Any],
    rules: AllocationRules,
    *,
    base: Mapping[str, Any] | None = None,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """`fields`: child (a case reference, already checked) or group (a sampled group's label),
    inspectors (record ids), reason. A change of who is allocated needs a reason (para 26)."""
    unknown = set(fields) - {"child", "group", "inspectors", "reason"}
    if unknown:
        raise ValidationError(f"Unknown allocation field(s): {', '.join(sorted(unknown))}.")
    out: dict[str, Any] = dict(base or {})
    if fields.get("child") is not None:
        out["child"] = str(fields["child"]).strip().upper()
    if fields.get("group") is not None:
        out["group"] = " ".join(clean_text(str(fields["group"]), "sampled group", limit=200).split())
    out.setdefault("child", "")
    out.setdefault("group", "")
    if bool(out["child"]) == bool(out["group"]):
        raise ValidationError("Allocate either a child (by case reference) or a sampled group (--group), not both.")
    inspectors = clean_list(fields.get("inspectors") or [])
    if not inspectors:
        raise ValidationError("Name at least one inspector to allocate (--inspector).")
    for inspector in inspectors:
        if inspector not in rules.team:
            raise ValidationError("An inspector named is not on this inspection's team.")
    reason = clean_text(fields.get("reason"), "reason", required=False, limit=2000)
    if base is not None and sorted(base.get("inspectors") or []) != sorted(inspectors) and not reason:
        raise ValidationError("Say why the allocation changes (--reason): redeployment is kept in its history (para 26).")
    out["inspectors"] = inspectors
    out["reason"] = reason
    out["confirmed_no_names"] = free_text.guard_flag(KIND, out, confirmed=confirm_no_names, before=base)
    return out


@dataclass(frozen=True)
class Gap:
    """A relevant inspectorate with nobody allocated to a tracked child."""

    inspectorate: str
    message: str


def allocation_gaps(
    *,
    case_ref: str,
    stage: str,
    agencies: Iterable[str],
    probation: bool,
    inspectors: Iterable[str],
    team: Mapping[str, str],
) -> list[Gap]:
    """For a tracked child: each relevant inspectorate (of those on the team) with no inspector
    allocated, and a lone inspector. Sampled children and groups need only someone."""
    allocated = list(inspectors)
    if not allocated:
        return [Gap("", f"Nobody is allocated to {case_ref} yet.")]
    if stage != "tracked":
        return []
    out: list[Gap] = []
    have = {team.get(i, "") for i in allocated}
    on_team = set(team.values())
    for inspectorate in relevant_inspectorates(agencies, probation=probation):
        if inspectorate in on_team and inspectorate not in have:
            out.append(Gap(inspectorate, f"No {INSPECTORATES[inspectorate]} inspector is allocated to {case_ref}, "
                                         f"though its agencies are involved (para 30-32)."))
    if len(allocated) == 1:
        out.append(Gap("", f"{case_ref} is tracked by one inspector only: track with inspectors from each relevant inspectorate (para 30-32)."))
    return out


def tracked_without_allocation(tracked: Collection[str], allocated: Collection[str]) -> list[str]:
    return sorted(set(tracked) - set(allocated))
