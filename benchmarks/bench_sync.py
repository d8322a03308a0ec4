"""`merge` and `export`: bundles in and out (sync/bundle.py), timed in-process on open stores.

merge: the lead's store (inspection, team and children only) takes in twelve laptops' bundles,
2,000 new versions each (24,000 in all, 10,000 entries with their edits), one file at a time as
`fieldwork sync` does: read the file, `import_bundle`. Opening the store is not timed (the lead has
it open, its SQL projection built, as the app has it by the time the Sync screen is used); each
run starts from a fresh copy of the base store. Each bundle is format 2: the laptop's versions go
with its attestation of them, one signature checked for 2,000 versions.

Floor for merge: the same files, the same decryption and the same durable insert with no
framework: HKDF the payload key, open the 64 KiB AES-GCM chunks, split the versions, AES-GCM
decrypt every payload (associated data rebuilt from the clear metadata), and insert each
version's bytes into a plain sqlite3 file (WAL, synchronous=FULL, one transaction per bundle, as
the store commits). Signature checks are not in the floor; their cost alone is reported beside it:
`signature_checks_alone_ms` verifies every version's own signature (what a format 1 bundle costs),
`attestation_checks_alone_ms` the bundles' attestations (what format 2 costs).

relay (fields of the merge figure): the lead's bundle after the merge, carrying everyone's versions
on, taken in by a laptop that holds the base and its own 2,000 versions (22,000 new to it), timed
the same way; `relay_checked_one_by_one` counts its versions no attestation of their own device
covers (each checked by its own signature).

export: `export_bundle` on an open store plus the atomic write of the file (temp name, fsync,
rename), for the standard and the ×5 inspection. Floor: read every version's bytes with plain
sqlite3, seal them in 64 KiB chunks, write and fsync the file.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import struct
import time
from pathlib import Path
from typing import Any

from bench_common import Clock, figure, fresh_copy, log, median_ms, ms

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_META = ("v", "i", "r", "k", "p", "c", "d", "a", "o")


def _key_of(home: Path, passphrase: str) -> tuple[str, bytes]:
    from store.keyring import read_keyring

    ring = read_keyring(home, passphrase)
    return ring.inspection_id, ring.inspection_key


def floor_merge(bundles: list[bytes], key: bytes, db_file: Path) -> int:
    from sync.bundle import CHUNK, TAG, _keys, _nonce  # the format's constants, not its code paths

    if db_file.exists():
        db_file.unlink()
    db = sqlite3.connect(db_file, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE versions (id TEXT PRIMARY KEY, raw BLOB, signature BLOB)")
    inserted = 0
    import hashlib

    for data in bundles:
        end = data.index(b"\n--- ") + 1
        end = data.index(b"\n", end) + 1
        salt = bytes.fromhex(data[: end].split(b"\nsalt ")[1][:32].decode())
        _, payload_key = _keys(key, salt)
        aead = AESGCM(payload_key)
        body = data[end:]
        size = CHUNK + TAG
        count = -(-len(body) // size)
        plain = b"".join(aead.decrypt(_nonce(i, i == count - 1), body[i * size:(i + 1) * size], None) for i in range(count))
        at = 0
        (devices,) = struct.unpack_from(">I", plain, at)
        at += 4 + 32 * devices
        (versions,) = struct.unpack_from(">I", plain, at)
        at += 4
        rows: list[tuple[str, bytes, bytes]] = []
        payload_aead = AESGCM(key)
        for _ in range(versions):
            (length,) = struct.unpack_from(">I", plain, at)
            raw = plain[at + 4: at + 4 + length]
            signature = plain[at + 4 + length: at + 68 + length]
            at += 68 + length
            vid = hashlib.sha256(raw).hexdigest()
            meta = json.loads(raw)
            aad = json.dumps({k: meta[k] for k in _META}, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            payload_aead.decrypt(base64.b64decode(meta["n"]), base64.b64decode(meta["x"]), aad)
            rows.append((vid, raw, signature))
        db.execute("BEGIN IMMEDIATE")
        before = db.total_changes
        db.executemany("INSERT OR IGNORE INTO versions VALUES (?,?,?)", rows)
        inserted += db.total_changes - before
        db.execute("COMMIT")
    db.close()
    return inserted


def _signature_cost(bundles: list[bytes], inspection: str, key: bytes) -> tuple[float, float]:
    """Seconds to verify, serially, every distinct version's own signature once (format 1's
    cost), and every bundle's attestations (format 2's)."""
    from store import crypto
    from store.versions import verify_attestation
    from sync.bundle import read_bundle

    seen: set[bytes] = set()
    work: list[tuple[bytes, bytes, bytes]] = []
    attested: list[tuple[Any, bytes]] = []
    for data in bundles:
        contents = read_bundle(data, inspection=inspection, inspection_key=key)
        by_device = contents.devices
        attested += [(a, by_device[a.device]) for a in contents.attestations]
        for raw, signature in contents.versions:
            if raw in seen:
                continue
            seen.add(raw)
            device = json.loads(raw)["d"]
            work.append((by_device[device], signature, raw))
    start = time.perf_counter()
    for public, signature, raw in work:
        crypto.verify(public, signature, raw)
    versions = time.perf_counter() - start
    start = time.perf_counter()
    for attestation, public in attested:
        verify_attestation(attestation, public, inspection)
    return versions, time.perf_counter() - start


def _checked_one_by_one(data: bytes, inspection: str, key: bytes) -> int:
    """Versions of a bundle that no attestation of their own device covers (or that are always
    checked one by one): what a receiver verifies by their own signatures."""
    from store.versions import INVITE_KINDS
    from sync.bundle import read_bundle

    contents = read_bundle(data, inspection=inspection, inspection_key=key)
    covered = {(a.device, vid) for a in contents.attestations for vid in a.covered()}
    count = 0
    for (raw, _), vid in zip(contents.versions, contents.ids):
        meta = json.loads(raw)
        count += meta["k"] in INVITE_KINDS or (meta["d"], vid) not in covered
    return count


def measure_relay(merged: Path, merge: Any, passphrase: str, work: Path, clock: Clock) -> tuple[int, bytes]:
    """The lead's combined bundle into a laptop holding the base and its own versions."""
    from store.workspace import Workspace
    from sync.bundle import export_bundle, import_bundle

    lead = Workspace.open(merged, passphrase)
    try:
        combined, _ = export_bundle(lead)
    finally:
        lead.close()
    laptop = Workspace.open(fresh_copy(merge.base, work / "relay"), passphrase)
    try:
        own = merge.bundles[3]
        import_bundle(laptop, own.read_bytes(), name=own.name)
        laptop.projection
        return clock.time(lambda: import_bundle(laptop, combined, name="lead.fwbundle").new), combined
    finally:
        laptop.close()


