"""Every Word document starts from one base fit for a government office: A4, en-GB, Word's current
layout mode, the protective marking on every page, "page X of Y", honest properties; tables repeat
their header row and keep rows whole. Checked by reading the files back with python-docx."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone

import docx
import pytest
from docx.oxml.ns import qn

from fieldwork.letter import Heading, Para, Table
from fieldwork.records import DEFAULT_MARKING, clean_text, strip_controls
from fieldwork.render import annex_c, letter_docx
from fieldwork.render.word import DocumentMeta, fit_widths, scrub

ODD = (
    "bell\x07 vertical\x0btab form\x0cfeed nul\x00 esc\x1b[31m del\x7f c1\x85 "
    "emoji 👩‍👧‍👦🧒 right-to-left العربية עברית \u202eflip\u202c lone\ud800 \ufffe end\r\nnext\rline"
)


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def check_base(doc: docx.document.Document, *, title: str, marking: str, author: str = "", form: bool = False) -> None:
    """What the suite holds every exported Word document to. A form (Annex C) is one table laid
    out like the paper form, with no header row to repeat; every other table repeats its own."""
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == round(section.right_margin.mm) == 25
    default_lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert default_lang.get(qn("w:val")) == "en-GB"
    modes = [s.get(qn("w:val")) for s in doc.settings.element.iter(qn("w:compatSetting")) if s.get(qn("w:name")) == "compatibilityMode"]
    assert modes == ["15"]
    header = "\n".join(p.text for p in section.header.paragraphs)
    assert header.strip() == marking
    footer = section.footer._element
    instructions = " ".join(t.text for t in footer.iter(qn("w:instrText")))
    assert "PAGE" in instructions.split() and "NUMPAGES" in instructions.split()
    footer_text = "\n".join(p.text for p in section.footer.paragraphs)
    assert marking in footer_text and title in footer_text and "Page" in footer_text and " of " in footer_text
    props = doc.core_properties
    assert props.title == title and props.author == author and props.last_modified_by == author
    assert props.language == "en-GB" and props.comments == ""
    now = datetime.now(timezone.utc)
    assert props.created is not None and props.modified is not None
    assert props.created <= props.modified and now - props.modified < timedelta(minutes=5)
    assert props.created.year >= 2026
    for table in doc.tables if not form else ():
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None


def app_properties(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "docProps/thumbnail.jpeg" not in z.namelist() or "thumbnail" not in z.read("_rels/.rels").decode()
        return z.read("docProps/app.xml").decode("utf-8")


# --- the base -------------------------------------------------------------------------------------


def test_a_document_has_the_office_page_setup_marking_footer_and_properties() -> None:
    blocks = [Heading(0, "Letter draft"), Para("Text."), Table(("A", "B"), (("1", "2"),) * 80)]
    meta = DocumentMeta(title="Letter draft", marking="OFFICIAL", author="AB")
    data = letter_docx.render_blocks(blocks, meta=meta)
    doc = open_docx(data)
    check_base(doc, title="Letter draft", marking="OFFICIAL", author="AB")
    assert "Microsoft" not in app_properties(data) and "<Application>Fieldwork</Application>" in app_properties(data)
    rows = doc.tables[0].rows
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert sum(c.width.mm for c in rows[0].cells) == pytest.approx(160, abs=1)


def test_the_marking_defaults_to_official_sensitive() -> None:
    doc = open_docx(letter_docx.render_blocks([Para("x")], title="T"))
    check_base(doc, title="T", marking=DEFAULT_MARKING)
    assert DEFAULT_MARKING == "OFFICIAL-SENSITIVE"


def test_headings_are_black_arial_not_the_templates_blue_theme_font() -> None:
    doc = open_docx(letter_docx.render_blocks([Heading(1, "Section")], title="T"))
    style = doc.styles["Heading 1"]
    assert style.font.color.rgb == docx.shared.RGBColor(0, 0, 0)
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Arial" and fonts.get(qn("w:asciiTheme")) is None


def test_an_appendix_starts_a_new_page() -> None:
    blocks = [Heading(0, "T"), Heading(1, "Strengths"), Para("x"), Heading(1, "Evidence appendix"), Para("y")]
    doc = open_docx(letter_docx.render_blocks(blocks, title="T"))
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["Evidence appendix"].paragraph_format.page_break_before is True
    assert not by_text["Strengths"].paragraph_format.page_break_before


def test_column_widths_fit_words_and_the_page() -> None:
    header = ["Code", "Criterion", "Audit entries", "By judgement"]
    rows = [["P1.3", "Understanding of neglect amongst professionals across Somerset is enhanced", "12",
             "Strength 4\nArea for development 3\nSerious concern 5"]]
    widths = fit_widths(header, rows, 160)
    assert sum(widths) == pytest.approx(160)
    # Every column is at least as wide as its longest word needs, so no label breaks mid-word.
    assert widths[3] >= len("development") * 2.1 and widths[2] >= len("entries") * 2.3
    assert widths[1] == max(widths)


def test_the_audit_reports_criterion_table_fits_a4_in_four_columns() -> None:
    from tests.fieldwork.test_audit import report

    from fieldwork.render.audit_report_docx import docx_bytes

    doc = open_docx(docx_bytes(report()))
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "By judgement")
    widths = [c.width.mm for c in table.rows[0].cells]
    assert len(widths) == 4 and sum(widths) == pytest.approx(160, abs=1) and widths[1] == max(widths)
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


# --- odd text -------------------------------------------------------------------------------------


def test_the_boundary_removes_controls_but_keeps_newlines_tabs_emoji_and_rtl() -> None:
    cleaned = clean_text(ODD + "\ttabbed", "text")
    assert "\t" in cleaned and "\n" in cleaned and "\r" not in cleaned
    for gone in ("\x07", "\x0b", "\x0c", "\x00", "\x1b", "\x7f", "\x85", "\ud800", "\ufffe"):
        assert gone not in cleaned
    for kept in ("👩‍👧‍👦", "العربية", "עברית", "\u202e"):
        assert kept in cleaned
    assert strip_controls("a\x0bb") == "ab" and strip_controls("a\r\nb\rc") == "a\nb\nc"


def test_scrub_reaches_every_string_in_a_view() -> None:
    view = annex_c.form({"issues": ODD, "case_refs": ["CR-1\x0b04233"], "category": 1}, {})
    clean = scrub(view)
    assert "\x0b" not in clean.issues and "\x00" not in clean.issues and clean.case_refs == "CR-104233"


@pytest.mark.parametrize("text", [ODD, "x" * 20000, "\n\n\n", "", "| # - > *" * 500])
def test_every_document_survives_text_the_boundary_never_saw(text: str) -> None:
    # Text stored before the boundary cleaned controls, or by an older laptop, must still export.
    payload = {
        "issues": text, "response": text, "evaluation": text, "service": text, "case_refs": ["CR-104233"],
        "category": 2, "chief_officer": text[:100],
    }
    doc = open_docx(annex_c.docx_bytes(annex_c.form(payload, {}), DocumentMeta(title=annex_c.TITLE, author="AB")))
    check_base(doc, title=annex_c.TITLE, marking=DEFAULT_MARKING, author="AB", form=True)
    blocks = [Heading(0, text[:200] or "T"), Para(text, lead=text[:10]), Table(("A", text[:30] or "B"), ((text, text),))]
    letter = open_docx(letter_docx.render_blocks(blocks, meta=DocumentMeta(title=text[:80] or "T", marking=text[:60] or "M")))
    assert letter.sections[0].header.paragraphs[0].text == scrub(text[:60] or "M")


def test_annex_c_issue_text_spans_the_page() -> None:
    doc = open_docx(annex_c.docx_bytes(annex_c.form({"issues": "long " * 4000, "category": 1}, {})))
    table = doc.tables[0]
    issues = next(r for r in table.rows if r.cells[0].text.startswith(annex_c.ISSUES))
    assert issues.cells[0]._tc is issues.cells[1]._tc  # one merged cell the table's full width
    assert issues._tr.trPr is None or issues._tr.trPr.find(qn("w:cantSplit")) is None  # it may run on
