"""Writing a document made of the letter's blocks (fieldwork.letter) as Word or Markdown: the
plan's timetable and the meetings' records share it."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from fieldwork.errors import ValidationError
from fieldwork.letter import Block
from store.files import atomic_write

FORMATS: dict[str, str] = {"docx": ".docx", "md": ".md"}


def write_blocks(out: str | Path, blocks: Sequence[Block], *, fmt: str | None, title: str, default_name: str) -> Path:
    """Write to `out` (a folder gets `default_name` plus the extension), by --format or by
    the file's extension; the file is replaced whole or not at all."""
    path = Path(out)
    fmt = fmt or {".docx": "docx", ".md": "md"}.get(path.suffix.lower())
    if fmt not in FORMATS:
        raise ValidationError("Say the format: --format docx or md (or give OUT a .docx or .md name).")
    if path.is_dir():
        path = path / f"{default_name}{FORMATS[fmt]}"
    if fmt == "docx":
        from fieldwork.render import letter_docx

        data = letter_docx.render_blocks(blocks, title=title)
    else:
        from fieldwork.render import letter_md

        data = letter_md.render_blocks(blocks).encode("utf-8")
    try:
        atomic_write(path, data)
    except OSError as err:
        raise ValidationError(f"Cannot write {path}: {err.strerror}.") from None
    return path
