"""Documents built in memory from records: the Annex C form, the letter draft, reports.

Renderers return text or bytes and never touch the disk; the caller writes them (atomically,
with store.files.atomic_write). python-docx is imported only when a .docx is asked for, so the
domain stays quick to import.
"""

from __future__ import annotations

from datetime import datetime, timezone
from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document as DocumentType


def new_document(title: str) -> "DocumentType":
    """A blank Word document whose properties name nobody.

    python-docx's template carries its own author ("python-docx") and comments, and Word shows
    document properties to whoever receives the file: an export names no person (para 80)."""
    from docx import Document

    doc = Document()
    props = doc.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.title = title
    props.created = datetime.now(timezone.utc).replace(microsecond=0)
    return doc


def docx_to_bytes(doc: "DocumentType") -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
