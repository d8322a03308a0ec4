"""Meetings in the store: what each type of meeting finds on the table, recording it, closing its
actions, reading it back and exporting it.

The agenda is drawn from the records as they stand on the day, and kept in the meeting's record,
so the record says what was in front of the meeting even after findings and concerns move on:

- a team meeting: each attendee's SEA entries since the last team meeting, as one headline each;
- a keep-in-touch meeting: the KIT summary's emerging findings, the open concerns (and those
  answered since the last KIT meeting), the children spoken with since then, and the allocations
  changed since then with their reasons;
- the feedback meeting: nothing is kept; its summary is built from the agreed findings when shown.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Mapping

from fieldwork import feedback, meeting_note, meetings
from fieldwork import letter as doc
from fieldwork.errors import ValidationError
from fieldwork.findings import FINDING_TYPES
from store import allocation as store_allocation
from store import children
from store import findings as store_findings
from store import gaps as store_gaps
from store import voice as store_voice
from store.blocks_export import write_blocks
from store.record import Record
from store.team import resolve_inspector
from store.workspace import Workspace

KIND = meetings.KIND


def team(ws: Workspace) -> dict[str, str]:
    return store_allocation.team(ws)


def names(ws: Workspace) -> dict[str, str]:
    return {r.id: str(r.payload.get("name", "")) for r in ws.records("inspector")}


def leads(ws: Workspace) -> set[str]:
    return {r.id for r in ws.records("inspector") if r.payload.get("role") == "lead"}


def records(ws: Workspace) -> list[Record]:
    return sorted(ws.records(KIND), key=lambda r: (r.payload.get("on", ""), r.payload.get("at", ""), r.created, r.id))


# --- the agenda -------------------------------------------------------------------------------


def headlines(ws: Workspace, attendees: list[str], on: str) -> list[dict[str, Any]]:
    """One headline per attendee: their SEA entries recorded since the last team meeting, up to
    and including the meeting's day, as counts by judgement and the criteria they cover."""
    since = meetings.last_before((r.payload for r in records(ws)), "team", on)
    out: list[dict[str, Any]] = []
    for inspector in attendees:
        mine = [r for r in ws.records("sea") if r.author == inspector and since < r.created[:10] <= on]
        if not mine:
            continue
        counts: dict[str, int] = {}
        codes: list[str] = []
        for r in mine:
            counts[str(r.payload.get("judgement", ""))] = counts.get(str(r.payload.get("judgement", "")), 0) + 1
            codes.extend(c for c in r.payload.get("criteria", []) if c not in codes)
        text = f"{len(mine)} SEA entr{'y' if len(mine) == 1 else 'ies'} ({doc.judgement_mix(counts)}); {', '.join(sorted(codes))}"
        out.append({"by": inspector, "sea": sorted(r.id for r in mine), "text": text})
    return out


def kit_agenda(ws: Workspace, on: str) -> dict[str, Any]:
    """What a KIT meeting starts from: the KIT summary's findings and concerns, and what changed
    since the last KIT meeting (children spoken with, redeployments)."""
    since = meetings.last_before((r.payload for r in records(ws)), "kit", on)
    summary = store_findings.kit(ws, today=date.fromisoformat(on))
    open_ids = {c.id for c in summary.concerns}
    concerns = []
    for r in sorted(ws.records("concern"), key=lambda r: r.payload.get("referred_on", "")):
        p = r.payload
        answered = since < str(p.get("response_received", "")) <= on
        if r.id in open_ids or answered:
            concerns.append({"id": r.id, "case_refs": list(p.get("case_refs", [])), "service": p.get("service", ""),
                             "state": p.get("state", ""), "response_received": p.get("response_received", "")})
    told = sorted({str(r.payload.get("child")) for r in store_voice.spoken(ws) if since < str(r.payload.get("on", "")) <= on})
    moved = []
    who = names(ws)
    for r in ws.records(store_allocation.KIND):
        p = r.payload
        if p.get("reason") and since < r.updated[:10] <= on:
            moved.append(f"{p.get('child') or p.get('group')}: now {', '.join(who.get(i, i[:8]) for i in p.get('inspectors', []))} ({p['reason']})")
    return {"findings_shared": [f.id for f in summary.findings], "concerns": concerns, "children_told": told, "redeployments": sorted(moved)}


def add(
    ws: Workspace,
    fields: Mapping[str, Any],
    *,
    confirm_no_names: bool = False,
) -> Record:
    """Record a meeting. `fields`: type, on, at, attendees (initials), present, sufficient
    (criteria as typed), actions (dicts with for as initials, what, due), challenges,
    further_evidence, redeployments, agency_offers, note. The agenda is added to them."""
    out = dict(fields)
    out["attendees"] = [resolve_inspector(ws, a) for a in out.get("attendees") or []]
    out["sufficient"] = [ws.framework.resolve(c).code for c in out.get("sufficient") or []]
    out["actions"] = [{**a, "for": resolve_inspector(ws, str(a.get("for", "")))} for a in out.get("actions") or []]
    on = str(out.get("on") or "")
    kind = str(out.get("type") or "")
    if on and kind == "team":
        out["headlines"] = headlines(ws, out["attendees"], str(meetings.parse_date(on, "meeting day")))
    elif on and kind == "kit":
        agenda = kit_agenda(ws, meetings.parse_date(on, "meeting day").isoformat())
        out["redeployments"] = [*agenda.pop("redeployments"), *(out.get("redeployments") or [])]
        out.update(agenda)
    rules = meetings.MeetingRules(team(ws), criteria=[c.code for c in ws.framework.criteria],
                                  known_case_refs=children.by_case_ref(ws))
    payload = meetings.meeting_payload(out, rules, confirm_no_names=confirm_no_names)
    version = ws.put(KIND, payload)
    if ws.is_lead:
        # Para 33: the meeting agrees where evidence is sufficient; the lead's marks (which Gaps
        # and the plan's sufficiency view read) follow what was agreed.
        for code in payload["sufficient"]:
            store_gaps.set_sufficient(ws, code)
    return ws.require(version.record, KIND)


