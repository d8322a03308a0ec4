"""The one base every Word document starts from: A4, British English, Word's current layout mode,
the protective marking at the top and bottom of each page, "page X of Y", honest properties.

Built here in code rather than shipped as a .docx template (docxtpl or a hand-made file): every
document is assembled from structured parts (blocks, form fields, report rows) with tables whose
rows vary, which a Jinja-in-Word template expresses less clearly than python-docx calls; and a few
dozen lines of code are reviewable in a diff where a binary template is not. python-docx's own
template is the starting point, and everything it gets wrong for a government office (US Letter,
en-US, Word 2010 compatibility mode, "Microsoft Macintosh Word" as the application, 2013 dates,
a thumbnail of an empty page) is set here once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from typing import TYPE_CHECKING, Any, Iterable, Sequence, TypeVar

from fieldwork.records import DEFAULT_MARKING, strip_controls

if TYPE_CHECKING:
    from docx.document import Document as DocumentType
    from docx.table import Table as TableType
    from docx.text.paragraph import Paragraph

LANGUAGE = "en-GB"
FONT = "Arial"  # on every Windows laptop, and metric-compatible Liberation Sans where it is not
BODY_PT = 11
PAGE_MM = (210, 297)  # A4
MARGIN_MM = 25
HEADING_PT = {0: 20, 1: 15, 2: 13, 3: 11.5}
TABLE_PT = 10  # tables a size down, so a row of counts fits across A4 without breaking words
# Word 2013 and later; anything lower opens the file in Compatibility Mode.
COMPATIBILITY_MODE = "15"

_T = TypeVar("_T")


@dataclass(frozen=True)
class DocumentMeta:
    """What every page and the file's properties say about a document."""

    title: str
    marking: str = DEFAULT_MARKING
    author: str = ""  # the exporting inspector's initials; never a person's name (para 80)


# --- text that Word can hold ----------------------------------------------------------------------

