"""The version log on disk: an SQLite file in WAL mode holding ciphertext and merge metadata only.

Every action is one transaction: a crash leaves either all of it or none of it. Nothing in this
file is ever plaintext of a record; the temp store is kept in memory so sorting never spills
plaintext-free-but-still-unwanted files beside it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

from store.graph import Meta
from store.versions import Attestation, Version, decode_version

DB_FILE = "store.db"
SCHEMA_VERSION = 2  # 2: the quarantine table
# The page cache while a merge writes its rows (KiB): the default 2 MiB is smaller than the
# version ids' index of a 24,000-version store, which a merge writes to at random places (a
# quarter off the insert's time). Bounded: the process may keep the extra memory afterwards.
BULK_CACHE_KIB = 8 * 1024

_SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    record TEXT NOT NULL,
    kind TEXT NOT NULL,
    parents TEXT NOT NULL,
    clock TEXT NOT NULL,
    device TEXT NOT NULL,
    author TEXT NOT NULL,
    op TEXT NOT NULL,
    raw BLOB NOT NULL,
    signature BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_record ON versions(record);
CREATE TABLE IF NOT EXISTS pending (
    id TEXT PRIMARY KEY,
    raw BLOB NOT NULL,
    signature BLOB NOT NULL,
    missing TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    public_key BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS attestations (
    signature BLOB PRIMARY KEY,
    device TEXT NOT NULL,
    ids BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS quarantine (
    id TEXT PRIMARY KEY,
    raw BLOB NOT NULL,
    signature BLOB NOT NULL,
    reason TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS local (
    key TEXT PRIMARY KEY,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL
);
"""


def _parents_json(parents: tuple[str, ...]) -> str:
    # What json.dumps writes for a list of hex ids (a merge stores tens of thousands at once).
    return '["' + '", "'.join(parents) + '"]' if parents else "[]"


_ATTESTATIONS = _SCHEMA[_SCHEMA.index("CREATE TABLE IF NOT EXISTS attestations") :].split(";")[0]