def agenda(ws: Workspace, meeting_type: str, on: str, attendees: list[str] | None = None) -> dict[str, Any]:
    """What a meeting would find on the table today: a team meeting's headlines (the whole team's
    unless attendees are given), a KIT meeting's findings, concerns, children and redeployments."""
    day = meetings.parse_date(on, "meeting day").isoformat()
    if meeting_type == "team":
        ids = [resolve_inspector(ws, a) for a in attendees] if attendees else [r.id for r in ws.records("inspector")]
        who = names(ws)
        return {"type": "team", "on": day, "headlines": [{**h, "by": who.get(h["by"], h["by"])} for h in headlines(ws, ids, day)],
                "open_actions": [a for r in ws.records("inspector") for a in open_actions(ws, r.id)]}
    if meeting_type == "kit":
        return {"type": "kit", "on": day, **kit_agenda(ws, day)}
    raise ValidationError("An agenda is drawn for a team or a keep-in-touch meeting (--type team or kit).")


def done(ws: Workspace, meeting_id: str, n: int, *, today: date | None = None) -> Record:
    current = ws.require(meeting_id, KIND)
    if current.conflicted:
        raise ValidationError("This meeting has conflicting versions from two laptops: resolve them first (fieldwork conflicts).")
    ws.put(KIND, meetings.mark_done(current.payload, n, on=today or date.today()), record=current.id)
    return ws.require(current.id, KIND)


# --- reading ------------------------------------------------------------------------------------


def attendance(ws: Workspace, payload: Mapping[str, Any]) -> list[str]:
    found = meetings.attendance(payload.get("attendees") or [], team(ws), leads(ws))
    return found.messages(str(payload.get("type", "")))


def finding_lines(ws: Workspace) -> dict[str, str]:
    return {f.id: f"{FINDING_TYPES.get(f.type, f.type)}: {f.text}" for f in store_findings.findings(ws)}


def to_json(ws: Workspace, record: Record) -> dict[str, Any]:
    p = record.payload
    who = names(ws)
    return {
        "id": record.id,
        "type": p.get("type"),
        "on": p.get("on"),
        "at": p.get("at", ""),
        "attendees": [who.get(i, i) for i in p.get("attendees", [])],
        "present": p.get("present", []),
        "headlines": [{**h, "by": who.get(h.get("by", ""), h.get("by", ""))} for h in p.get("headlines", [])],
        "sufficient": p.get("sufficient", []),
        "actions": [{**a, "for": who.get(a.get("for", ""), a.get("for", ""))} for a in p.get("actions", [])],
        "findings_shared": p.get("findings_shared", []),
        "concerns": p.get("concerns", []),
        "children_told": p.get("children_told", []),
        "redeployments": p.get("redeployments", []),
        "challenges": p.get("challenges", []),
        "further_evidence": p.get("further_evidence", []),
        "agency_offers": p.get("agency_offers", []),
        "note": p.get("note", ""),
        "warnings": attendance(ws, p),
        "conflicted": record.conflicted,
    }


def open_actions(ws: Workspace, inspector: str | None = None) -> list[dict[str, Any]]:
    """Actions not yet done for one inspector (me unless given)."""
    return meetings.open_actions(((r.id, r.payload) for r in records(ws)), inspector or ws.me_id)


def feedback_summary(ws: Workspace) -> list[feedback.Theme]:
    fw = ws.framework
    return feedback.themes(store_findings.findings(ws), store_gaps.entries_by_id(ws), [(s.id, s.label) for s in fw.strands])


def document(ws: Workspace, record: Record) -> list[doc.Block]:
    p = record.payload
    who = names(ws)
    area = str(ws.inspection.get("area", ""))
    if p.get("type") == "feedback":
        return feedback.blocks(
            feedback_summary(ws),
            title=meetings.summary_line({**p, "attendees": []}, who),
            subtitle=f"{area} · {ws.inspection.get('theme', '')} · {meetings.PARAS['feedback']}",
            present=p.get("present", []),
            inspectors=[who.get(i, i[:8]) for i in p.get("attendees", [])],
            offers=p.get("agency_offers", []),
        ) + ([doc.Heading(1, "Note"), doc.Para(p["note"])] if p.get("note") else [])
    return meeting_note.blocks(p, who, findings=finding_lines(ws), area=area, attendance=attendance(ws, p))


def export(ws: Workspace, meeting_id: str, out: str | Path, *, fmt: str | None = None) -> Path:
    record = ws.require(meeting_id, KIND)
    p = record.payload
    return write_blocks(out, document(ws, record), fmt=fmt, title=meetings.TYPES.get(str(p.get("type")), "Meeting"),
                        default_name=f"{p.get('type', 'meeting')}-meeting-{p.get('on', '')}", ws=ws)
