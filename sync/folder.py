"""`fieldwork sync FOLDER`: the everyday flow over a shared folder or a USB stick.

Each laptop owns one file in the folder, named by its device id. A sync takes in every other
laptop's bundle first and then writes mine, so my bundle also carries on what I just received
(a laptop that has left the room still reaches the others through me). Each bundle is taken in
all or nothing; a damaged one is reported and skipped without stopping the others.

A file's size is checked before a byte of it is read, so a huge file in the folder is refused in
one line and my bundle is still written; temporary files of writes that died are cleared first;
and a sync that deletes many records says so (`Deletions`), since every tombstone can be undone
with `fieldwork undelete`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from fieldwork.errors import FieldworkError
from store.files import atomic_write, clean_stale_parts
from sync.bundle import MAX_BUNDLE_BYTES, SUFFIX, BundleError, Progress, export_bundle, import_bundle

if TYPE_CHECKING:
    from store.workspace import ImportResult, Workspace

# Given a label, a callback for (done, total), or None where nobody is watching.
ProgressFor = Callable[[str], Progress | None]

# A sync deleting more than this many records, or this share of the team's SEA entries, is
# called out (issue 12): one teammate's slip, or a hostile laptop, should not pass unseen.
MANY_DELETED = 10
MANY_SEA_SHARE = 0.05


@dataclass(frozen=True)
class Deletions:
    """What a sync deleted: the records its tombstones took away, and how many were SEA entries."""

    ids: tuple[str, ...] = ()
    sea: int = 0
    sea_before: int = 0  # the team's SEA entries before the sync

    @property
    def many(self) -> bool:
        return len(self.ids) > MANY_DELETED or (self.sea > 0 and self.sea > MANY_SEA_SHARE * self.sea_before)

    def summary(self) -> str:
        """One line for the sync's summary ("" when nothing was deleted)."""
        if not self.ids:
            return ""
        share = f", {self.sea} of the team's {self.sea_before} SEA entries" if self.sea else ""
        undo = "'fieldwork history ID' shows who deleted each and 'fieldwork undelete ID' restores it"
        if self.many:
            return f"This sync deleted {len(self.ids)} records{share}: check this is meant; {undo}."
        return f"Deleted by the team: {len(self.ids)} record(s){share} ({undo})."

    def to_json(self) -> dict[str, object]:
        return {"records": len(self.ids), "sea": self.sea, "sea_before": self.sea_before, "many": self.many, "ids": list(self.ids)}


def sea_count(ws: "Workspace") -> int:
    """The team's SEA entries now: taken before a sync, to weigh what it deleted."""
    return ws.counts()["sea"]


def deletions(ws: "Workspace", results: Iterable["ImportResult"], sea_before: int) -> Deletions:
    """The records these imports touched that are now deleted."""
    touched = set().union(*(r.records_touched for r in results))
    gone = [record for record in (ws.get(rid) for rid in touched) if record is not None and record.deleted]
    return Deletions(tuple(sorted(r.id for r in gone)), sum(1 for r in gone if r.kind == "sea"), sea_before)


@dataclass
class SyncReport:
    wrote: Path
    versions_written: int
    imported: list[tuple[Path, "ImportResult"]] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    deleted: Deletions = field(default_factory=Deletions)
    parts_cleaned: int = 0  # temporary files of interrupted writes removed, here and in the home


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
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            # Before a byte is read: a 6 GB file would otherwise be read whole into memory.
            raise BundleError(
                f"{path.name} is {_size_text(size)}, larger than any bundle Fieldwork writes ({_size_text(MAX_BUNDLE_BYTES)}): it was not read. Nothing was imported."
            )
        # Read as a stream, a chunk at a time: never the whole file in memory beside its plaintext.
        with path.open("rb") as handle:
            return import_bundle(
                ws,
                handle,
                name=path.name,
                progress=progress_for(f"reading {path.name}"),
                # Checking and applying take longer than reading: show that they are under way, not a frozen bar.
                checking=lambda n: progress_for(f"checking {n} new version(s) from {path.name}"),
            )
    except OSError as err:  # a stick pulled out, a file another program locks
        raise BundleError(f"{path.name} cannot be read ({err.strerror}). Nothing was imported.") from None


def clear_interrupted_writes(ws: "Workspace", folder: Path) -> int:
    """At the start of a sync: the temporary files of writes that died, in the folder and the home."""
    return clean_stale_parts(folder) + clean_stale_parts(ws.home)


def _size_text(size: int) -> str:
    return f"{size / (1 << 30):.1f} GiB" if size >= 1 << 30 else f"{size / (1 << 20):.1f} MiB"


def sync_folder(
    ws: "Workspace",
    folder: Path,
    *,
    progress_for: ProgressFor = lambda _label: None,
) -> SyncReport:
    folder = Path(folder)
    if not folder.is_dir():
        raise FieldworkError(f"{folder} is not a folder: give the shared folder or the USB stick's folder.")
    cleaned = clear_interrupted_writes(ws, folder)
    imported: list[tuple[Path, ImportResult]] = []
    refused: list[tuple[Path, str]] = []
    sea_before = sea_count(ws)
    for path in other_bundles(folder, ws.device_id):
        try:
            imported.append((path, import_file(ws, path, progress_for)))
        except BundleError as err:
            refused.append((path, str(err)))
    data, count = export_bundle(ws, progress=progress_for("writing my bundle"))
    target = folder / bundle_name(ws.device_id)
    atomic_write(target, data)
    return SyncReport(target, count, imported, refused, deletions(ws, (r for _, r in imported), sea_before), cleaned)
