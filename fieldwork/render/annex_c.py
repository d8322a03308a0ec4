"""The Annex C form ("Referring concerns to the local agencies") for one concern, as Markdown and
as a Word document laid out like the form in the JTAI guidance.

Both renderers read the same `AnnexC` view, so the two formats always hold the same sections
and fields. Blank parts of the form stay blank in Word: before a response arrives the document is
what goes to the agency's senior officer, who writes the response on it (para 74).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from fieldwork.concerns import CATEGORIES, state_label
from fieldwork.render.word import (
    DocumentMeta,
    docx_to_bytes,
    keep_rows_whole,
    new_document,
    paragraphs,
    scrub,
    set_widths,
    text_width_mm,
)

if TYPE_CHECKING:
    from docx.table import _Cell

TITLE = "Annex C. Referring concerns to the local agencies"
CASE_DETAILS = "Case details"
CASE_DETAILS_HINT = "Include details of other children in the family/household if relevant."
REASONS = "Reasons for referral back"
REASONS_HINT = "Select one category."
CASE_NUMBERS = "Case number(s)"
INSPECTOR = "Inspector referring"
REFERRED = "Date of referral"
SERVICE = "Service"
DUE = "Response and explanation required by"
ISSUES = "What are the issues that led to the case being referred?"
RESPONSE = "The agency's response"
RECEIVED = "Date received"
EVALUATION = "Inspector's evaluation of the information provided by the agency"
EVALUATED_BY = "Evaluated by"
SIGN_OFF = "Sign off"
CHIEF_OFFICER = "Chief officer"
LEAD = "Lead inspector"
DATE = "Date"

TICKED, UNTICKED = "\u2612", "\u2610"  # ballot box with X, empty ballot box


@dataclass(frozen=True)
class AnnexC:
    """The form's fields as they are printed: inspectors by initials, dates as YYYY-MM-DD."""

    heading_note: str
    case_refs: str
    inspector: str
    referred_on: str
    service: str
    response_due: str
    category: int
    issues: str
    response: str
    response_received: str
    evaluation: str
    evaluated_by: str
    evaluated_on: str
    chief_officer: str
    chief_officer_signed: str
    lead_inspector: str
    lead_signed: str


def form(payload: Mapping[str, Any], names: Mapping[str, str], *, area: str = "", ref: str = "") -> AnnexC:
    """`names` maps inspector ids to the initials or display name shown on the form."""

    def who(inspector_id: str) -> str:
        return names.get(inspector_id, inspector_id) if inspector_id else ""

    note = " · ".join(
        part
        for part in (
            f"Inspection of {area}" if area else "",
            f"concern {ref}" if ref else "",
            state_label(str(payload.get("state", ""))),
        )
        if part
    )
    return AnnexC(
        heading_note=note,
        case_refs=", ".join(payload.get("case_refs") or []),
        inspector=who(str(payload.get("referred_by", ""))),
        referred_on=str(payload.get("referred_on", "")),
        service=str(payload.get("service", "")),
        response_due=str(payload.get("response_due", "")),
        category=int(payload.get("category") or 0),
        issues=str(payload.get("issues", "")),
        response=str(payload.get("response", "")),
        response_received=str(payload.get("response_received", "")),
        evaluation=str(payload.get("evaluation", "")),
        evaluated_by=who(str(payload.get("evaluated_by", ""))),
        evaluated_on=str(payload.get("evaluated_on", "")),
        chief_officer=str(payload.get("chief_officer", "")),
        chief_officer_signed=str(payload.get("chief_officer_signed", "")),
        lead_inspector=who(str(payload.get("lead_inspector", ""))),
        lead_signed=str(payload.get("lead_signed", "")),
    )


# --- Markdown -----------------------------------------------------------------------------------

_PENDING = "_(not yet recorded)_"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or _PENDING


def _quote(text: str) -> list[str]:
    # Free text goes in a block quote so a line starting with '#' or '-' cannot reshape the form.
    if not text.strip():
        return [_PENDING]
    return [f"> {line}".rstrip() for line in text.strip().splitlines()]


