"""Annex C concerns in the store: raise, mark sent, record the response, evaluate, sign off.

Each step writes a new version of the same record, so the record's history is the contemporaneous
account para 74 asks for: who referred it, when it went to the agency, when the response came,
who evaluated it and who signed it off.

No typed projection table is registered for concerns: an inspection holds tens of them, the
generic records table serves that, and a table registered after a workspace has opened would be
missing from that workspace's projection.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from fieldwork import concerns as con
from fieldwork.errors import ValidationError
from fieldwork.render import annex_c
from store import children
from store.damaged import usable
from store.export import choose_format, document_meta
from store.export import write as write_export
from store.record import Record
from store.team import resolve_inspector
from store.workspace import Change, Workspace

KIND = con.KIND
FORMATS: dict[str, str] = {"docx": ".docx", "md": ".md"}


def rules(ws: Workspace) -> con.ConcernRules:
    team = ws.records("inspector")
    return con.ConcernRules(
        known_case_refs=frozenset(children.by_case_ref(ws)),
        team=frozenset(r.id for r in team),
        leads=frozenset(r.id for r in team if r.payload.get("role") == "lead"),
        case_ref_pattern=children.pattern(ws),
    )


def raise_concern(
    ws: Workspace,
    fields: Mapping[str, Any],
    *,
    confirm_no_names: bool = False,
    today: date | None = None,
) -> Record:
    """`fields` as fieldwork.concerns.raise_concern takes them; the referrer defaults to me and
    may be given by initials."""
    fields = dict(fields)
    who = fields.get("referred_by")
    fields["referred_by"] = resolve_inspector(ws, who) if who else ws.me_id
    payload = con.raise_concern(fields, rules(ws), today=today or date.today(), confirm_no_names=confirm_no_names)
    version = ws.put(KIND, payload)
    return ws.require(version.record, KIND)


def _advance(ws: Workspace, concern_id: str, step: Callable[[dict[str, Any]], dict[str, Any]]) -> Record:
    current = ws.require(concern_id, KIND)
    if current.conflicted:
        # A new version would take every head as its parent and so settle the conflict unseen.
        raise ValidationError(
            "This concern has conflicting versions from two laptops: resolve them first (fieldwork history ID, then resolve)."
        )
    ws.put(KIND, step(dict(current.payload)), record=current.id)
    return ws.require(current.id, KIND)


def mark_sent(ws: Workspace, concern_id: str, *, on: date | str | None = None, today: date | None = None) -> Record:
    today = today or date.today()
    return _advance(ws, concern_id, lambda p: con.mark_sent(p, on=on or today, today=today))


def record_response(
    ws: Workspace,
    concern_id: str,
    *,
    text: str,
    received: date | str | None = None,
    confirm_no_names: bool = False,
    today: date | None = None,
) -> Record:
    today = today or date.today()
    return _advance(
        ws,
        concern_id,
        lambda p: con.record_response(p, text=text, received=received or today, today=today, confirm_no_names=confirm_no_names),
    )


def evaluate(
    ws: Workspace,
    concern_id: str,
    *,
    text: str,
    on: date | str | None = None,
    confirm_no_names: bool = False,
    today: date | None = None,
) -> Record:
    today = today or date.today()
    r = rules(ws)
    return _advance(
        ws,
        concern_id,
        lambda p: con.record_evaluation(
            p, r, text=text, by=ws.me_id, on=on or today, today=today, confirm_no_names=confirm_no_names
        ),
    )


def share(
    ws: Workspace,
    concern_id: str,
    *,
    by: str,
    on: date | str | None = None,
    confirm_no_names: bool = False,
    today: date | None = None,
) -> Record:
    """Para 74: the evaluation went to the senior officer on `on`, by `by` (the means)."""
    today = today or date.today()
    r = rules(ws)
    return _advance(
        ws, concern_id, lambda p: con.share_evaluation(p, r, on=on or today, by=by, today=today, confirm_no_names=confirm_no_names)
    )


def edit(
    ws: Workspace,
    concern_id: str,
    fields: Mapping[str, Any],
    *,
    confirm_no_names: bool = False,
    today: date | None = None,
) -> Record:
    """Correct the referral's fields: a new version, so the history keeps what it said before."""
    today = today or date.today()
    r = rules(ws)
    return _advance(ws, concern_id, lambda p: con.edit_referral(p, fields, r, today=today, confirm_no_names=confirm_no_names))


