"""A partnership's exception report or 12 monthly report as Markdown, laid out like the audit
report (scope table, sections, tables), from the same `QaReport` view as the Word renderer."""

from __future__ import annotations

from fieldwork.qa_report import QaReport
from fieldwork.render.audit_report_md import _cell, _line, _table

NOTHING = "_None._"


def markdown(report: QaReport) -> str:
    lines = [f"# {_line(report.title)}", "", "## Scope", ""]
    lines += _table(["Field", "Detail"], [[k, v] for k, v in report.scope_rows()])
    lines += ["## Activities completed", ""]
    if not report.activities:
        lines += [NOTHING, ""]
    for a in report.activities:
        lines += [f"### {_cell(a.label)}: {_cell(a.theme)}", "", f"Completed {a.completed} ({a.quarter}).", ""]
        lines += [f"- {_line(' '.join(f.split()))}" for f in a.findings] or ["_No findings recorded._"]
        lines += [""]
        if a.heard:
            lines += [f"- {_line(' '.join(h.split()))}" for h in a.heard] + [""]
        if a.learning:
            lines += [f"**Learning**: {_line(' '.join(a.learning.split()))}", ""]
    lines += ["## Actions overdue", ""]
    lines += _table(["Due", "Owner", "Action", "From"], [list(r) for r in report.overdue]) if report.overdue else [NOTHING, ""]
    lines += ["## Actions reviewed by the Action Plan Evaluation group", ""]
    lines += _table(["Reviewed", "Owner", "Action", "Impact"], [list(r) for r in report.reviewed]) if report.reviewed else [NOTHING, ""]
    lines += ["## Grades by theme and quarter", ""]
    lines += _table(list(report.grades_header), [list(r) for r in report.grades]) if report.grades else [NOTHING, ""]
    if report.ratings:
        lines += ["## Section 11 self-ratings", ""]
        lines += _table(["Agency", "Domain", "Self-rating"], [list(r) for r in report.ratings])
    return "\n".join(lines).rstrip() + "\n"
