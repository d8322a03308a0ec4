"""A meeting's record as a document (Word or Markdown through the letter's renderers), and as the
lines the app's read-only meeting view shows. The feedback meeting's summary of evidence comes
from fieldwork.feedback. Pure."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from fieldwork import meetings
from fieldwork.letter import Block, Heading, Item, ListBlock, Para


def sections(
    payload: Mapping[str, Any],
    names: Mapping[str, str],
    *,
    findings: Mapping[str, str],
    attendance: Sequence[str] = (),
) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each part of the meeting that holds something.

    `findings`: finding id -> "Type: statement", for the findings shared at a KIT meeting."""
    p = payload
    who = lambda i: names.get(i, i[:8])  # noqa: E731 - a one-line lookup used in several lines below
    out: list[tuple[str, list[str]]] = []
    attendees = [who(i) for i in p.get("attendees") or []]
    out.append(("Inspectors present", [", ".join(attendees) or "None recorded", *attendance]))
    if p.get("present"):
        out.append(("Senior leaders present (by job title)", list(p["present"])))
    if p.get("headlines"):
        out.append(("Headlines", [f"{who(h.get('by', ''))}: {h.get('text', '')}" for h in p["headlines"]]))
    if p.get("sufficient"):
        out.append(("Criteria agreed sufficient", [", ".join(p["sufficient"])]))
    if p.get("findings_shared"):
        out.append(("Emerging findings shared", [findings.get(f, f"Finding {f[:8]} (since deleted)") for f in p["findings_shared"]]))
    if p.get("concerns"):
        out.append(("Concerns raised or followed up", [
            f"{', '.join(c.get('case_refs', []))}: {c.get('service', '')}, {c.get('state', '')}"
            + (f"; response received {c['response_received']}" if c.get("response_received") else "; response awaited")
            for c in p["concerns"]
        ]))
    if p.get("children_told"):
        out.append(("Children spoken with, agencies told (para 49)", [", ".join(p["children_told"])]))
    if p.get("redeployments"):
        out.append(("Redeployments the partnership was told of (para 26)", list(p["redeployments"])))
    if p.get("challenges"):
        out.append(("Leaders' challenges", list(p["challenges"])))
    if p.get("further_evidence"):
        out.append(("Further evidence the lead agreed to seek", list(p["further_evidence"])))
    if p.get("agency_offers"):
        out.append(("Separate meetings offered (para 44)", list(p["agency_offers"])))
    if p.get("actions"):
        out.append(("Actions", [
            f"{who(a.get('for', ''))}: {a.get('what', '')} by {a.get('due', '')} (action {a.get('n')}"
            + (f", done {a.get('done_on', '')})" if a.get("done") else ")")
            for a in p["actions"]
        ]))
    if p.get("note"):
        out.append(("Note", [str(p["note"])]))
    return out


def blocks(payload: Mapping[str, Any], names: Mapping[str, str], *, findings: Mapping[str, str], area: str,
           attendance: Sequence[str] = ()) -> list[Block]:
    title = meetings.summary_line({**payload, "attendees": []}, names)
    out: list[Block] = [Heading(0, title), Para(f"{area} · {meetings.PARAS.get(str(payload.get('type')), '')}")]
    for heading, lines in sections(payload, names, findings=findings, attendance=attendance):
        out.append(Heading(1, heading))
        out.append(ListBlock(tuple(Item(line) for line in lines)) if len(lines) > 1 else Para(lines[0]))
    return out
