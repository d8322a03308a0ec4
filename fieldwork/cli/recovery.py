"""Handing out what opens a laptop again: the recovery code (every laptop) and the lead's paper key.

Both are shown once on the terminal, or written into the printable recovery kit the person names
(`--recovery-kit FILE`, Markdown or Word by its extension); never written anywhere else in clear.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from fieldwork.cli.common import warn


def add_recovery_kit(parser: argparse.ArgumentParser, *, lead: bool) -> None:
    what = "the recovery code and the lead's paper key" if lead else "this laptop's recovery code"
    parser.add_argument(
        "--recovery-kit",
        metavar="FILE",
        help=f"write the printable recovery kit (.md or .docx) holding {what}; without it they are shown once here",
    )


def read_kit(path: str) -> str:
    """The text of a recovery kit (Markdown, Word, or a file holding just the code or the key)."""
    from pathlib import Path

    from fieldwork.errors import FieldworkError, NotFound

    file = Path(path).expanduser()
    try:
        if file.suffix.lower() != ".docx":
            return file.read_text(encoding="utf-8", errors="replace")
        from docx import Document

        return "\n".join(p.text for p in Document(str(file)).paragraphs)
    except OSError as err:
        raise NotFound(f"Cannot read {file}: {err.strerror}.") from None
    except Exception as err:  # a damaged or foreign .docx: said plainly, never a traceback
        raise FieldworkError(f"{file} is not a Word document Fieldwork can read ({type(err).__name__}).") from None


def kit_format(path: str | None) -> str | None:
    """The kit's format, checked before anything is made (an unknown extension is refused)."""
    if not path:
        return None
    from pathlib import Path

    from fieldwork.errors import ValidationError
    from store.export import choose_format

    fmt = choose_format(path)
    folder = Path(path).expanduser().parent
    if not folder.is_dir():
        raise ValidationError(f"The folder {folder} does not exist: choose one that does for the recovery kit. Nothing was made.")
    return fmt


def hand_out(ws: Any, *, recovery_code: str, path: str | None, fmt: str | None, paper_signer: Any = None) -> None:
    from fieldwork import paper_key
    from fieldwork.records import marking_of
    from fieldwork.render import recovery_kit
    from store import crypto, export

    ring = ws.ring
    block = ""
    if paper_signer is not None:
        block = paper_key.encode(
            paper_key.PaperKey(
                inspection=ws.inspection_id,
                root_device=ring.root_device,
                lead_inspector=ws.me_id,
                seed=crypto.private_raw(paper_signer),
                inspection_key=ring.inspection_key,
            )
        )
    if not path:
        warn("Your recovery code (shown this once; write it down and keep it away from this laptop):")
        warn(f"    {recovery_code}")
        warn("With it, 'fieldwork recover' opens this laptop's store if you forget your passphrase.")
        if block:
            warn("The lead's paper key (shown once; print it or copy it somewhere safe, never on this laptop):")
            for line in block.splitlines():
                warn(f"    {line}")
            warn("With it, 'fieldwork lead restore' makes a new laptop the lead's if this one is lost, and that laptop")
            warn("reads everything the team synced, even what was written after a laptop was revoked.")
        return
    inspection = ws.inspection if ws.has_inspection else {}
    kit = recovery_kit.RecoveryKit(
        area=str(inspection.get("area", "")),
        theme=str(inspection.get("theme", "")),
        initials=str(ws.me.get("name", "")),
        made_on=date.today().isoformat(),
        paper_key=block,
        recovery_code=recovery_code,
        marking=marking_of(inspection),
    )
    data = recovery_kit.render_docx(kit) if fmt == "docx" else recovery_kit.render_md(kit).encode("utf-8")
    written = export.write(path, data)
    warn(f"Wrote the recovery kit to {written}: print it, lock it away, and delete the file from this laptop.")
