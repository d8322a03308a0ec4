"""The letter of findings draft as a Word document, built in memory with python-docx.

Headings use Word's own Title / Heading 1 / Heading 2 styles and lists its List Bullet / List
Number styles, so the navigation pane, the table of contents and restyling all work in Word and
LibreOffice when the lead turns the draft into the letter (para 82). The page, marking, footer and
properties come from the shared base in fieldwork.render.word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from fieldwork.letter import Block, Heading, Item, Letter, ListBlock, Para, Table
from fieldwork.render.word import DocumentMeta, add_table, docx_to_bytes, fit_widths, new_document, scrub

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

__all__ = ["render", "render_blocks"]


def _starts_appendix(block: Block) -> bool:
    # An appendix is read on its own (for quality assurance, para 92): it starts a page.
    return isinstance(block, Heading) and block.level == 1 and "appendix" in block.text.lower()


def render_blocks(blocks: Iterable[Block], *, title: str = "", meta: DocumentMeta | None = None) -> bytes:
    document = new_document(meta or DocumentMeta(title=title or "Document"))
    for block in scrub(list(blocks)):
        if isinstance(block, Heading):
            heading = document.add_heading(block.text, level=block.level)
            if _starts_appendix(block):
                heading.paragraph_format.page_break_before = True
        elif isinstance(block, Para):
            for text in block.text.split("\n\n"):
                paragraph = document.add_paragraph()
                if block.lead:
                    paragraph.add_run(block.lead + " ").bold = True
                run = paragraph.add_run(" ".join(text.split()))
                run.italic = block.note
        elif isinstance(block, ListBlock):
            style = "List Number" if block.numbered else "List Bullet"
            for item in block.items:
                _item(document.add_paragraph(style=style), item)
        elif isinstance(block, Table):
            add_table(document, block.header, block.rows, widths_mm=fit_widths(block.header, block.rows))
            document.add_paragraph()
    return docx_to_bytes(document)


def _item(paragraph: "Paragraph", item: Item) -> None:
    if item.lead:
        paragraph.add_run(item.lead + " ").bold = True
    paragraph.add_run(" ".join(item.text.split()))
    if item.tail:
        paragraph.add_run(item.tail).italic = True


def render(letter: Letter, meta: DocumentMeta | None = None) -> bytes:
    return render_blocks(letter.blocks(), title=letter.title, meta=meta)
