"""A partnership's exception report or 12 monthly report as a Word document, on the shared base
(A4, the marking on every page, page X of Y), with the same sections as the Markdown report."""

from __future__ import annotations

from fieldwork.qa_report import QaReport
from fieldwork.render.word import DocumentMeta, add_table, docx_to_bytes, fit_widths, new_document, scrub

NOTHING = "None."


def docx_bytes(report: QaReport, meta: DocumentMeta | None = None) -> bytes:
    report = scrub(report)
    doc = new_document(meta or DocumentMeta(title=report.title))

    def table(header: list[str], rows: list[list[str]]) -> None:
        if not rows:
            doc.add_paragraph(NOTHING)
            return
        add_table(doc, header, rows, widths_mm=fit_widths(header, rows))
        doc.add_paragraph()

    doc.add_heading(report.title, level=0)
    doc.add_heading("Scope", level=1)
    table(["Field", "Detail"], [[k, v] for k, v in report.scope_rows()])
    doc.add_heading("Activities completed", level=1)
    if not report.activities:
        doc.add_paragraph(NOTHING)
    for a in report.activities:
        doc.add_heading(f"{a.label}: {a.theme}", level=2)
        doc.add_paragraph(f"Completed {a.completed} ({a.quarter}).")
        for finding in a.findings:
            doc.add_paragraph(finding.strip(), style="List Bullet")
        if not a.findings:
            doc.add_paragraph("No findings recorded.")
        for line in a.heard:
            doc.add_paragraph(line.strip(), style="List Bullet")
        if a.learning:
            paragraph = doc.add_paragraph()
            paragraph.add_run("Learning: ").bold = True
            paragraph.add_run(a.learning.strip())
    doc.add_heading("Actions overdue", level=1)
    table(["Due", "Owner", "Action", "From"], [list(r) for r in report.overdue])
    doc.add_heading("Actions reviewed by the Action Plan Evaluation group", level=1)
    table(["Reviewed", "Owner", "Action", "Impact"], [list(r) for r in report.reviewed])
    doc.add_heading("Grades by theme and quarter", level=1)
    table(list(report.grades_header), [list(r) for r in report.grades])
    if report.ratings:
        doc.add_heading("Section 11 self-ratings", level=1)
        table(["Agency", "Domain", "Self-rating"], [list(r) for r in report.ratings])
    return docx_to_bytes(doc)
