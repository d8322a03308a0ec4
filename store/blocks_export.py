"""Writing a document made of the letter's blocks (fieldwork.letter) as Word or Markdown: the
plan's timetable and the meetings' records share it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from fieldwork.letter import Block
from store.export import FORMATS, choose_format, document_meta
from store.export import write as write_export


def write_blocks(out: str | Path, blocks: Sequence[Block], *, fmt: str | None, title: str, default_name: str,
                 ws: Any = None) -> Path:
    """Write to `out` (a folder gets `default_name` plus the extension), by --format or by
    the file's extension; the file is replaced whole or not at all. With the workspace, a Word
    file carries the inspection's marking and the exporter's initials (store.export)."""
    path = Path(out).expanduser()
    fmt = choose_format(path, fmt)
    if path.is_dir():
        path = path / f"{default_name}{FORMATS[fmt]}"
    if fmt == "docx":
        from fieldwork.render import letter_docx

        data = letter_docx.render_blocks(blocks, title=title, meta=document_meta(ws, title) if ws is not None else None)
    else:
        from fieldwork.render import letter_md

        data = letter_md.render_blocks(blocks).encode("utf-8")
    return write_export(path, data)