def last_onsite_day(ws: Workspace) -> date:
    """Day 13's date (para 9), the last day on site."""
    from store.sea import calendar

    return calendar(ws).add_working_days(date.fromisoformat(str(ws.inspection["notified"])[:10]), con.LAST_ONSITE_DAY)


def warnings(ws: Workspace, record: Record) -> list[str]:
    """What to say after raising or correcting a concern: a response-by day after day 13."""
    text = con.response_due_warning(record.payload, last_onsite_day(ws))
    return [text] if text else []


def sign_off(
    ws: Workspace,
    concern_id: str,
    *,
    chief_officer: str,
    chief_officer_date: date | str,
    lead_date: date | str | None = None,
    confirm_no_names: bool = False,
    today: date | None = None,
) -> Record:
    """The lead signs as lead inspector (me) and records the chief officer's signature."""
    today = today or date.today()
    r = rules(ws)
    return _advance(
        ws,
        concern_id,
        lambda p: con.sign_off(
            p,
            r,
            chief_officer=chief_officer,
            chief_officer_date=chief_officer_date,
            lead=ws.me_id,
            lead_date=lead_date or today,
            today=today,
            confirm_no_names=confirm_no_names,
        ),
    )


# --- reading ------------------------------------------------------------------------------------


def ordered(ws: Workspace) -> list[Record]:
    """Open concerns first, soonest due first; signed-off ones after them."""
    return sorted(
        usable(ws.records(KIND)),
        key=lambda r: (r.payload.get("state") == "signed-off", r.payload.get("response_due", ""), r.payload.get("referred_on", ""), r.id),
    )


def _created(record: Record) -> datetime | None:
    try:
        return datetime.fromisoformat(record.created)
    except (TypeError, ValueError):
        return None


def to_json(ws: Workspace, record: Record, today: date | None = None, now: datetime | None = None) -> dict[str, Any]:
    from store.sea import calendar

    p = record.payload
    today = today or date.today()
    category = int(p.get("category") or 0)
    raised_at = _created(record)
    if now is None:
        now = datetime.now(raised_at.tzinfo) if raised_at is not None and raised_at.tzinfo else datetime.now()
    days = con.days_overdue(p, today, calendar(ws))
    return {
        "id": record.id,
        "case_refs": list(p.get("case_refs", [])),
        "category": category,
        "category_label": con.CATEGORY_SHORT.get(category, ""),
        "service": p.get("service", ""),
        "state": p.get("state", ""),
        "state_label": con.state_label(p.get("state", "")),
        "response_due": p.get("response_due", ""),
        "overdue": days > 0,
        "days_overdue": days,
        "overdue_text": con.overdue_words(days),
        "unsent_hours": con.unsent_hours(p, raised_at, now),
        "unsent_urgent": con.unsent_urgent(p),
        "evaluations": [
            {"by": ws.inspector_name(e["by"]) or e["by"], "on": e["on"]} for e in con.evaluations_of(p)
        ],
        "shared_with_senior_officer_on": p.get("shared_with_senior_officer_on", ""),
        "referred_by": ws.inspector_name(p.get("referred_by", "")) or p.get("referred_by", ""),
        "referred_by_id": p.get("referred_by", ""),
        "dates": con.dates(p),
        "conflicted": record.conflicted,
        "updated": record.updated,
    }


def detail_json(ws: Workspace, record: Record, today: date | None = None) -> dict[str, Any]:
    """Everything on the form, for `concern show --json` and the screen's detail pane."""
    p = record.payload
    return {
        **to_json(ws, record, today),
        "issues": p.get("issues", ""),
        "response": p.get("response", ""),
        "evaluation": p.get("evaluation", ""),
        "evaluated_by": ws.inspector_name(p.get("evaluated_by", "")) or p.get("evaluated_by", ""),
        "evaluation_texts": [
            {"by": ws.inspector_name(e["by"]) or e["by"], "on": e["on"], "text": e["text"]} for e in con.evaluations_of(p)
        ],
        "shared_by": p.get("shared_by", ""),
        "chief_officer": p.get("chief_officer", ""),
        "lead_inspector": ws.inspector_name(p.get("lead_inspector", "")) or p.get("lead_inspector", ""),
        "confirmed_no_names": list(p.get("confirmed_no_names", [])),
    }


