"""The letter of findings draft as Markdown: the same blocks as the Word file, for review in any
editor and for diffing one draft against the next."""

from __future__ import annotations

import re
from typing import Iterable

from fieldwork.letter import Block, Heading, Item, Letter, ListBlock, Para, Table

__all__ = ["render", "render_blocks"]

# What turns the start of a line into a heading, a quote or a list item.
_MARKUP_START = re.compile(r"#|>|[-+*](\s|$)|\d+[.)](\s|$)")


def _inline(text: str) -> str:
    # Statements are prose, not Markdown: keep a line break from ending a list item or a table row,
    # and keep a leading "#" or "1." from turning a paragraph into a heading or a list.
    flat = " ".join(text.split())
    if _MARKUP_START.match(flat):
        flat = "\\" + flat
    return flat


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|") or " "


def _item(item: Item) -> str:
    lead = f"**{item.lead}** " if item.lead else ""
    return f"{lead}{_inline(item.text)}{item.tail}"


def render_blocks(blocks: Iterable[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * (block.level + 1)} {_inline(block.text).lstrip(chr(92))}")
        elif isinstance(block, Para):
            for line in block.text.split("\n\n"):
                text = _inline(line)
                if block.note:
                    text = f"_{text}_"
                parts.append(f"**{block.lead}** {text}" if block.lead else text)
        elif isinstance(block, ListBlock):
            parts.append("\n".join(
                f"{n}. {_item(item)}" if block.numbered else f"- {_item(item)}"
                for n, item in enumerate(block.items, 1)
            ))
        elif isinstance(block, Table):
            rows = [block.header, *block.rows]
            lines = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
            lines.insert(1, "|" + "|".join("---" for _ in block.header) + "|")
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def render(letter: Letter) -> str:
    return render_blocks(letter.blocks())
