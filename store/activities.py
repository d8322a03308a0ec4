"""A partnership's activities and action plans in the store, each write one transaction.

Activities and actions are records of their own ("activity", "action"), written through
Workspace.write like every record, checked for names like every text, and synced between the
partnership's auditors. The rules are in fieldwork.activities; this module finds records, guards
conflicts and writes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldwork import activities as domain
from fieldwork import partnership
from fieldwork.errors import ValidationError
from fieldwork import free_text
from fieldwork.workdays import WorkingCalendar
from store.record import Record
from store.workspace import Change, Workspace


def setup(ws: Workspace) -> partnership.Partnership:
    found = partnership.of_packs(ws.inspection.get("packs", []))
    if found is None or ws.inspection.get("mode") != "audit":
        raise ValidationError("Activities belong to a partnership's quality assurance: this store is not "
                              "in audit mode with a partnership's framework pack.")
    return found


def _calendar(ws: Workspace) -> WorkingCalendar:
    return WorkingCalendar(date.fromisoformat(d) for d in ws.inspection.get("closures", []))


def find(ws: Workspace, text: str, kind: str) -> Record:
    record = ws.resolve_id(text.strip())
    if record is None or record.kind != kind or record.deleted:
        raise ValidationError(f"No {kind} with the id '{text.strip()}'.")
    if record.conflicted:
        raise ValidationError(f"The {kind} was changed on two laptops offline: settle it with 'fieldwork resolve "
                              f"{record.id} --keep VERSION' first. Nothing was saved.")
    return record


def _case_ref(ws: Workspace) -> Any:
    from fieldwork import records as rec

    return lambda text: rec.clean_case_ref(text, ws.inspection.get("case_ref_pattern", rec.DEFAULT_CASE_REF_PATTERN))


def _check_entries(ws: Workspace, ids: list[str]) -> list[str]:
    out = []
    for text in ids:
        record = ws.resolve_id(text.strip())
        if record is None or record.kind != "sea" or record.deleted:
            raise ValidationError(f"No {ws.framework.vocabulary['entry']} with the id '{text.strip()}'.")
        out.append(record.id)
    return out


def save(ws: Workspace, kind: str | None, edit: domain.ActivityEdit, *, record_id: str | None = None,
         confirm_no_names: bool = False) -> Record:
    """Add an activity (`kind` given) or update one (`record_id` given)."""
    qa = setup(ws)
    current = find(ws, record_id, domain.ACTIVITY_KIND) if record_id else None
    base = current.payload if current else None
    edit.entries = _check_entries(ws, list(edit.entries))
    payload = domain.activity_payload(kind or str(base["type"] if base else ""), edit, qa,
                                      strands=[s.id for s in ws.framework.strands], case_ref=_case_ref(ws), base=base)
    payload["confirmed_no_names"] = free_text.guard_flag(domain.ACTIVITY_KIND, payload, confirmed=confirm_no_names, before=base)
    if current is not None and current.payload == payload:
        return current
    version = ws.write([Change(domain.ACTIVITY_KIND, payload, record=current.id if current else None)])[0]
    return ws.require(version.record)


def activities(ws: Workspace) -> list[Record]:
    return sorted(ws.records(domain.ACTIVITY_KIND), key=lambda r: (r.payload.get("month") or "9999", r.created, r.payload.get("theme", "")))


def actions(ws: Workspace, activity: str | None = None) -> list[Record]:
    rows = [r for r in ws.records(domain.ACTION_KIND) if activity is None or r.payload.get("activity") == activity]
    return sorted(rows, key=lambda r: (r.payload.get("due", ""), r.created, r.payload.get("text", "")))


def activity_json(ws: Workspace, record: Record, today: date) -> dict[str, Any]:
    qa = setup(ws)
    p = record.payload
    kind = qa.known(str(p.get("type")))
    due = domain.due_date(p, qa, _calendar(ws).add_working_days)
    own = actions(ws, record.id)
    data = {
        "id": record.id,
        **{k: "" for k in domain.SHAPES.get(str(p.get("type")), ()) if k in ("notified", "decided")},
        "month": "",
        **{k: v for k, v in p.items() if k != "confirmed_no_names"},
        "type_label": kind.label,
        "reports_to": list(kind.reports_to),
        "quarter": qa.quarter(date.fromisoformat(p["month"] + "-01")).label if p.get("month") else "",
        "due": due.isoformat() if due else "",
        "late": bool(due and p.get("status") != "completed" and due < today),
        "actions": len(own),
        "actions_overdue": sum(domain.overdue(a.payload, today) for a in own),
        "conflicted": record.conflicted,
    }
    if p.get("type") == "s11":
        data["side_by_side"] = domain.s11_side_by_side(p, qa)
    return data


def add_action(ws: Workspace, *, activity: str, owner_agency: str, owner_title: str, due: str, text: str,
               priority: str = "medium", confirm_no_names: bool = False) -> Record:
    setup(ws)
    parent = find(ws, activity, domain.ACTIVITY_KIND)
    payload = domain.action_payload(activity=parent.id, owner_agency=owner_agency, owner_title=owner_title,
                                    due=due, text=text, priority=priority)
    payload["confirmed_no_names"] = free_text.guard_flag(domain.ACTION_KIND, payload, confirmed=confirm_no_names)
    version = ws.write([Change(domain.ACTION_KIND, payload)])[0]
    return ws.require(version.record)


def action_done(ws: Workspace, action_id: str, evidence: str, today: date, *, confirm_no_names: bool = False) -> Record:
    record = find(ws, action_id, domain.ACTION_KIND)
    payload = domain.action_done(record.payload, evidence, today)
    payload["confirmed_no_names"] = free_text.guard_flag(domain.ACTION_KIND, payload, confirmed=confirm_no_names,
                                                         before=record.payload)
    ws.write([Change(domain.ACTION_KIND, payload, record=record.id)])
    return ws.require(record.id)


def action_review(ws: Workspace, action_id: str, impact: str, today: date) -> Record:
    record = find(ws, action_id, domain.ACTION_KIND)
    ws.write([Change(domain.ACTION_KIND, domain.action_review(record.payload, impact, today), record=record.id)])
    return ws.require(record.id)


def action_json(ws: Workspace, record: Record, today: date) -> dict[str, Any]:
    parent = ws.get(str(record.payload.get("activity")))
    return {
        "id": record.id,
        **{k: v for k, v in record.payload.items() if k != "confirmed_no_names"},
        "activity_theme": parent.payload.get("theme", "") if parent else "",
        "overdue": domain.overdue(record.payload, today),
        "conflicted": record.conflicted,
    }


# --- reports and the view across quarters ----------------------------------------------------------

def _grades(ws: Workspace) -> dict[str, str]:
    from store import audit

    return {c.case_ref: c.grade for c in audit.cases(ws) if c.grade}


def qa_report(ws: Workspace, audience: str, produced: date, since: date | None = None) -> Any:
    from fieldwork import qa_report
    from store import audit

    return qa_report.build(setup(ws), audience=audience, area=str(ws.inspection.get("area", "")),
                           scale=audit.scale_text(ws), grading=audit.grading(ws),
                           activities=[(r.id, r.payload) for r in activities(ws)],
                           actions=[r.payload for r in actions(ws)], grades=_grades(ws), produced=produced, since=since)


def export_report(ws: Workspace, audience: str, path: Any, fmt: str | None, produced: date,
                  since: date | None = None) -> Any:
    """Write the report for `audience` to `path` atomically, Word or Markdown."""
    from store import export

    chosen = export.choose_format(path, fmt)
    view = qa_report(ws, audience, produced, since)
    if chosen == "docx":
        from fieldwork.render.qa_report_docx import docx_bytes

        data = docx_bytes(view, export.document_meta(ws, view.title))
    else:
        from fieldwork.render.qa_report_md import markdown

        data = markdown(view).encode("utf-8")
    return export.write(path, data)


def trend(ws: Workspace, theme: str, today: date) -> list[Any]:
    from fieldwork import qa_report
    from store import audit

    return qa_report.across_quarters(setup(ws), theme, audit.grading(ws), [(r.id, r.payload) for r in activities(ws)],
                                     [r.payload for r in actions(ws)], _grades(ws), today)