# --- export -------------------------------------------------------------------------------------


def render(ws: Workspace, concern_id: str, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValidationError(f"Unknown export format '{fmt}': choose one of {', '.join(FORMATS)}.")
    record = ws.require(concern_id, KIND)
    names = {r.id: r.payload.get("name", "") for r in ws.records("inspector")}
    view = annex_c.form(record.payload, names, area=ws.inspection.get("area", ""), ref=record.id[:8])
    if fmt == "docx":
        return annex_c.docx_bytes(view, document_meta(ws, f"{annex_c.TITLE} ({record.id[:8]})"))
    return annex_c.markdown(view).encode("utf-8")


def format_for(path: Path | str, given: str | None = None) -> str:
    """The export format asked for, or the one OUT's extension names (an unknown one is refused)."""
    return choose_format(path, given)


def default_export_name(record: Record, fmt: str) -> str:
    # The id, not the case reference: a file name shows up in folder listings and recent-file
    # menus, where a case reference has no business being.
    return f"annex-c-{record.id[:8]}{FORMATS.get(fmt, '')}"


def export(ws: Workspace, concern_id: str, fmt: str, path: Path | str) -> Path:
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / default_export_name(ws.require(concern_id, KIND), fmt)
    return write_export(target, render(ws, concern_id, fmt))


# --- demo data ----------------------------------------------------------------------------------

# Each demo concern is one coherent case: the service referred to, the issue, the agency's response
# to that issue, the raising inspector's evaluation, the lead's, and the job title of the chief
# officer who signs for that agency (para 74). A category 1 case reads as a child at immediate risk.
_CASES: dict[int, tuple[tuple[str, str, str, str, str, str], ...]] = {
    1: (
        (
            "Children's social care: front door",
            "A second referral about bruising to a baby under six months was closed by the front door without a strategy discussion or a child protection medical.",
            "A strategy discussion was held the same afternoon with police and health; a child protection medical took place the next morning and a section 47 enquiry is under way. The team manager who closed the referral has been briefed on the bruising protocol.",
            "The immediate action is proportionate: the baby has been seen by a paediatrician and a safety plan is agreed with the parents. The response does not yet say whether other closed referrals about bruising have been checked.",
            "The lead agrees the baby is now safeguarded; the agency is asked to audit front door closures about bruising in non-mobile babies over the last three months and report at the next keep-in-touch meeting.",
            "Director of Children's Services",
        ),
        (
            "Police public protection unit",
            "A 14-year-old reported missing three times in a fortnight with indicators of criminal exploitation; no strategy discussion was held and no return interview was offered.",
            "A strategy discussion was convened within 24 hours; the young person has been allocated to the exploitation team, a return interview was completed and the disruption plan names the address linked to the episodes.",
            "The response sets out action that reduces the immediate risk; the missing episodes should have triggered a strategy discussion under the local protocol and did not.",
            "The lead accepts the action taken for this child; the failure to apply the missing protocol will be tested through further sampling of missing episodes before findings are agreed.",
            "Head of public protection, police force",
        ),
    ),
    2: (
        (
            "Health visiting service",
            "The health visiting record does not consider the impact of parental mental ill health on the child, and the plan has no measurable actions.",
            "The health visiting team leader has reviewed the record; a joint visit with the perinatal mental health team is booked and the plan now sets out who will do what by when.",
            "The review addresses the gap for this child; supervision records show the mental health history was known but not recorded as a risk.",
            "The lead agrees the plan is now fit for the child's needs.",
            "Director of Nursing, community health provider",
        ),
        (
            "Children's social care: front door",
            "The child in need plan has not been reviewed for five months and the risk assessment predates the latest domestic abuse notification.",
            "The case has been re-allocated to an experienced social worker; an updated assessment that takes account of the domestic abuse notification will be completed within ten working days.",
            "The response is adequate for this child but does not explain how the notification was missed; follow up at the next keep-in-touch meeting.",
            "The lead agrees the response meets the child's immediate needs.",
            "Director of Children's Services",
        ),
        (
            "Youth offending service",
            "Neglect has been the concern for two years but no chronology or neglect assessment tool has been used to test whether the family's care has improved.",
            "The youth offending service and children's social care have agreed a joint chronology, and a neglect assessment will be completed with the family before the next review.",
            "The response is proportionate; the joint chronology should help the plan test progress for this young person.",
            "The lead agrees the response is proportionate.",
            "Head of Youth Offending Service",
        ),
    ),
}
# How an evaluation reaches the senior officer (para 74).
_SHARED_BY = ("keep-in-touch meeting", "secure email")


def _demo_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _case_ref(child: Any) -> str:
    return child if isinstance(child, str) else child.payload["case_ref"]


def _inspector_id(inspector: Any) -> str:
    return inspector if isinstance(inspector, str) else inspector.id


def demo_changes(
    rng: random.Random,
    children: Sequence[Any],
    inspectors: Sequence[Any],
    *,
    today: date | None = None,
) -> list[Change]:
    """About eight concerns spread across every state, some overdue, each step its own version.

    `children`: case references or child records; `inspectors`: inspector ids or records (the one
    whose role is lead signs off; with bare ids the first is taken as the lead). Every text is
    made up and names nobody; the same checks as a real concern run on it.
    """
    today = today or date.today()
    refs = [_case_ref(c) for c in children]
    ids = [_inspector_id(i) for i in inspectors]
    if not refs or not ids:
        return []
    leads = [i.id for i in inspectors if not isinstance(i, str) and i.payload.get("role") == "lead"] or ids[:1]
    # Concerns are raised by the inspectors reading cases, not the QA manager or the analyst.
    field = [_inspector_id(i) for i in inspectors if isinstance(i, str) or i.payload.get("role") in ("lead", "team")] or ids
    rules = con.ConcernRules(known_case_refs=refs, team=ids, leads=leads)
    # The states the demo concerns reach: one category 1 concern is still unsent, one of the
    # waiting ones is overdue, and every later step is shown at least once.
    targets = ("raised", "sent", "sent", "responded", "evaluated", "shared", "signed-off", "signed-off")
    categories = (1, 2, 2, 2, 2, 2, 1, 2)
    used = {1: 0, 2: 0}
    changes: list[Change] = []
    for n, target in enumerate(targets):
        record = _demo_id(rng)
        category = categories[n]
        service, issues, response, first_eval, lead_eval, chief_officer = _CASES[category][used[category] % len(_CASES[category])]
        used[category] += 1
        waiting = target in con.AWAITING_RESPONSE
        # The unsent category 1 concern was raised this morning; the rest over the last week.
        referred = today if n == 0 else today - timedelta(days=3 + n % 4)
        if waiting:
            due = today + (timedelta(days=-2) if n == 2 else timedelta(days=1 + n))
        else:
            due = referred + timedelta(days=2)
        household = [refs[(n + 7) % len(refs)]] if category == 1 and len(refs) > 1 else []
        referrer = field[(n * 5 + 1) % len(field)] if len(field) > 1 else field[0]
        payload = con.raise_concern(
            {
                "case_refs": [refs[n % len(refs)], *household],
                "referred_by": referrer,
                "referred_on": referred,
                "service": service,
                "category": category,
                "issues": issues,
                "response_due": due,
            },
            rules,
            today=today,
        )
        received = min(today, referred + timedelta(days=1))
        evaluated_on = min(today, referred + timedelta(days=2))

        def lead_step(p: dict[str, Any]) -> dict[str, Any]:
            if not con.evaluators_missing(p, rules):
                return p
            return con.record_evaluation(p, rules, text=lead_eval, by=leads[0], on=evaluated_on, today=today)

        steps: list[Callable[[dict[str, Any]], dict[str, Any]]] = [
            lambda p: con.mark_sent(p, on=referred, today=today),
            lambda p: con.record_response(p, text=response, received=received, today=today),
            lambda p: con.record_evaluation(p, rules, text=first_eval, by=p["referred_by"], on=evaluated_on, today=today),
            lambda p: con.share_evaluation(lead_step(p), rules, on=evaluated_on, by=_SHARED_BY[n % 2], today=today),
            lambda p: con.sign_off(
                p,
                rules,
                chief_officer=chief_officer,
                chief_officer_date=evaluated_on,
                lead=leads[0],
                lead_date=evaluated_on,
                today=today,
            ),
        ]
        changes.append(Change(KIND, payload, record=record))
        for step in steps[: con.STATES.index(target)]:
            payload = step(payload)
            changes.append(Change(KIND, payload, record=record))
    return changes
