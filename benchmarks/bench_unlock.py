"""`unlock`: open a store (KDF excluded: a fast-KDF store) until the projection is built.

Figure: `Workspace.open` on a closed copy of the generated inspection and the build of its SQL
projection (which the app does in a thread once Home is drawn), then `close()` (not timed).
`records_only_median_ms` is `Workspace.open` alone: decrypting into memory, what the app waits
for before Home when the store changed since it last ran.
Floor: the least any design must do with the same file: read the winning versions' bytes with
plain sqlite3, decrypt each payload with AES-GCM (rebuilding the associated data from the clear
metadata, as the store must), parse it, and insert it into plain in-memory sqlite3 tables: one
row per record, plus the SEA columns the list filters on. No SQLAlchemy, no dataclasses, no graph.
The winners are chosen before the floor's clock starts (choosing them is the store's job).
"""

from __future__ import annotations

import base64
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench_common import Clock, figure, fresh_copy, log

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_META = ("v", "i", "r", "k", "p", "c", "d", "a", "o")
_SEA_COLUMNS = ("id", "criteria", "judgement", "strand", "source_type", "source_detail", "evidence_at", "recorded_at",
                "children", "agencies", "agreed_by", "text", "author", "haystack")


def winners(home: Path, passphrase: str) -> tuple[set[str], bytes]:
    """The ids of the versions unlock decrypts, and the inspection key (both from the store)."""
    from store.graph import states
    from store.workspace import Workspace

    ws = Workspace.open(home, passphrase)
    try:
        assert ws.ring is not None
        return {s.winner for s in states(ws.log.metas()).values()}, ws.ring.inspection_key
    finally:
        ws.close()


def floor_unlock(db_file: Path, wanted: set[str], key: bytes) -> int:
    """Decrypt the same payloads and insert them into in-memory sqlite3 with no framework."""
    aead = AESGCM(key)
    src = sqlite3.connect(db_file)
    try:
        rows = src.execute("SELECT id, raw FROM versions").fetchall()
    finally:
        src.close()
    mem = sqlite3.connect(":memory:")
    mem.execute("CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT, payload TEXT)")
    mem.execute(f"CREATE TABLE sea ({', '.join(c + (' TEXT PRIMARY KEY' if c == 'id' else ' TEXT') for c in _SEA_COLUMNS)})")
    records: list[tuple[str, str, str]] = []
    sea: list[tuple[Any, ...]] = []
    for vid, raw in rows:
        if vid not in wanted:
            continue
        data = json.loads(raw)
        if data["o"] != "put":
            continue
        aad = json.dumps({k: data[k] for k in _META}, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        text = aead.decrypt(base64.b64decode(data["n"]), base64.b64decode(data["x"]), aad).decode()
        payload = json.loads(text)
        records.append((data["r"], data["k"], text))
        if data["k"] == "sea":
            p = payload
            hay = " ".join([p.get("text", ""), " ".join(p.get("criteria", [])), " ".join(p.get("children", [])),
                            " ".join(p.get("agencies", [])), p.get("source_detail", "")]).lower()
            sea.append((data["r"], json.dumps(p.get("criteria", [])), p.get("judgement", ""), p.get("strand", ""),
                        p.get("source_type", ""), p.get("source_detail", ""), p.get("evidence_at", ""),
                        p.get("recorded_at", ""), json.dumps(p.get("children", [])), json.dumps(p.get("agencies", [])),
                        json.dumps(p.get("agreed_by", [])), p.get("text", ""), data["a"], hay))
    with mem:
        mem.executemany("INSERT INTO records VALUES (?,?,?)", records)
        mem.executemany(f"INSERT INTO sea VALUES ({','.join('?' * len(_SEA_COLUMNS))})", sea)
    count = len(records)
    mem.close()
    return count


def _open_and_project(home: Path, passphrase: str) -> Any:
    from store.workspace import Workspace

    ws = Workspace.open(home, passphrase)
    ws.projection  # built on first use: the figure counts it, as the issue defines unlock
    return ws


def _timed_open(home: Path, passphrase: str) -> float:
    from store.workspace import Workspace

    start = time.perf_counter()
    ws = Workspace.open(home, passphrase)
    elapsed = time.perf_counter() - start
    ws.close()
    return elapsed


def measure(home: Path, passphrase: str, work: Path, *, repeats: int, label: str = "standard") -> dict[str, Any]:
    from store.keyring import read_keyring
    from store.log import DB_FILE

    copy = fresh_copy(home, work / f"unlock-{label}")
    wanted, key = winners(copy, passphrase)
    clock, floor_clock = Clock(), Clock()
    kdf: list[float] = []
    records_only: list[float] = []
    records = 0
    # One warm-up of each, untimed: the first open in a process pays for SQLAlchemy's compiled
    # statement caches and imports, which a person pays once per app start, not once per unlock.
    _open_and_project(copy, passphrase).close()
    floor_unlock(copy / DB_FILE, wanted, key)
    for i in range(repeats):
        ws = clock.time(lambda: _open_and_project(copy, passphrase))
        records = len(ws.records("sea"))
        ws.close()
        records_only.append(_timed_open(copy, passphrase))
        floor_clock.time(lambda: floor_unlock(copy / DB_FILE, wanted, key))
        start = time.perf_counter()
        read_keyring(copy, passphrase)
        kdf.append(time.perf_counter() - start)
        log(f"unlock {label} run {i + 1}/{repeats}: {clock.wall[-1] * 1000:.0f} ms (floor {floor_clock.wall[-1] * 1000:.0f} ms)")
    return figure(
        clock.wall,
        floor=floor_clock.wall,
        cpu=clock.cpu,
        floor_cpu=floor_clock.cpu,
        budget_ms=250 if label == "standard" else None,
        budget_ratio=3.0 if label == "standard" else None,
        sea_entries=records,
        decrypted_versions=len(wanted),
        keyring_read_with_fast_kdf_ms=round(sorted(kdf)[len(kdf) // 2] * 1000, 2),
        records_only_median_ms=round(sorted(records_only)[len(records_only) // 2] * 1000, 2),
        notes="Workspace.open and the projection's build on a fast-KDF store (FIELDWORK_KDF=fast), warm process; "
              "the keyring read is included and shown separately; records_only: Workspace.open alone.",
    )
