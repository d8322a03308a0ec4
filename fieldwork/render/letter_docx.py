"""The letter of findings draft as a Word document, built in memory with python-docx.

Headings use Word's own Title / Heading 1 / Heading 2 styles and lists its List Bullet / List
Number styles, so the navigation pane, the table of contents and restyling all work in Word and
LibreOffice when the lead turns the draft into the letter (para 82).
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Iterable

from fieldwork.letter import Block, Heading, Item, Letter, ListBlock, Para, Table

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

__all__ = ["render", "render_blocks"]


def render_blocks(blocks: Iterable[Block], *, title: str = "") -> bytes:
    import docx  # imported here: the domain stays quick to import without it

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
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
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _item(paragraph: "Paragraph", item: Item) -> None:
    if item.lead:
        paragraph.add_run(item.lead + " ").bold = True
    paragraph.add_run(" ".join(item.text.split()))
    if item.tail:
        paragraph.add_run(item.tail).italic = True


def render(letter: Letter) -> bytes:
    return render_blocks(letter.blocks(), title=letter.title)