def markdown(view: AnnexC) -> str:
    lines = [f"# {TITLE}", ""]
    if view.heading_note:
        lines += [view.heading_note, ""]
    lines += [
        f"## {CASE_DETAILS}",
        "",
        CASE_DETAILS_HINT,
        "",
        "| Field | Detail |",
        "|---|---|",
        f"| {CASE_NUMBERS} | {_cell(view.case_refs)} |",
        f"| {INSPECTOR} | {_cell(view.inspector)} |",
        f"| {REFERRED} | {_cell(view.referred_on)} |",
        f"| {SERVICE} | {_cell(view.service)} |",
        f"| {DUE} | {_cell(view.response_due)} |",
        "",
        f"## {REASONS}",
        "",
        REASONS_HINT,
        "",
    ]
    for number, words in CATEGORIES.items():
        box = "x" if view.category == number else " "
        lines.append(f"- [{box}] **Category {number}**: {words}")
    lines += ["", f"### {ISSUES}", "", *_quote(view.issues), ""]
    lines += [f"## {RESPONSE}", "", f"{RECEIVED}: {view.response_received or _PENDING}", "", *_quote(view.response), ""]
    lines += [f"## {EVALUATION}", ""]
    by = f"{view.evaluated_by} on {view.evaluated_on}" if view.evaluated_by else _PENDING
    lines += [f"{EVALUATED_BY}: {by}", "", *_quote(view.evaluation), ""]
    lines += [
        f"## {SIGN_OFF}",
        "",
        f"| | {CHIEF_OFFICER} | {LEAD} |",
        "|---|---|---|",
        f"| Signed | {_cell(view.chief_officer)} | {_cell(view.lead_inspector)} |",
        f"| {DATE} | {_cell(view.chief_officer_signed)} | {_cell(view.lead_signed)} |",
        "",
    ]
    return "\n".join(lines)


# --- Word ---------------------------------------------------------------------------------------


def _set(cell: "_Cell", text: str, *, label: str | None = None, style: str | None = None) -> None:
    """Replace a cell's content: an optional bold label, then the value (line breaks kept)."""
    paragraph = cell.paragraphs[0]
    paragraph.text = ""
    if style:
        paragraph.style = style
    if label is not None:
        paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def _block(cell: "_Cell", heading: str, byline: str, text: str) -> None:
    """A section that spans the form: a real heading, a byline, then the free text."""
    _set(cell, heading, style="Heading 2")
    if byline:
        cell.add_paragraph(byline)
    for part in paragraphs(text):
        cell.add_paragraph(part)


def docx_bytes(view: AnnexC, meta: DocumentMeta | None = None) -> bytes:
    """The form as a .docx: a title heading, then one bordered table laid out like Annex C.

    Case details sit beside the reasons for referral; the issues, the response and the evaluation
    each span the page's width below them, as free text of any length needs."""
    view = scrub(view)
    doc = new_document(meta or DocumentMeta(title=TITLE))
    doc.add_heading(TITLE, level=1)
    if view.heading_note:
        doc.add_paragraph(view.heading_note)

    details = (
        (CASE_NUMBERS, view.case_refs),
        (INSPECTOR, view.inspector),
        (REFERRED, view.referred_on),
        (SERVICE, view.service),
        (DUE, view.response_due),
    )
    first = len(details) + 1  # the row after the case details
    table = doc.add_table(rows=first + 6, cols=2)
    table.style = "Table Grid"
    cell = table.cell
    _set(cell(0, 0), CASE_DETAILS, style="Heading 2")
    cell(0, 0).add_paragraph(CASE_DETAILS_HINT)
    _set(cell(0, 1), REASONS, style="Heading 2")
    cell(0, 1).add_paragraph(REASONS_HINT)
    for row, (label, value) in enumerate(details, start=1):
        _set(cell(row, 0), value, label=label)
    for row, (number, words) in enumerate(CATEGORIES.items(), start=1):
        box = TICKED if view.category == number else UNTICKED
        _set(cell(row, 1), words, label=f"{box} Category {number}")
    cell(len(CATEGORIES) + 1, 1).merge(cell(len(details), 1))  # blank beside the rest of the details

    _block(cell(first, 0).merge(cell(first, 1)), ISSUES, "", view.issues)
    _block(cell(first + 1, 0).merge(cell(first + 1, 1)), RESPONSE, f"{RECEIVED}: {view.response_received}", view.response)
    byline = f"{EVALUATED_BY}: {view.evaluated_by}" + (f" on {view.evaluated_on}" if view.evaluated_on else "")
    _block(cell(first + 2, 0).merge(cell(first + 2, 1)), EVALUATION, byline, view.evaluation)

    _set(cell(first + 3, 0).merge(cell(first + 3, 1)), SIGN_OFF, style="Heading 2")
    _set(cell(first + 4, 0), view.chief_officer, label=CHIEF_OFFICER)
    _set(cell(first + 4, 1), view.lead_inspector, label=LEAD)
    _set(cell(first + 5, 0), view.chief_officer_signed, label=DATE)
    _set(cell(first + 5, 1), view.lead_signed, label=DATE)
    half = text_width_mm() / 2
    set_widths(table, [half, half])
    # The short rows (details, sign-off) stay whole; the free-text rows may run across pages.
    keep_rows_whole(table, skip=range(first, first + 3))
    return docx_to_bytes(doc)