def scrub(value: _T) -> _T:
    """`value` with every string in it (through dataclasses, tuples, lists and dicts) cleaned by the
    boundary's control-character rule, which also removes all XML 1.0 refuses. Text stored before
    the boundary cleaned it, or written by an older laptop, must still make a document."""
    if isinstance(value, str):
        return strip_controls(value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: scrub(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = [scrub(v) for v in value]
        # A named tuple takes its fields as arguments; a plain tuple takes one iterable.
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)  # type: ignore[return-value]
    if isinstance(value, list):
        return [scrub(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return type(value)((scrub(k), scrub(v)) for k, v in value.items())  # type: ignore[return-value,call-arg]
    return value


# --- the base document ----------------------------------------------------------------------------


def new_document(meta: DocumentMeta) -> "DocumentType":
    from docx import Document
    from docx.shared import Mm

    meta = scrub(meta)
    doc = Document()
    _settings(doc)
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    section.header_distance = section.footer_distance = Mm(12)
    _header_footer(doc, meta)
    _properties(doc, meta)
    return doc


def docx_to_bytes(doc: "DocumentType") -> bytes:
    # Modified is the moment of writing, never before the created time.
    doc.core_properties.modified = _now()
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def text_width_mm() -> float:
    return PAGE_MM[0] - 2 * MARGIN_MM


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _settings(doc: "DocumentType") -> None:
    settings = doc.settings.element
    for setting in settings.iter(_w("compatSetting")):
        if setting.get(_w("name")) == "compatibilityMode":
            setting.set(_w("val"), COMPATIBILITY_MODE)
    for lang in settings.iter(_w("themeFontLang")):
        lang.set(_w("val"), LANGUAGE)
        lang.attrib.pop(_w("eastAsia"), None)


def _fonts(rpr: Any, size_pt: float | None = None) -> None:
    """Arial by name in every script slot; the template's theme-font links would override it."""
    from docx.oxml import OxmlElement

    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(_w(attr), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(_w(attr), FONT)
    if size_pt is not None:
        for tag in ("sz", "szCs"):
            el = rpr.find(_w(tag))
            if el is None:
                el = OxmlElement(f"w:{tag}")
                rpr.append(el)
            el.set(_w("val"), str(int(size_pt * 2)))


def _styles(doc: "DocumentType") -> None:
    from docx.shared import Pt, RGBColor

    styles = doc.styles.element
    rpr = styles.find(_w("docDefaults")).find(_w("rPrDefault")).find(_w("rPr"))
    _fonts(rpr, BODY_PT)
    lang = rpr.find(_w("lang"))
    lang.set(_w("val"), LANGUAGE)
    lang.set(_w("eastAsia"), LANGUAGE)
    spacing = styles.find(_w("docDefaults")).find(_w("pPrDefault")).find(_w("pPr")).find(_w("spacing"))
    spacing.set(_w("after"), "120")
    spacing.set(_w("line"), "264")
    for name, size in (("Title", HEADING_PT[0]), *((f"Heading {n}", HEADING_PT[n]) for n in (1, 2, 3))):
        style = doc.styles[name]
        _fonts(style.element.get_or_add_rPr(), size)
        # Black headings print and photocopy legibly; Word's blue does neither.
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = True
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    # The template draws a rule under Title; a plain bold title reads as a government document.
    title_ppr = doc.styles["Title"].element.find(_w("pPr"))
    if title_ppr is not None:
        border = title_ppr.find(_w("pBdr"))
        if border is not None:
            title_ppr.remove(border)


def _header_footer(doc: "DocumentType", meta: DocumentMeta) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section = doc.sections[0]
    top = section.header.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    top.add_run(meta.marking).bold = True

    footer = section.footer
    mark = footer.paragraphs[0]
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.add_run(meta.marking).bold = True
    line = footer.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.add_run(f"{meta.title} · Page ").font.size = Pt(9)
    _field(line, "PAGE", "1")
    line.add_run(" of ").font.size = Pt(9)
    _field(line, "NUMPAGES", "1")


def _field(paragraph: "Paragraph", instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in as they lay out pages."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(9)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(_w("fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(_w("fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(shown).font.size = Pt(9)
    end = OxmlElement("w:fldChar")
    end.set(_w("fldCharType"), "end")
    run_with(end)


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Fieldwork</Application><DocSecurity>0</DocSecurity></Properties>"
)
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


def _properties(doc: "DocumentType", meta: DocumentMeta) -> None:
    now = _now()
    props = doc.core_properties
    props.title = meta.title
    props.author = meta.author
    props.last_modified_by = meta.author
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = meta.marking
    props.language = LANGUAGE
    props.created = now
    props.modified = now
    props.revision = 1
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == _THUMBNAIL:  # a picture of python-docx's empty page
            package.rels.pop(rel_id)
        elif rel.reltype == _APP:
            # python-docx reads app.xml as an opaque part and offers no API for it: its bytes
            # are replaced whole ("Microsoft Macintosh Word" becomes "Fieldwork").
            rel.target_part._blob = _APP_XML.encode("utf-8")


# --- parts every document uses --------------------------------------------------------------------


def add_table(
    container: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_mm: Sequence[float] | None = None,
    bold_header: bool = True,
) -> "TableType":
    """A bordered table whose header row repeats on every page and whose rows never split.

    `container` is the document or a table cell. Without widths the columns share the text width."""
    from docx.shared import Pt

    table = container.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = bold_header
        run.font.size = Pt(TABLE_PT)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            # Line breaks in a cell's text are kept as breaks, not lost or turned into boxes.
            cell.text = ""
            cell.paragraphs[0].add_run(text).font.size = Pt(TABLE_PT)
    set_widths(table, widths_mm or [text_width_mm() / len(header)] * len(header))
    repeat_header(table)
    keep_rows_whole(table)
    return table


def set_widths(table: "TableType", widths_mm: Sequence[float]) -> None:
    """Fixed column widths: Word reads each cell's width, LibreOffice the table's grid."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(_w("tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(_w("type"), "fixed")


def repeat_header(table: "TableType") -> None:
    from docx.oxml import OxmlElement

    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    if tr_pr.find(_w("tblHeader")) is None:
        tr_pr.append(OxmlElement("w:tblHeader"))


def keep_rows_whole(table: "TableType", skip: Iterable[int] = ()) -> None:
    from docx.oxml import OxmlElement

    left_out = set(skip)
    for index, row in enumerate(table.rows):
        if index in left_out:
            continue
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(_w("cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks stay within one."""
    parts = [part.strip() for part in text.strip().split("\n\n")]
    return [p for p in parts if p] or [""]


def fit_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total_mm: float | None = None) -> list[float]:
    """Column widths (mm) that fit the content: no column narrower than its longest word (so no
    label breaks mid-word where the page allows), and the room left goes to the wordy columns."""
    total = total_mm or text_width_mm()
    bold, plain, pad = 2.3, 2.1, 4.0  # mm a character at TABLE_PT, bold and not; cell margins

    def longest_word(text: str) -> int:
        return max((len(w) for w in str(text).split()), default=1)

    least, want = [], []
    for index, title in enumerate(header):
        cells = [str(row[index]) for row in rows if index < len(row)]
        least.append(max([longest_word(title) * bold] + [longest_word(c) * plain for c in cells]) + pad)
        want.append(max([len(title) * bold] + [min(len(c), 70) * plain for c in cells]) + pad)
    want = [max(w, m) for w, m in zip(want, least)]
    if sum(want) <= total:
        return [w * total / sum(want) for w in want]
    if sum(least) >= total:
        return [m * total / sum(least) for m in least]
    spare = total - sum(least)
    extra = [w - m for w, m in zip(want, least)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra)]
