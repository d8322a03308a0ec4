"""`fieldwork sync FOLDER`: the everyday flow over a shared folder or a USB stick.

Each laptop owns one file in the folder, named by its device id. A sync takes in every other
laptop's bundle first and then writes mine, so my bundle also carries on what I just received
(a laptop that has left the room still reaches the others through me). Each bundle is taken in
all or nothing; a damaged one is reported and skipped without stopping the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from fieldwork.errors import FieldworkError
from store.files import atomic_write
from sync.bundle import SUFFIX, BundleError, Progress, export_bundle, import_bundle

if TYPE_CHECKING:
    from store.workspace import ImportResult, Workspace

# Given a label, a callback for (done, total), or None where nobody is watching.
ProgressFor = Callable[[str], Progress | None]


@dataclass
class SyncReport:
    wrote: Path
    versions_written: int
    imported: list[tuple[Path, "ImportResult"]] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def bundle_name(device_id: str) -> str:
    return f"{device_id}{SUFFIX}"


def other_bundles(folder: Path, my_device: str) -> list[Path]:
    """Every complete bundle but mine: temporary names (.NAME.xxx.part) are half-written files."""
    mine = bundle_name(my_device)
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.endswith(SUFFIX) and not p.name.startswith(".") and p.name != mine
    )


def import_file(ws: "Workspace", path: Path, progress_for: ProgressFor = lambda _label: None) -> "ImportResult":
    """One bundle file, all or nothing; a refusal is a BundleError naming the file."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise BundleError(f"{path.name} cannot be read ({err.strerror}). Nothing was imported.") from None
    return import_bundle(
        ws,
        data,
        name=path.name,
        progress=progress_for(f"reading {path.name}"),
        # Checking and applying take longer than reading: show that they are under way, not a frozen bar.
        checking=lambda n: progress_for(f"checking {n} new version(s) from {path.name}"),
    )


def sync_folder(
    ws: "Workspace",
    folder: Path,
    *,
    progress_for: ProgressFor = lambda _label: None,
) -> SyncReport:
    folder = Path(folder)
    if not folder.is_dir():
        raise FieldworkError(f"{folder} is not a folder: give the shared folder or the USB stick's folder.")
    imported: list[tuple[Path, ImportResult]] = []
    refused: list[tuple[Path, str]] = []
    for path in other_bundles(folder, ws.device_id):
        try:
            imported.append((path, import_file(ws, path, progress_for)))
        except BundleError as err:
            refused.append((path, str(err)))
    data, count = export_bundle(ws, progress=progress_for("writing my bundle"))
    target = folder / bundle_name(ws.device_id)
    atomic_write(target, data)
    return SyncReport(target, count, imported, refused)
