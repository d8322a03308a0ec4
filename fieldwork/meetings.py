"""The week's meetings as records: team meetings (paras 33-34), keep-in-touch meetings with senior
leaders (35-38), the findings meeting (39) and the feedback meeting (40-44).

A meeting is a payload dict (kind "meeting"). What it holds depends on its type:

- every meeting: the day (and time), the inspectors present (by record id) and a note;
- team: the headlines each inspector brings (drawn from their SEA entries since the last team
  meeting, kept as they stood), the criteria agreed sufficient, and actions: who gathers what,
  by when;
- kit: the emerging findings shared, the concerns raised or followed up and their responses, the
  children spoken with whose agencies were told (para 49), the redeployments the partnership was
  told of (para 26), the leaders' challenges and the further evidence the lead agreed to seek;
- feedback: the senior leaders present, by job title, and the single agencies offered a separate
  meeting (para 44); its summary of evidence is built from the agreed findings when it is shown.

Para 34 and 40 ask for the lead and at least one inspector of each inspectorate; the check is a
warning. Every free text goes through the name check. Pure: no store, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Collection, Iterable, Mapping

from fieldwork.errors import ValidationError
from fieldwork.plan import hhmm, minutes
from fieldwork.records import INSPECTORATES, choice, clean_list, clean_text, normalise_agency, parse_date
from fieldwork import free_text

KIND = "meeting"

TYPES: dict[str, str] = {
    "team": "Team meeting",
    "kit": "Keep-in-touch meeting",
    "findings": "Findings meeting",
    "feedback": "Feedback meeting",
}
PARAS: dict[str, str] = {"team": "paras 33-34", "kit": "paras 35-38", "findings": "para 39", "feedback": "paras 40-44"}

# Lists of plain text, each item name-checked.
TEXT_LISTS: tuple[str, ...] = ("present", "challenges", "further_evidence", "redeployments")
FIELDS: tuple[str, ...] = (
    "type", "on", "at", "attendees", "present", "headlines", "sufficient", "actions", "findings_shared",
    "concerns", "children_told", "redeployments", "challenges", "further_evidence", "agency_offers", "note",
)
_BY_TYPE: dict[str, frozenset[str]] = {
    "team": frozenset({"headlines", "sufficient", "actions"}),
    "kit": frozenset({"present", "findings_shared", "concerns", "children_told", "redeployments", "challenges",
                      "further_evidence", "actions"}),
    "findings": frozenset({"sufficient", "actions"}),
    "feedback": frozenset({"present", "agency_offers"}),
}


@dataclass(frozen=True)
class MeetingRules:
    team: Mapping[str, str]  # inspector id -> inspectorate
    criteria: Collection[str] = ()  # criterion codes, already resolved
    known_case_refs: Collection[str] = ()


def _action(item: Mapping[str, Any], n: int, rules: MeetingRules) -> dict[str, Any]:
    who = str(item.get("for", ""))
    if who not in rules.team:
        raise ValidationError("An action is for an inspector who is not on this inspection's team.")
    return {
        "n": n,
        "for": who,
        "what": clean_text(str(item.get("what", "")), "action", limit=1000),
        "due": parse_date(item.get("due", ""), "action's due date").isoformat(),
        "done": bool(item.get("done", False)),
        "done_on": str(item.get("done_on", "")),
    }


def meeting_payload(
    fields: Mapping[str, Any],
    rules: MeetingRules,
    *,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """A new meeting from `fields` (inspectors and criteria already resolved to ids and codes).

    `headlines`, `findings_shared`, `concerns`, `children_told` and `redeployments` usually come
    from the store's agenda for the meeting; the rest from the person recording it."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError(f"Unknown meeting field(s): {', '.join(sorted(unknown))}.")
    kind = choice(str(fields.get("type") or ""), TYPES, "meeting type")
    given = {k for k, v in fields.items() if v not in (None, [], "") and k not in ("type", "on", "at", "attendees", "note")}
    stray = given - _BY_TYPE[kind]
    if stray:
        raise ValidationError(f"A {TYPES[kind].lower()} does not record {', '.join(sorted(s.replace('_', ' ') for s in stray))}.")
    if not fields.get("on"):
        raise ValidationError("A meeting needs its day (--on).")
    out: dict[str, Any] = {"type": kind, "on": parse_date(fields["on"], "meeting day").isoformat()}
    at = str(fields.get("at") or "").strip()
    if at:
        out["at"] = hhmm(minutes(at, "meeting time"))
    else:
        out["at"] = ""
    attendees = clean_list(fields.get("attendees") or [])
    for inspector in attendees:
        if inspector not in rules.team:
            raise ValidationError("An attendee is not on this inspection's team.")
    out["attendees"] = attendees
    for name in TEXT_LISTS:
        out[name] = [clean_text(t, name.replace("_", " "), limit=1000) for t in clean_list(fields.get(name) or [])]
    codes = clean_list(fields.get("sufficient") or [])
    for code in codes:
        if code not in set(rules.criteria):
            raise ValidationError(f"Unknown criterion '{code}'.")
    out["sufficient"] = codes
    out["actions"] = [_action(a, n, rules) for n, a in enumerate(fields.get("actions") or [], 1)]
    out["headlines"] = [dict(h) for h in fields.get("headlines") or []]
    out["findings_shared"] = clean_list(fields.get("findings_shared") or [])
    out["concerns"] = [dict(c) for c in fields.get("concerns") or []]
    refs = clean_list(fields.get("children_told") or [])
    for ref in refs:
        if ref not in set(rules.known_case_refs):
            raise ValidationError(f"Unknown case reference '{ref}'.")
    out["children_told"] = refs
    out["agency_offers"] = [normalise_agency(a) for a in clean_list(fields.get("agency_offers") or [])]
    out["note"] = clean_text(fields.get("note"), "note", required=False, limit=5000)
    out["confirmed_no_names"] = free_text.guard_flag(KIND, out, confirmed=confirm_no_names)
    return out


