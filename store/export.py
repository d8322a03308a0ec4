"""What every export shares: the format from the file's name, the document's marking and author,
and writing it where the user asked with one plain line for each way that can fail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fieldwork.errors import ValidationError
from fieldwork.records import marking_of
from store.files import atomic_write

if TYPE_CHECKING:
    from fieldwork.render.word import DocumentMeta
    from store.workspace import Workspace

FORMATS: dict[str, str] = {"docx": ".docx", "md": ".md"}
_WORDS = {"docx": "Word", "md": "Markdown"}


def choose_format(path: Path | str, given: str | None = None) -> str:
    """The format to write: `given` (--format), else the one the file's extension names.

    An extension that is neither .docx nor .md is refused, and so is one that contradicts
    --format: Word will not open Markdown saved under a .docx name, nor the other way round."""
    name = Path(path).name
    # A folder (Annex C exports name their own file inside it) has no extension to go by.
    suffix = "" if Path(path).expanduser().is_dir() else Path(path).suffix.lower()
    by_suffix = {s: f for f, s in FORMATS.items()}.get(suffix)
    if given is not None and given not in FORMATS:
        raise ValidationError(f"Unknown format '{given}': choose docx (Word) or md (Markdown).")
    if suffix and by_suffix is None:
        raise ValidationError(f"Cannot export to {name}: end the file name in .docx or .md (Word or Markdown).")
    if given and by_suffix and given != by_suffix:
        raise ValidationError(f"{name} ends in {suffix} but --format says {given}: make the two agree.")
    fmt = given or by_suffix
    if fmt is None:
        raise ValidationError("Say which format to export (--format docx or --format md), or end the file name in .docx or .md.")
    return fmt


def document_meta(ws: "Workspace", title: str) -> "DocumentMeta":
    """The marking the inspection set (OFFICIAL-SENSITIVE unless it says otherwise) and, as the
    author, the exporting inspector's initials."""
    from fieldwork.render.word import DocumentMeta

    return DocumentMeta(title=title, marking=marking_of(ws.inspection), author=str(ws.me.get("name", "")))


def write(path: Path | str, data: bytes) -> Path:
    """Write an export atomically into a folder that exists; refusals are one plain line."""
    target = Path(path).expanduser()
    if not target.parent.is_dir():
        raise ValidationError(f"Cannot write {target.name}: the folder {target.parent} does not exist; choose one that does.")
    atomic_write(target, data, mode=0o644)
    return target
