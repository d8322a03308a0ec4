"""A multi-agency case audit in the store: grading cases, writing each domain's notes, the report.

Grades and domain notes are records of their own (kinds "case-grade" and "case-domain") beside the
child record, so that grading a case never conflicts with editing its attributes, and two auditors
writing about different domains of the same case offline do not conflict either. Their ids are
derived from the case (see fieldwork.audit), so the same case and domain edited on two laptops is
one record with two heads: a conflict a person settles, never silently two answers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Mapping

from fieldwork import audit as domain
from fieldwork.errors import ValidationError
from fieldwork import partnership
from fieldwork.frameworks import Framework, Grade, load_pack
from fieldwork import free_text
from store import children
from store.export import choose_format, document_meta
from store.export import write as write_export
from store.record import Record
from store.workspace import Change, Workspace

FORMATS: tuple[str, ...] = ("docx", "md")


def _word(ws: Workspace, key: str) -> str:
    return ws.framework.vocabulary[key]


def grading(ws: Workspace) -> tuple[Grade, ...]:
    """The audit's grading scale: the one the partnership chose at init from its pack's scales
    ("none" grades nothing), or for a pack with no partnership table, the packs' own."""
    setup = partnership.of_packs(ws.inspection.get("packs", []))
    if setup is None:
        return ws.framework.grading
    return setup.grading(ws.inspection.get("grading"))


def _live(ws: Workspace, record_id: str, kind: str) -> Record | None:
    record = ws.get(record_id)
    return record if record is not None and record.kind == kind and not record.deleted else None


def _refuse_conflict(ws: Workspace, record: Record | None, what: str) -> None:
    # Workspace.write makes all current heads the parents, which would settle a conflict without
    # anyone having seen both sides; the design says never resolve silently.
    if record is not None and record.conflicted:
        raise ValidationError(f"The {what} was changed on two laptops offline: see both versions with "
                              f"'fieldwork conflicts' and keep one with 'fieldwork resolve {record.id} --keep "
                              "VERSION' first. Nothing was saved.")


def cases(ws: Workspace) -> list[domain.CaseAudit]:
    """Every audited case (child record), by case reference, with its grade and domain notes."""
    order = [s.id for s in ws.framework.strands]
    grades: dict[str, Record] = {r.payload.get("child", ""): r for r in ws.records(domain.GRADE_KIND)}
    notes: dict[str, list[Record]] = {}
    for record in ws.records(domain.DOMAIN_KIND):
        notes.setdefault(record.payload.get("child", ""), []).append(record)
    entries: dict[str, int] = {}
    for record in ws.records("sea"):
        for ref in set(record.payload.get("children", [])):
            entries[ref] = entries.get(ref, 0) + 1
    out = []
    for child in ws.records("child"):
        ref = child.payload["case_ref"]
        grade = grades.get(child.id)
        out.append(domain.case_audit(
            child.id, ref, grade.payload if grade else None,
            [(r.payload, r.conflicted) for r in notes.get(child.id, [])], order,
            entries=entries.get(ref, 0), grade_conflicted=bool(grade and grade.conflicted)))
    out.sort(key=lambda c: c.case_ref)
    return out


def case(ws: Workspace, case_ref: str) -> domain.CaseAudit:
    child = children.find(ws, case_ref)
    return next(c for c in cases(ws) if c.child_id == child.id)


def set_grade(ws: Workspace, case_ref: str, grade: str) -> domain.CaseAudit:
    child = children.find(ws, case_ref)
    chosen = domain.clean_grade(grade, grading(ws), _word(ws, "inspection"))
    record_id = domain.grade_record_id(ws.inspection_id, child.id)
    current = _live(ws, record_id, domain.GRADE_KIND)
    _refuse_conflict(ws, current, f"grade of {child.payload['case_ref']}")
    payload = domain.grade_payload(child.id, chosen)
    if current is None or current.payload != payload:
        ws.write([Change(domain.GRADE_KIND, payload, record=record_id)])
    return case(ws, child.payload["case_ref"])