def mark_done(payload: Mapping[str, Any], n: int, *, on: date) -> dict[str, Any]:
    """The meeting with action `n` done (on `on`); refused if there is no such action."""
    actions = [dict(a) for a in payload.get("actions") or []]
    for action in actions:
        if action.get("n") == n:
            if action.get("done"):
                raise ValidationError(f"Action {n} is already done.")
            action["done"] = True
            action["done_on"] = on.isoformat()
            return {**payload, "actions": actions}
    raise ValidationError(f"This meeting has no action {n}.")


# --- attendance (paras 34, 35, 40) ------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    lead_present: bool
    missing: tuple[str, ...]  # inspectorates on the team with nobody present

    @property
    def complete(self) -> bool:
        return self.lead_present and not self.missing

    def messages(self, meeting_type: str) -> list[str]:
        out: list[str] = []
        para = PARAS.get(meeting_type, "")
        if not self.lead_present:
            out.append(f"The lead inspector is not recorded as present ({para}).")
        for inspectorate in self.missing:
            out.append(f"Nobody from {INSPECTORATES.get(inspectorate, inspectorate)} is recorded as present ({para}).")
        return out


def attendance(present: Iterable[str], team: Mapping[str, str], leads: Collection[str]) -> Attendance:
    """`team`: inspector id -> inspectorate; `leads`: the ids with the lead's role."""
    here = set(present)
    have = {team[i] for i in here if i in team}
    wanted = [i for i in INSPECTORATES if i in set(team.values())]
    return Attendance(lead_present=bool(here & set(leads)), missing=tuple(i for i in wanted if i not in have))


# --- headlines and open actions -----------------------------------------------------------------


def open_actions(meetings: Iterable[tuple[str, Mapping[str, Any]]], inspector: str) -> list[dict[str, Any]]:
    """Actions not done yet for `inspector`, soonest due first, each with its meeting's id and day."""
    out = [
        {**a, "meeting": mid, "meeting_on": str(p.get("on", "")), "meeting_type": str(p.get("type", ""))}
        for mid, p in meetings
        for a in p.get("actions") or []
        if a.get("for") == inspector and not a.get("done")
    ]
    out.sort(key=lambda a: (str(a.get("due", "")), a["meeting_on"], a.get("n", 0)))
    return out


def last_before(meetings: Iterable[Mapping[str, Any]], meeting_type: str, on: str) -> str:
    """The day of the latest meeting of this type before `on`, or ''."""
    days = [str(p.get("on", "")) for p in meetings if p.get("type") == meeting_type and str(p.get("on", "")) < on]
    return max(days, default="")


def summary_line(payload: Mapping[str, Any], names: Mapping[str, str]) -> str:
    kind = TYPES.get(str(payload.get("type")), str(payload.get("type", "")))
    when = f"{payload.get('on', '')} {payload.get('at', '')}".strip()
    who = ", ".join(names.get(i, i[:8]) for i in payload.get("attendees") or [])
    return f"{kind} {when}" + (f" · {who}" if who else "")