def measure_merge(merge: Any, passphrase: str, work: Path, *, repeats: int) -> dict[str, Any]:
    from store.workspace import Workspace
    from sync.bundle import import_bundle

    inspection, key = _key_of(merge.base, passphrase)
    clock, floor_clock, relay_clock = Clock(), Clock(), Clock()
    new = relayed = 0
    combined = b""
    for i in range(repeats):
        copy = fresh_copy(merge.base, work / "merge")
        ws = Workspace.open(copy, passphrase)
        try:
            ws.projection  # built before the clock starts, as the app has it when Sync is used

            def merge_all() -> int:
                total = 0
                for path in merge.bundles:
                    total += import_bundle(ws, path.read_bytes(), name=path.name).new
                return total

            new = clock.time(merge_all)
            versions = ws.version_count()
        finally:
            ws.close()
        floor_clock.time(lambda: floor_merge([p.read_bytes() for p in merge.bundles], key, work / "floor-merge.db"))
        log(f"merge run {i + 1}/{repeats}: {clock.wall[-1] * 1000:.0f} ms for {new} new versions (floor {floor_clock.wall[-1] * 1000:.0f} ms)")
        relayed, combined = measure_relay(copy, merge, passphrase, work, relay_clock)
        log(f"relay run {i + 1}/{repeats}: {relay_clock.wall[-1] * 1000:.0f} ms for {relayed} new versions")
    signatures, attestations = _signature_cost([p.read_bytes() for p in merge.bundles], inspection, key)
    return figure(
        clock.wall,
        floor=floor_clock.wall,
        cpu=clock.cpu,
        floor_cpu=floor_clock.cpu,
        budget_ms=2000,
        bundles=len(merge.bundles),
        new_versions=new,
        versions_after=versions,
        signature_checks_alone_ms=ms(signatures),
        attestation_checks_alone_ms=ms(attestations),
        relay_median_ms=median_ms(relay_clock.wall),
        relay_cpu_median_ms=median_ms(relay_clock.cpu),
        relay_runs_ms=[ms(s) for s in relay_clock.wall],
        relay_new_versions=relayed,
        relay_checked_one_by_one=_checked_one_by_one(combined, inspection, key),
        notes="12 bundles of 2,000 new versions each into a store holding the base (inspection, team, children), "
              "projection built; floor = chunk and payload decryption plus a durable plain-sqlite3 insert, without "
              "signature checks (every version's own signature, serially: signature_checks_alone_ms; the bundles' "
              "attestations: attestation_checks_alone_ms)",
    )


def floor_export(db_file: Path, key: bytes, out: Path) -> int:
    from sync.bundle import CHUNK, _nonce

    src = sqlite3.connect(db_file)
    rows = src.execute("SELECT raw, signature FROM versions ORDER BY seq").fetchall()
    src.close()
    parts = [struct.pack(">I", len(rows))]
    for raw, signature in rows:
        parts += [struct.pack(">I", len(raw)), raw, signature]
    plain = b"".join(parts)
    aead = AESGCM(key)
    count = max(1, -(-len(plain) // CHUNK))
    sealed = b"".join(aead.encrypt(_nonce(i, i == count - 1), plain[i * CHUNK:(i + 1) * CHUNK], None) for i in range(count))
    with open(out, "wb") as handle:
        handle.write(sealed)
        handle.flush()
        os.fsync(handle.fileno())
    return len(sealed)


def measure_export(home: Path, passphrase: str, work: Path, *, repeats: int, label: str) -> dict[str, Any]:
    from store.files import atomic_write
    from store.log import DB_FILE
    from store.workspace import Workspace
    from sync.bundle import export_bundle

    copy = fresh_copy(home, work / f"export-{label}")
    _, key = _key_of(copy, passphrase)
    out = work / f"export-{label}.fwbundle"
    clock, floor_clock = Clock(), Clock()
    ws = Workspace.open(copy, passphrase)
    try:
        def export() -> tuple[int, int]:
            data, count = export_bundle(ws)
            atomic_write(out, data)
            return count, len(data)

        for i in range(repeats):
            count, size = clock.time(export)
            floor_clock.time(lambda: floor_export(copy / DB_FILE, key, work / "floor-export.bin"))
            log(f"export {label} run {i + 1}/{repeats}: {clock.wall[-1] * 1000:.0f} ms (floor {floor_clock.wall[-1] * 1000:.0f} ms)")
    finally:
        ws.close()
    return figure(clock.wall, floor=floor_clock.wall, cpu=clock.cpu, floor_cpu=floor_clock.cpu, versions=count, bytes=size,
                  notes="export_bundle on an open store plus atomic_write (temp name, fsync, rename); no budget in DESIGN.md")