class VersionLog:
    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise FileNotFoundError(self.path)
        # Not bound to one thread: a merge commits on a helper thread while it folds what it
        # wrote into memory (transaction(meanwhile=...)); `_busy` keeps the two apart.
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0, check_same_thread=False)
        self._busy = threading.Lock()
        self.db.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit the CLI reports as done survives a power cut, not just a process kill.
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA temp_store=MEMORY")
        if create:
            with self.transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def roomy_cache(self) -> Iterator[None]:
        """A larger page cache for a transaction writing thousands of rows (wrap the
        transaction in it); the default again afterwards."""
        (default,) = self.db.execute("PRAGMA cache_size").fetchone()
        self.db.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA cache_size={int(default)}")

    @contextmanager
    def transaction(self, *, meanwhile: Callable[[], object] | None = None) -> Iterator[sqlite3.Connection]:
        """One transaction. `meanwhile` runs while the commit waits for the disk.

        A durable commit of a merge's rows is mostly waiting for fsync, with the interpreter
        free; the merge folds the same rows into memory then (a tenth of its time). `meanwhile`
        may read this log only through `get`. If the commit fails, the transaction is rolled
        back and the error raised after `meanwhile` has run: the caller must then drop what
        `meanwhile` did (the merge reloads from the log).
        """
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        if meanwhile is None:
            self.db.execute("COMMIT")
            return
        failed: list[BaseException] = []

        def commit() -> None:
            with self._busy:
                try:
                    self._commit()
                except BaseException as err:  # noqa: BLE001 - raised on the caller's thread below
                    failed.append(err)

        worker = threading.Thread(target=commit, name="fieldwork-commit")
        worker.start()
        try:
            meanwhile()
        finally:
            worker.join()
            if failed:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise failed[0]

    def _commit(self) -> None:
        self.db.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------------

    def insert_versions(self, versions: Iterable[Version]) -> None:
        """Call inside a transaction. Already-present ids are ignored (merge is set union)."""
        self.db.executemany(
            "INSERT OR IGNORE INTO versions (id, record, kind, parents, clock, device, author, op, raw, signature)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(v.id, v.record, v.kind, _parents_json(v.parents), v.clock, v.device, v.author, v.op, v.raw, v.signature) for v in versions],
        )

    def insert_devices(self, devices: dict[str, bytes]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO devices (id, public_key) VALUES (?,?)", list(devices.items()))

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?,?)", (key, value))

    # --- reading ---------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def metas(self) -> list[Meta]:
        return [
            Meta(row[0], row[1], row[2], tuple(json.loads(row[3])), row[4], row[5], row[6])
            for row in self.db.execute("SELECT id, record, kind, parents, clock, author, op FROM versions ORDER BY seq")
        ]

    def version_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM versions")}

    def has(self, version_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM versions WHERE id=?", (version_id,)).fetchone() is not None

    def get(self, ids: Iterable[str]) -> list[Version]:
        wanted = list(ids)
        out: list[Version] = []
        with self._busy:  # safe beside a commit on another thread (transaction's `meanwhile`)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(f"SELECT raw, signature FROM versions WHERE id IN ({marks})", chunk).fetchall()
                out.extend(decode_version(bytes(raw), bytes(sig), trusted=True) for raw, sig in rows)
        return out

    def for_record(self, record: str) -> list[Version]:
        rows = self.db.execute("SELECT raw, signature FROM versions WHERE record=? ORDER BY seq", (record,)).fetchall()
        return [decode_version(bytes(raw), bytes(sig), trusted=True) for raw, sig in rows]

    def all_versions(self) -> list[Version]:
        rows = self.db.execute("SELECT raw, signature FROM versions ORDER BY seq").fetchall()
        return [decode_version(bytes(raw), bytes(sig), trusted=True) for raw, sig in rows]

    def shipping(self) -> list[tuple[str, str, bytes, bytes]]:
        """(id, device, raw, signature) of every version in log order: what a bundle carries."""
        return [(row[0], row[1], bytes(row[2]), bytes(row[3])) for row in self.db.execute("SELECT id, device, raw, signature FROM versions ORDER BY seq")]

    def devices(self) -> dict[str, bytes]:
        return {row[0]: bytes(row[1]) for row in self.db.execute("SELECT id, public_key FROM devices")}

    # --- pending versions (parents not yet arrived) ------------------------------------------

    def pending(self) -> list[Version]:
        rows = self.db.execute("SELECT raw, signature FROM pending").fetchall()
        return [decode_version(bytes(raw), bytes(sig)) for raw, sig in rows]

    def pending_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM pending").fetchone()[0])

    def pending_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM pending")}

    def put_pending(self, versions: Iterable[Version], missing: dict[str, list[str]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO pending (id, raw, signature, missing) VALUES (?,?,?,?)",
            [(v.id, v.raw, v.signature, json.dumps(missing.get(v.id, []))) for v in versions],
        )

    def drop_pending(self, ids: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM pending WHERE id=?", [(i,) for i in ids])

    # --- attestations kept to be passed on (see store/versions.py) ---------------------------------

    def attestations(self) -> list[Attestation]:
        exists = self.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='attestations'").fetchone()
        if not exists:
            return []  # a store made before attestations: the table comes with the first one kept
        rows = self.db.execute("SELECT device, signature, ids FROM attestations ORDER BY device, signature").fetchall()
        return [Attestation(row[0], bytes(row[1]), bytes(row[2])) for row in rows]

    def put_attestations(self, keep: Iterable[Attestation], drop: Iterable[Attestation] = ()) -> None:
        """Call inside a transaction."""
        keep, drop = list(keep), list(drop)
        if not keep and not drop:
            return
        self.db.execute(_ATTESTATIONS)
        self.db.executemany("DELETE FROM attestations WHERE signature=?", [(a.signature,) for a in drop])
        self.db.executemany(
            "INSERT OR IGNORE INTO attestations (signature, device, ids) VALUES (?,?,?)",
            [(a.signature, a.device, a.ids) for a in keep],
        )

    # --- quarantine: signed versions the trust chain refused, kept aside, never passed on ------

    def quarantined(self) -> list[tuple[Version, str, str]]:
        """(version, reason, source) of every version kept aside, oldest first."""
        rows = self.db.execute("SELECT raw, signature, reason, source FROM quarantine ORDER BY rowid").fetchall()
        return [(decode_version(bytes(raw), bytes(sig), trusted=True), str(reason), str(source)) for raw, sig, reason, source in rows]

    def quarantine_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM quarantine").fetchone()[0])

    def put_quarantine(self, entries: Iterable[tuple[Version, str, str]]) -> None:
        """Call inside a transaction. A version refused again keeps its first source."""
        self.db.executemany(
            "INSERT INTO quarantine (id, raw, signature, reason, source) VALUES (?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET reason=excluded.reason",
            [(v.id, v.raw, v.signature, reason, source) for v, reason, source in entries],
        )

    def drop_quarantine(self, ids: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM quarantine WHERE id=?", [(i,) for i in ids])

    def drop_versions(self, ids: Iterable[str]) -> None:
        """Call inside a transaction: versions the trust chain no longer accepts (a revocation or
        a confirmed ticket reaching back) leave the applied log for the quarantine."""
        self.db.executemany("DELETE FROM versions WHERE id=?", [(i,) for i in ids])

    # --- encrypted local-only state (drafts, settings): never synced -------------------------

    def put_local(self, key: str, nonce: bytes, ciphertext: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO local (key, nonce, ciphertext) VALUES (?,?,?)", (key, nonce, ciphertext))

    def get_local(self, key: str) -> tuple[bytes, bytes] | None:
        row = self.db.execute("SELECT nonce, ciphertext FROM local WHERE key=?", (key,)).fetchone()
        return (bytes(row[0]), bytes(row[1])) if row else None

    def delete_local(self, key: str) -> None:
        self.db.execute("DELETE FROM local WHERE key=?", (key,))
