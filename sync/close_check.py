"""Before `fieldwork close --wipe`: proof that nothing written here is lost (para 81).

It reads a bundle, so it lives in sync/ (the store never imports sync): the bundle must open for
this inspection, in whichever key epoch it was written, and hold every version written here."""

from __future__ import annotations

from pathlib import Path

from fieldwork.errors import FieldworkError
from store.archive import read_header
from store.workspace import Workspace
from sync.bundle import read_bundle


def check_before_wipe(ws: Workspace, *, bundle: str | Path, archive: str | Path) -> None:
    """Refuse, in one sentence, unless the bundle holds every version I wrote and the archive is
    a Fieldwork archive of this inspection."""
    ring = ws.ring
    if ring is None:
        raise FieldworkError("The inspection is locked.")
    try:
        data = Path(bundle).read_bytes()
    except OSError as err:
        raise FieldworkError(f"Cannot read the bundle {bundle}: {err.strerror}. Nothing was wiped.") from None
    contents = read_bundle(
        data,
        inspection=ws.inspection_id,
        inspection_key=ring.inspection_key,
        name=f"The bundle {Path(bundle).name}",
        epoch_keys=ws.keys,
        unseal=ws.unseal_epoch_key,
    )
    judge = ws.judge
    mine = {vid for vid, seen in judge.versions.items() if seen.author == ws.me_id and judge.status.get(vid) == "accepted"}
    missing = mine - set(contents.ids)
    if missing:
        raise FieldworkError(
            f"The bundle lacks {len(missing)} of the versions written here: run 'fieldwork sync' again first. Nothing was wiped."
        )
    head = read_header(archive)
    if head.get("inspection") != ws.inspection_id:
        raise FieldworkError("The archive belongs to another inspection. Nothing was wiped.")
