"""The audit report as a Word document, for the partnership's executive and subgroups.

Laid out from the same `AuditReport` view as the Markdown report (same sections, same rows).
python-docx is imported only here and only when a document is asked for; the bytes are returned,
and the caller writes them atomically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldwork.audit import NOTE_FIELDS, NOTE_LABELS, AuditReport
from fieldwork.render.word import DocumentMeta, add_table, docx_to_bytes, fit_widths, new_document, paragraphs, scrub

if TYPE_CHECKING:
    from docx.document import Document as DocumentType

NOTHING = "None recorded."


def _table(doc: "DocumentType", header: list[str], rows: list[list[str]]) -> None:
    # Widths from the content: the criterion's label gets the room, counts stay narrow and their
    # headings ("Professionals", "development") whole.
    add_table(doc, header, rows, widths_mm=fit_widths(header, rows))
    doc.add_paragraph()


def _criteria(doc: "DocumentType", report: AuditReport) -> None:
    """The criterion table with its judgement counts in one column, one line a judgement that
    has entries: seven columns of A4 left the criterion's words a few letters a line and filled
    four pages with mostly zeros."""
    header, rows = report.criteria_rows()
    judgements = header[3:]
    laid_out = [
        [code, label, total, "\n".join(f"{j} {n}" for j, n in zip(judgements, counts) if n != "0") or "none"]
        for code, label, total, *counts in rows
    ]
    columns = [header[0], header[1], header[2], "By judgement"]
    add_table(doc, columns, laid_out, widths_mm=fit_widths(columns, laid_out))
    doc.add_paragraph()


def _text(doc: "DocumentType", text: str, style: str | None = None) -> None:
    for part in paragraphs(text):
        doc.add_paragraph(part, style=style)


def docx_bytes(report: AuditReport, meta: DocumentMeta | None = None) -> bytes:
    report = scrub(report)
    doc = new_document(meta or DocumentMeta(title=report.title))

    doc.add_heading(report.title, level=0)
    if report.theme:
        doc.add_paragraph(report.theme).runs[0].italic = True

    doc.add_heading("Scope", level=1)
    _table(doc, ["Field", "Detail"], [[k, v] for k, v in report.scope_rows()])
    doc.add_heading(report.word("inspectors", title=True), level=2)
    _table(doc, *report.auditor_rows())

    doc.add_heading("Grade distribution", level=1)
    _table(doc, *report.distribution_rows())

    doc.add_heading("Findings by domain", level=1)
    for theme in report.themes:
        doc.add_heading(theme.label, level=2)
        if theme.empty:
            doc.add_paragraph(NOTHING)
            continue
        for key in NOTE_FIELDS:
            doc.add_heading(NOTE_LABELS[key], level=3)
            items = theme.notes[key]
            if not items:
                doc.add_paragraph(NOTHING)
            for case_ref, text in items:
                paragraph = doc.add_paragraph(style="List Bullet")
                paragraph.add_run(f"{case_ref}: ").bold = True
                paragraph.add_run(text.strip())

    doc.add_heading("Evidence by criterion", level=1)
    _criteria(doc, report)

    appendix = doc.add_heading(f"Appendix: {report.word('children')}", level=1)
    appendix.paragraph_format.page_break_before = True
    if not report.cases:
        doc.add_paragraph(NOTHING)
    for case in report.cases:
        doc.add_heading(report.case_heading(case), level=2)
        doc.add_paragraph(f"{report.word('entries', title=True)} naming this {report.word('child')}: {case.entries}")
        if not case.domains:
            doc.add_paragraph(NOTHING)
        for notes in case.domains:
            doc.add_heading(report.strand_labels.get(notes.strand, notes.strand), level=3)
            for key in NOTE_FIELDS:
                text = notes.text(key)
                if text:
                    doc.add_paragraph().add_run(NOTE_LABELS[key]).bold = True
                    _text(doc, text)

    return docx_to_bytes(doc)
