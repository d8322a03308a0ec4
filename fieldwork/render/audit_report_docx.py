"""The audit report as a Word document, for the partnership's executive and subgroups.

Laid out from the same `AuditReport` view as the Markdown report (same sections, same rows).
python-docx is imported only here and only when a document is asked for; the bytes are returned,
and the caller writes them atomically.
"""

from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO
from typing import TYPE_CHECKING

from fieldwork.audit import NOTE_FIELDS, NOTE_LABELS, AuditReport

if TYPE_CHECKING:
    from docx.document import Document as DocumentType

NOTHING = "None recorded."


def _table(doc: "DocumentType", header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.add_paragraph()


def _text(doc: "DocumentType", text: str, style: str | None = None) -> None:
    # Blank lines separate paragraphs; single line breaks stay within one.
    for part in text.strip().split("\n\n"):
        doc.add_paragraph(part.strip(), style=style)


def docx_bytes(report: AuditReport) -> bytes:
    from docx import Document

    doc = Document()
    props = doc.core_properties
    # The template carries python-docx's own author and comments; an export names nobody.
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.title = report.title
    props.created = datetime.now(timezone.utc).replace(microsecond=0)

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
    _table(doc, *report.criteria_rows())

    doc.add_heading(f"Appendix: {report.word('children')}", level=1)
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

    out = BytesIO()
    doc.save(out)
    return out.getvalue()
