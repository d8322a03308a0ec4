"""Test helpers for looking at what a store leaves on disk."""

from __future__ import annotations

import hashlib
from pathlib import Path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes: equal snapshots = nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def files_containing(folder: Path, needles: list[bytes]) -> list[tuple[str, bytes]]:
    hits = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                # UTF-16 too: SQLite can store text that way, and `strings -el` would find it.
                if needle in data or needle.decode().encode("utf-16-le") in data:
                    hits.append((str(path), needle))
    return hits
