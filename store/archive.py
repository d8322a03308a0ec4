"""Para 81 at the end of the inspection: the retention archive, and closing a laptop for good.

`export` writes an encrypted archive (Argon2id from a recovery code made for it, then AES-GCM
with the archive's clear header as associated data, so the header cannot be swapped) and its
readable Word or Markdown copy. `open_archive` reads one back with the code alone: it needs no
store, as the laptop that made it may already be wiped.

`wipe` is crypto-shredding: once it has confirmed that the team's bundle holds every version this
inspector wrote and that the archive exists for this inspection, it overwrites the keyring (the
only place the inspection key and the device key live, wrapped) with random bytes, flushes it,
deletes it, and deletes the store's database files. What is left of the ciphertext anywhere (a
backup, a stick) no longer has a key on this laptop.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from fieldwork import archive as arc
from fieldwork.errors import AccessDenied, ValidationError
from store import crypto
from store.blocks_export import write_blocks
from store.files import atomic_write, fsync_dir
from store.keyring import keyring_path
from store.log import DB_FILE
from store.workspace import Workspace

SUFFIX = ".fwarchive"


def _records(ws: Workspace, scope: str) -> list[dict[str, Any]]:
    if scope == "sea":
        if not ws.is_lead:
            raise AccessDenied("Only the lead inspector exports the SEA for Ofsted's retention (para 81); export your own records with --scope mine.")
        wanted = {r.id for r in ws.records("sea", include_deleted=True)}
    else:
        # Every record I wrote any version of: my contemporaneous record, edits of others' included.
        # From the trust chain's view of the signed bytes, never the log's clear columns.
        judge = ws.judge
        wanted = {seen.record for vid, seen in judge.versions.items() if seen.author == ws.me_id and judge.status.get(vid) == "accepted"}
    out: list[dict[str, Any]] = []
    for record_id in sorted(wanted):
        record = ws.get(record_id)
        if record is None or record.kind in ("inspection", "inspector", "device", "ticket", "revocation", "epoch"):
            continue
        out.append({
            "id": record.id,
            "kind": record.kind,
            "deleted": record.deleted,
            "payload": record.payload,
            "history": [
                {"version": h.version, "author": h.author_name or h.author[:8], "when": h.when, "op": h.op,
                 "changed": sorted(h.changes), "payload": h.payload}
                for h in ws.history(record.id)
            ],
        })
    out.sort(key=lambda r: (r["kind"], r["history"][0]["when"] if r["history"] else "", r["id"]))
    return out


def export(ws: Workspace, out: str | Path, *, scope: str = "mine", fmt: str = "md") -> tuple[Path, Path, str]:
    """Write OUT.fwarchive and OUT.md (or .docx); returns both paths and the recovery code,
    which is shown once and kept nowhere."""
    if scope not in arc.SCOPES:
        raise ValidationError(f"Unknown scope '{scope}': choose {' or '.join(arc.SCOPES)}.")
    base = Path(out)
    if base.suffix.lower() in (SUFFIX, ".md", ".docx"):
        base = base.with_suffix("")
    archive_path = base.with_name(base.name + SUFFIX)
    inspection = ws.inspection
    me = ws.me
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    content = {
        "scope": scope,
        "inspection": {"id": ws.inspection_id, "area": inspection.get("area", ""), "theme": inspection.get("theme", ""),
                       "notified": inspection.get("notified", "")},
        "exported_by": me.get("name", ""),
        "inspectorate": me.get("inspectorate", ""),
        "exported_at": now,
        "records": _records(ws, scope),
    }
    code = arc.new_recovery_code()
    params = crypto.KdfParams.fresh()
    head = arc.header(inspection=ws.inspection_id, scope=scope, exported_by=str(me.get("name", "")), exported_at=now,
                      kdf=params.to_json())
    head_bytes = arc.header_bytes(head)
    nonce, sealed = crypto.seal(params.derive(code), json.dumps(content, ensure_ascii=False).encode("utf-8"), head_bytes)
    copy = write_blocks(base.with_name(base.name + (".docx" if fmt == "docx" else ".md")), arc.readable(content), fmt=fmt,
                        title=arc.SCOPES[scope], default_name=base.name, ws=ws)
    atomic_write(archive_path, head_bytes + b"\n" + nonce + sealed)
    return archive_path, copy, code


def read_header(path: str | Path) -> dict[str, Any]:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ValidationError(f"Cannot read {path}: {err.strerror}.") from None
    return arc.parse_header(data)[0]


def open_archive(path: str | Path, code: str) -> dict[str, Any]:
    """The archive's content, given its recovery code."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ValidationError(f"Cannot read {path}: {err.strerror}.") from None
    head, offset = arc.parse_header(data)
    try:
        params = crypto.KdfParams.from_json(head.get("kdf"))
    except ValueError as err:
        raise ValidationError(f"That archive's key settings are refused: {err}.") from None
    body = data[offset:]
    nonce, sealed = body[: crypto.NONCE_BYTES], body[crypto.NONCE_BYTES :]
    try:
        plain = crypto.unseal(params.derive(arc.normalise_code(code)), nonce, sealed, arc.header_bytes(head))
    except crypto.InvalidTag:
        raise AccessDenied("That recovery code does not open this archive (or the archive is damaged).") from None
    return json.loads(plain.decode("utf-8"))


# --- closing the laptop ---------------------------------------------------------------------------


def _shred(path: Path) -> None:
    """Overwrite with random bytes, flush to disk, then delete."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as handle:
        handle.write(os.urandom(max(size, 1)))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def wipe(ws: Workspace) -> list[str]:
    """Crypto-shred this laptop's copy of the inspection: the keyring first, then the store.
    Closes the workspace. Returns the names of the files removed."""
    home = ws.home
    ws.close()
    removed: list[str] = []
    ring = keyring_path(home)
    for path in [ring, *(home / f"{DB_FILE}{suffix}" for suffix in ("", "-wal", "-shm", "-journal"))]:
        if path.exists():
            _shred(path)
            removed.append(path.name)
    fsync_dir(home)
    try:
        home.rmdir()  # only if nothing else was kept there
    except OSError:
        pass
    return removed
