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
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from fieldwork import concerns as con
from fieldwork.errors import ValidationError
from fieldwork.render import annex_c
from store import children
from store.files import atomic_write
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
        ws.records(KIND),
        key=lambda r: (r.payload.get("state") == "signed-off", r.payload.get("response_due", ""), r.payload.get("referred_on", ""), r.id),
    )


def to_json(ws: Workspace, record: Record, today: date | None = None) -> dict[str, Any]:
    p = record.payload
    today = today or date.today()
    category = int(p.get("category") or 0)
    return {
        "id": record.id,
        "case_refs": list(p.get("case_refs", [])),
        "category": category,
        "category_label": con.CATEGORY_SHORT.get(category, ""),
        "service": p.get("service", ""),
        "state": p.get("state", ""),
        "state_label": con.state_label(p.get("state", "")),
        "response_due": p.get("response_due", ""),
        "overdue": con.is_overdue(p, today),
        "days_overdue": con.days_overdue(p, today),
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
    return annex_c.docx_bytes(view) if fmt == "docx" else annex_c.markdown(view).encode("utf-8")


def format_for(path: Path | str, given: str | None = None) -> str:
    """The export format asked for, or the one OUT's extension names."""
    fmt = given or {suffix: name for name, suffix in FORMATS.items()}.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValidationError("Say which format to export (--format docx or --format md), or end the file name in .docx or .md.")
    return fmt


def default_export_name(record: Record, fmt: str) -> str:
    # The id, not the case reference: a file name shows up in folder listings and recent-file
    # menus, where a case reference has no business being.
    return f"annex-c-{record.id[:8]}{FORMATS.get(fmt, '')}"


def export(ws: Workspace, concern_id: str, fmt: str, path: Path | str) -> Path:
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / default_export_name(ws.require(concern_id, KIND), fmt)
    if not target.parent.is_dir():
        raise ValidationError(f"The folder {target.parent} does not exist.")
    atomic_write(target, render(ws, concern_id, fmt))
    return target


# --- demo data ----------------------------------------------------------------------------------

_SERVICES = (
    "Children's social care: front door",
    "Health visiting service",
    "Police public protection unit",
    "Child and adolescent mental health service",
    "Youth offending service",
    "School nursing service",
)
_ISSUES = {
    1: (
        "A second referral about bruising to a baby was closed without a strategy discussion or child protection enquiry.",
        "The child disclosed that an adult in the household hits them; no strategy discussion has been held and the child remains at home without a safety plan.",
        "A missing episode with indicators of exploitation was not followed by a return interview or a referral to the exploitation panel.",
    ),
    2: (
        "The assessment does not consider the impact of parental mental ill health on the child; the plan has no measurable actions.",
        "The child in need plan has not been reviewed for five months and the risk assessment predates the latest domestic abuse notification.",
        "Neglect has been the concern for two years but no chronology or neglect assessment tool has been used to test progress.",
    ),
}
_RESPONSES = (
    "A strategy discussion was held the next working day; a section 47 enquiry is under way and a social worker visited within 24 hours.",
    "The team manager has reviewed the case; an updated assessment will be completed within ten working days and the plan revised.",
    "The case has been re-allocated to an experienced worker and a multi-agency meeting has been convened.",
)
_EVALUATIONS = (
    "The response sets out proportionate immediate action and the child is now safe; the wider practice issue will feed into findings.",
    "The response is adequate for this child but does not explain why the earlier referral was closed; follow up at the next keep-in-touch meeting.",
)


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
    rules = con.ConcernRules(known_case_refs=refs, team=ids, leads=leads)
    # The states the eight demo concerns reach: two of the waiting ones are overdue.
    targets = ("raised", "raised", "sent", "sent", "responded", "evaluated", "evaluated", "signed-off")
    changes: list[Change] = []
    for n, target in enumerate(targets):
        record = _demo_id(rng)
        category = 1 if n % 3 == 0 else 2
        referred = today - timedelta(days=rng.randint(3, 8))
        # Two of the four awaiting a response are overdue; the other two fall due in the days ahead.
        if target in con.AWAITING_RESPONSE:
            due = today + (timedelta(days=-rng.randint(1, 2)) if n in (1, 3) else timedelta(days=rng.randint(1, 5)))
        else:
            due = referred + timedelta(days=rng.randint(2, 5))
        household = [refs[(n + 7) % len(refs)]] if n % 4 == 0 and len(refs) > 1 else []
        payload = con.raise_concern(
            {
                "case_refs": [refs[n % len(refs)], *household],
                "referred_by": rng.choice(ids),
                "referred_on": referred,
                "service": rng.choice(_SERVICES),
                "category": category,
                "issues": rng.choice(_ISSUES[category]),
                "response_due": due,
            },
            rules,
            today=today,
        )
        steps: list[Callable[[dict[str, Any]], dict[str, Any]]] = [
            lambda p: con.mark_sent(p, on=referred, today=today),
            lambda p: con.record_response(p, text=rng.choice(_RESPONSES), received=referred + timedelta(days=1), today=today),
            lambda p: con.record_evaluation(
                p, rules, text=rng.choice(_EVALUATIONS), by=p["referred_by"], on=referred + timedelta(days=2), today=today
            ),
            lambda p: con.sign_off(
                p,
                rules,
                chief_officer="Director of Children's Services",
                chief_officer_date=referred + timedelta(days=2),
                lead=leads[0],
                lead_date=referred + timedelta(days=2),
                today=today,
            ),
        ]
        changes.append(Change(KIND, payload, record=record))
        for step in steps[: con.STATES.index(target)]:
            payload = step(payload)
            changes.append(Change(KIND, payload, record=record))
    return changes

