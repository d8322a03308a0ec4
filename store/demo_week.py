"""The demo's on-site week (issue 16): the lead's plan across days 9-12, the allocation of the
tracked children, consent and the children spoken with, the joint evaluations, two team meetings,
two keep-in-touch meetings and the feedback meeting with its summary of the agreed findings.

Called by store/demo.py once the children, the SEA and the findings are written, with the demo's
team and simulated clock, so every record is signed by the inspector who would have written it on
the day they would have written it. Random choices come from a generator seeded by the inspection
id, so the same demo seed gives the same week. Job titles and places only: no names.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from typing import Any, Callable, Protocol, Sequence

from fieldwork import evaluations, meetings, plan, voice
from fieldwork import records as rec
from fieldwork.workdays import WorkingCalendar
from fieldwork import allocation as alloc
from store import allocation as store_allocation
from store import evaluations as store_evaluations
from store import meetings as store_meetings
from store import voice as store_voice
from store.workspace import Change, Workspace


class Member(Protocol):
    id: str
    initials: str
    inspectorate: str
    role: str
    key: Any  # the member's device key; None for the lead, who signs with this laptop's key


PLACES: tuple[str, ...] = (
    "Civic Centre, children's services floor",
    "Police station, public protection unit",
    "Health visiting base",
    "Multi-agency safeguarding hub",
    "Youth offending service office",
    "Secondary school",
)

# (type, job titles met, agencies, para 67 leader or "", observed meeting or "")
SLOTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str], ...] = (
    ("case-discussion", ("Social worker",), ("Children's social care",), "", ""),
    ("interview", ("Team manager",), ("Children's social care",), "", ""),
    ("interview", ("Health visitor",), ("Health visiting",), "", ""),
    ("observation", ("Chair of the conference",), ("Children's social care", "Police", "Health visiting"), "", "cp-conference-review"),
    ("observation", ("Strategy discussion chair",), ("Police", "Children's social care"), "", "strategy"),
    ("interview", ("Police sergeant, front door team",), ("Police",), "", ""),
    ("interview", ("Designated nurse for safeguarding",), ("Health",), "", ""),
    ("call", ("School designated safeguarding lead",), ("Education",), "", ""),
    ("interview", ("Youth offending team manager",), ("Youth offending service",), "yot-manager", ""),
    ("case-discussion", ("Probation officer",), ("National Probation Service",), "", ""),
)

LEADER_MEETINGS: tuple[tuple[str, str, str], ...] = (
    # (para 67 leader, job title met, agency)
    ("dcs", "Director of children's services", "Local authority"),
    ("head-social-care", "Head of social care", "Children's social care"),
    ("lscb-chair", "Chair of the LSCB", "LSCB"),
    ("police-superintendent", "Detective superintendent, public protection", "Police"),
    ("ccg-senior", "Director of nursing, clinical commissioning group", "Health"),
    ("nps-safeguarding", "Head of the probation delivery unit", "National Probation Service"),
    ("mash-police-lead", "MASH police lead", "Police"),
    ("chief-executive", "Chief executive", "Local authority"),
)


def write_week(
    ws: Workspace,
    team: Sequence[Member],
    set_clock: Callable[[datetime], None],
    day: Callable[[int], date],
) -> None:
    """`day(n)`: the date of working day n, no later than today (the demo's own)."""
    rng = random.Random(f"{ws.inspection_id}:week")
    cal = WorkingCalendar()
    notified = rec.parse_date(ws.inspection["notified"])

    def on(n: int) -> date:
        return cal.add_working_days(notified, n)  # planned days may lie ahead of today

    def when(n: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day(n), time(hour, minute))

    def write(changes: list[Change], member: Member) -> None:
        if changes:
            ws.write(changes, as_identity=None if member.key is None else (member.id, member.key))

    lead = team[0]
    field = [m for m in team if m.role in ("lead", "team")]
    kids = sorted(ws.records("child"), key=lambda r: r.payload.get("case_ref", ""))
    tracked = [r for r in kids if r.payload.get("stage") == "tracked"]
    members = store_allocation.team(ws)

    # Day 8: the lead allocates the tracked children (an inspector of each inspectorate their
    # agencies fall to) and writes the plan for the week.
    set_clock(when(8, 14))
    allocations: list[Change] = []
    for kid in tracked:
        wanted = alloc.relevant_inspectorates(kid.payload.get("agencies", []), probation=bool(kid.payload.get("probation")))
        chosen = [next((m.id for m in field if m.inspectorate == i), "") for i in wanted]
        chosen = [c for c in dict.fromkeys(chosen) if c] or [lead.id]
        payload = alloc.allocation_payload(
            {"child": kid.payload["case_ref"], "inspectors": chosen}, alloc.AllocationRules(members))
        allocations.append(Change(store_allocation.KIND, payload, record=store_allocation.record_id(ws, child_id=kid.id)))
    sampled = [("Front door contacts: police referrals", "hmicfrs"), ("Front door contacts: health referrals", "cqc"),
               ("Step-down to early help", "ofsted")]
    for label, inspectorate in sampled:
        who = next((m.id for m in field if m.inspectorate == inspectorate), lead.id)
        payload = alloc.allocation_payload({"group": label, "inspectors": [who]}, alloc.AllocationRules(members))
        allocations.append(Change(store_allocation.KIND, payload, record=store_allocation.record_id(ws, group=label)))
    write(allocations, lead)
    write(_plan(ws, rng, field, tracked, on), lead)

    # Day 9, evening: the front door evidence is sufficient, so the lead redeploys (para 26).
    if tracked and len(field) > 2:
        set_clock(when(9, 17, 30))
        kid = tracked[0]
        current = ws.get(store_allocation.record_id(ws, child_id=kid.id))
        if current is not None:
            extra = next((m.id for m in field if m.id not in current.payload["inspectors"]), None)
            if extra:
                payload = alloc.allocation_payload(
                    {"inspectors": [*current.payload["inspectors"], extra],
                     "reason": "Front door evidence agreed sufficient: inspector moved to the deep dive"},
                    alloc.AllocationRules(members), base=current.payload)
                write([Change(store_allocation.KIND, payload, record=current.id)], lead)

    # Consent as the agencies confirmed it on day 8, for the child and the parent or carer.
    set_clock(when(8, 16))
    consents = []
    for n, kid in enumerate(tracked):
        answer = str(kid.payload.get("consent", "unknown"))
        carer = "given" if n % 3 else "refused"
        reason = "" if carer == "given" and answer == "given" else "The parent declined through the allocated social worker."
        consents.append(Change(voice.CONSENT_KIND, voice.consent_payload(
            {"child": kid.payload["case_ref"], "child_consent": answer, "carer_consent": carer,
             "confirmed_on": day(8).isoformat(), "reason": reason or None}, today=day(8)),
            record=store_voice.consent_id(ws, kid.id)))
    write(consents, lead)

    # The joint evaluations arrived on day 7 (one a day late); the team's view is linked to the SEA.
    entries = ws.records("sea")
    for n, kid in enumerate(tracked):
        about = [r.id for r in entries if kid.payload["case_ref"] in r.payload.get("children", []) and not r.conflicted][:2]
        if not about:
            continue
        writer = field[n % len(field)]
        set_clock(when(9 + n % 3, 18))
        payload = evaluations.evaluation_payload(
            {"child": kid.payload["case_ref"], "received_on": day(7 if n != 2 else 8).isoformat(),
             "quality": rng.choice(EVALUATION_VIEWS), "strengths_found": True, "development_found": n % 2 == 0,
             "matches": ("yes", "partly", "yes", "no")[n % 4], "sea": about},
            known_sea={r.id for r in entries}, by=writer.id, today=day(11))
        write([Change(evaluations.KIND, payload, record=store_evaluations.record_id(ws, kid.id))], writer)

    # Children spoken with on days 9 and 10, by one of their allocated inspectors.
    for n, kid in enumerate(tracked[:4]):
        allocated = ws.get(store_allocation.record_id(ws, child_id=kid.id))
        writer = next((m for m in field if allocated and m.id in allocated.payload.get("inspectors", [])), lead)
        set_clock(when(9 + n % 2, 17, n))
        write([Change(voice.SPOKEN_KIND, voice.spoken_payload(
            {"child": kid.payload["case_ref"], "on": day(9 + n % 2).isoformat(), "how": ("in-person", "phone")[n % 2],
             "feedback_to_agency": n == 0}, by=writer.id, today=day(11)))], writer)

    _meetings(ws, team, field, set_clock, day, on, when)


EVALUATION_VIEWS: tuple[str, ...] = (
    "A thorough evaluation that identified the same delay in the strategy discussion that inspectors found.",
    "The evaluation described the help given well but did not weigh its impact on the child.",
    "A self-aware evaluation: it found the gaps in health involvement that inspectors also saw.",
    "The evaluation was largely descriptive and missed the drift in the plan that inspectors found.",
)


def _plan(ws: Workspace, rng: random.Random, field: Sequence[Member], tracked: Sequence[Any], on: Callable[[int], date]) -> list[Change]:
    """Two to three activities a day for each inspector on days 9-12, and the para 67 leaders."""
    refs = [k.payload["case_ref"] for k in tracked]
    rules = plan.PlanRules(team={m.id for m in field}, known_case_refs=set(refs))
    changes: list[Change] = []

    def add(fields: dict[str, Any]) -> None:
        changes.append(Change(plan.KIND, plan.activity_payload(fields, rules)))

    leaders = list(LEADER_MEETINGS)
    for n in range(9, 13):
        for k, member in enumerate(field):
            starts = [(9, 30), (11, 15), (14, 0)][: 2 + (k + n) % 2]
            place = PLACES[(k + n) % len(PLACES)]
            for s, (hour, minute) in enumerate(starts):
                kind, titles, agencies, leader, observes = SLOTS[(k * 3 + n + s) % len(SLOTS)]
                fields: dict[str, Any] = {
                    "type": kind, "day": on(n).isoformat(), "start": f"{hour:02d}:{minute:02d}",
                    "end": f"{hour + 1:02d}:{minute:02d}", "place": "phone" if kind == "call" else place,
                    "meeting": list(titles), "agencies": list(agencies), "inspectors": [member.id],
                    "children": [refs[(k + s) % len(refs)]] if refs and kind in ("case-discussion", "observation") else [],
                    "leaders": [leader] if leader else [], "observes": observes, "roles_given": (k + s + n) % 5 != 0,
                }
                if s == 2 and (k + n) % 4 == 0:
                    fields["place"] = PLACES[(k + n + 1) % len(PLACES)]  # a short hop across town
                    fields["start"] = "11:20" if starts[1] == (11, 15) else fields["start"]
                add(fields)
            if leaders and n in (9, 10) and k < 4:
                leader, title, agency = leaders.pop(0)
                add({"type": "interview", "day": on(n).isoformat(), "start": "16:00", "end": "16:45",
                     "place": "Civic Centre, children's services floor", "meeting": [title], "agencies": [agency],
                     "inspectors": [member.id], "leaders": [leader], "roles_given": True})
    # A home visit with the support the family needs, and one where it is still to be arranged.
    if refs and field:
        add({"type": "visit", "day": on(10).isoformat(), "start": "12:45", "end": "13:30", "place": "Family home",
             "meeting": ["Child and carer", "Allocated social worker"], "inspectors": [field[-1].id], "children": [refs[0]],
             "family": True, "support": "needed", "support_detail": "Interpreter booked through the allocated social worker",
             "roles_given": True})
        add({"type": "visit", "day": on(11).isoformat(), "start": "12:45", "end": "13:30", "place": "Foster home",
             "meeting": ["Foster carer"], "inspectors": [field[0].id], "children": [refs[-1]], "family": True,
             "roles_given": True})
    rng.shuffle(changes)  # written in the order the lead typed them, not the order of the day
    return changes


def _meetings(ws: Workspace, team: Sequence[Member], field: Sequence[Member], set_clock: Callable[[datetime], None],
              day: Callable[[int], date], on: Callable[[int], date], when: Callable[..., datetime]) -> None:
    """Two team meetings, two keep-in-touch meetings and the feedback meeting, as the lead records them."""
    lead = team[0]
    others = [m for m in field if m is not lead] or [lead]
    present = [m.initials for m in field]
    criteria = [c.code for c in ws.framework.criteria]
    codes = [c for c in ("ESN 01", "ESN 07") if c in criteria]

    def record(n: int, hour: int, fields: dict[str, Any]) -> str:
        set_clock(when(n, hour))
        return store_meetings.add(ws, {**fields, "on": day(n).isoformat(), "at": f"{hour:02d}:30"}).id

    record(9, 8, {"type": "team", "attendees": present, "sufficient": codes[:1], "actions": [
        {"for": others[0].initials, "what": "Gather the health visiting records for the tracked children", "due": day(10).isoformat()},
        {"for": lead.initials, "what": "Ask the link person for the MASH performance data", "due": day(10).isoformat()},
    ]})
    first = store_meetings.records(ws)[-1]
    set_clock(when(9, 18))
    ws.put(store_meetings.KIND, meetings.mark_done(first.payload, 2, on=day(9)), record=first.id)
    # The lead and a representative of each inspectorate (para 35).
    representatives = [lead.initials, *dict.fromkeys(next(m.initials for m in field if m.inspectorate == i)
                                                     for i in rec.INSPECTORATES if any(m.inspectorate == i for m in field))]
    representatives = list(dict.fromkeys(representatives))
    record(10, 9, {"type": "kit", "attendees": representatives,
                   "present": ["Director of children's services", "Head of social care", "Detective superintendent, public protection"],
                   "challenges": ["Leaders asked whether the sample reflects the improved front door since the autumn"],
                   "further_evidence": ["Sample five more front door contacts from the last month"]})
    record(10, 8, {"type": "team", "attendees": present[:-1] if len(present) > 2 else present, "sufficient": codes, "actions": [
        {"for": others[-1].initials, "what": "Sample five front door contacts from the last month", "due": day(11).isoformat()},
    ]})
    record(11, 9, {"type": "kit", "attendees": representatives,
                   "present": ["Director of children's services", "Director of nursing, clinical commissioning group"],
                   "challenges": ["Health leaders questioned the finding on strategy discussions"],
                   "further_evidence": ["Read the minutes of two more strategy discussions"]})
    set_clock(when(11, 17))
    # Planned for the last day on site (para 40); its summary is built from the agreed findings.
    store_meetings.add(ws, {"type": "feedback", "on": on(13).isoformat(), "at": "10:00",
                            "attendees": present, "present": ["Chair of the LSCB", "Director of children's services",
                                                              "Detective superintendent, public protection", "Director of nursing, clinical commissioning group"],
                            "agency_offers": ["Police"]})