def set_domain(ws: Workspace, case_ref: str, strand: str, fields: Mapping[str, str | None], *,
               confirm_no_names: bool = False) -> domain.CaseAudit:
    """Write one domain's good practice, development and recommendation for a case."""
    child = children.find(ws, case_ref)
    chosen = domain.clean_strand(strand, ws.framework.strands, _word(ws, "inspection"))
    record_id = domain.domain_record_id(ws.inspection_id, child.id, chosen.id)
    current = _live(ws, record_id, domain.DOMAIN_KIND)
    _refuse_conflict(ws, current, f"{chosen.label} notes of {child.payload['case_ref']}")
    base = current.payload if current else None
    payload = domain.domain_payload(child.id, chosen, fields, base)
    # Texts left unchanged keep the confirmation they were saved with; only new text is checked.
    payload["confirmed_no_names"] = free_text.guard_flag(domain.DOMAIN_KIND, payload, confirmed=confirm_no_names, before=base)
    if current is None or current.payload != payload:
        ws.write([Change(domain.DOMAIN_KIND, payload, record=record_id)])
    return case(ws, child.payload["case_ref"])


def case_json(ws: Workspace, item: domain.CaseAudit) -> dict[str, Any]:
    fw = ws.framework
    return {
        "id": item.child_id,
        "case_ref": item.case_ref,
        "grade": item.grade,
        "grade_label": next((g.label for g in grading(ws) if g.id == item.grade), item.grade) if item.grade else None,
        "conflicted": item.conflicted,
        "entries": item.entries,
        "domains": {
            d.strand: {"label": fw.strand_label(d.strand), **{k: d.text(k) for k in domain.NOTE_FIELDS},
                       "conflicted": d.conflicted}
            for d in item.domains
        },
    }


def _framework_titles(fw: Framework) -> list[str]:
    # The custom pack ships no criteria (and an inspection may not list it at all): name it once the
    # lead has added some, since they are counted in the report like any other.
    titles = [p.title for p in fw.packs if p.kind != "custom"]
    if any(c.pack == "custom" for c in fw.criteria):
        titles.append(load_pack("custom").title)
    return titles


def report(ws: Workspace, produced: date) -> domain.AuditReport:
    fw = ws.framework
    return domain.build_report(
        inspection=ws.inspection,
        words=fw.vocabulary,
        frameworks=_framework_titles(fw),
        team=[r.payload for r in ws.records("inspector")],
        cases=cases(ws),
        grading=grading(ws),
        strands=fw.strands,
        criteria=fw.criteria,
        entries=[r.payload for r in ws.records("sea")],
        produced=produced,
        label=fw.label,
        scale=scale_text(ws),
    )


def scale_text(ws: Workspace) -> str:
    """The scale in a sentence: which, from where, and that the framework itself sets none."""
    setup = partnership.of_packs(ws.inspection.get("packs", []))
    if setup is None:
        return ", ".join(g.label for g in ws.framework.grading) or "none"
    chosen = ws.inspection.get("grading") or setup.default_grading
    scale = setup.scale(chosen)
    if scale is None:
        return f"None: cases are not graded. {setup.grading_note}".strip()
    return f"{scale.label}. {scale.source}. {setup.grading_note}".strip()


def format_for(path: Path, fmt: str | None) -> str:
    return choose_format(path, fmt)


def render(ws: Workspace, fmt: str, produced: date) -> bytes:
    view = report(ws, produced)
    if fmt == "docx":
        from fieldwork.render.audit_report_docx import docx_bytes

        return docx_bytes(view, document_meta(ws, view.title))
    from fieldwork.render.audit_report_md import markdown

    return markdown(view).encode("utf-8")


def export(ws: Workspace, path: Path, fmt: str | None = None, *, produced: date | None = None) -> Path:
    """Write the audit report to `path` atomically (temporary name, flush, rename)."""
    path = Path(path).expanduser()
    chosen = format_for(path, fmt)
    return write_export(path, render(ws, chosen, produced or date.today()))
