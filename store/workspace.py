"""An unlocked inspection: the one object the CLI and the screens talk to.

Open it with the passphrase; it reads the keyring, opens the version log and decrypts the winning
version of every record into memory; from then on every change is written to disk first, in one
transaction, and then to memory. The SQL projection the SEA list filters on is built from memory
on first use (the app warms it in a thread once Home is drawn), so opening pays neither its build
nor SQLModel's import. `close()` drops the keys and the decrypted data.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from fieldwork import records as rec
from fieldwork.clock import ZERO, HybridClock, Stamp, iso_of
from fieldwork.errors import FieldworkError, NoInspection, NotFound, ValidationError
from store import crypto
from store.graph import Meta, RecordState, record_state, states
from store.keyring import Keyring, keyring_path, read_keyring, write_keyring
from store.log import DB_FILE, VersionLog
from store.record import Record
from store.versions import MalformedVersion, Version, decrypt_payload, decrypt_text, make_version, verify_version
from store.versions import INVITE_KINDS, Attestation, payload_cipher, verify_attestation

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from fieldwork.frameworks import Framework
    from store.projection import Projection


@dataclass(frozen=True)
class Change:
    kind: str
    payload: dict[str, Any]
    record: str | None = None  # None: a new record
    op: str = "put"
    parents: tuple[str, ...] | None = None  # None: the record's current heads


@dataclass(frozen=True)
class HistoryEntry:
    version: str
    parents: tuple[str, ...]
    author: str
    author_name: str
    device: str
    when: str
    clock: str
    op: str
    payload: dict[str, Any]
    changes: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class ConflictHead:
    version: str
    author: str
    author_name: str
    when: str
    op: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    record: str
    kind: str
    winner: str
    heads: tuple[ConflictHead, ...]
    differing: tuple[str, ...]  # the payload fields on which the heads disagree


@dataclass
class ImportResult:
    new: int = 0
    present: int = 0
    pending: int = 0
    applied_from_pending: int = 0
    conflicts_created: int = 0
    records_touched: set[str] = field(default_factory=set)


_LOAD_BATCH = 1000


def start_verifying(versions: list[Version], keys: dict[str, bytes]) -> Callable[[], bool]:
    """Check every signature on every core while the caller goes on decrypting.

    Ed25519 verification (about 100 µs a version) is the largest single cost of taking in
    versions nobody has attested (store/versions.py, Attestation), and the binding releases the
    GIL, so worker threads verify while the main thread decrypts. Returns a function that waits
    for the answer: True only if every signature verifies.
    """
    if len(versions) < 256:
        result = all(verify_version(v, keys[v.device]) for v in versions)
        return lambda: result
    workers = max(1, min(8, os.cpu_count() or 1))
    size = -(-len(versions) // workers)
    chunks = [versions[i : i + size] for i in range(0, len(versions), size)]
    pool = ThreadPoolExecutor(max_workers=workers)
    futures = [pool.submit(lambda chunk: all(verify_version(v, keys[v.device]) for v in chunk), c) for c in chunks]
    pool.shutdown(wait=False)

    def wait() -> bool:
        return all(f.result() for f in futures)

    return wait


def _parents_first(versions: list[Version], held: Any) -> tuple[list[Version], list[Version]]:
    """(applicable, in an order that puts every parent before its children; still waiting).

    A version can be applied once each parent is held or applied before it. One pass in the
    given order, each blocked version parked under one missing parent and retried when that
    parent is applied: linear in the number of versions whatever their order.
    """
    applied: list[Version] = []
    done: set[str] = set()
    blocked: dict[str, list[Version]] = {}
    for version in versions:
        stack = [version]
        while stack:
            v = stack.pop()
            missing = next((p for p in v.parents if p not in held and p not in done), None)
            if missing is not None:
                blocked.setdefault(missing, []).append(v)
                continue
            applied.append(v)
            done.add(v.id)
            stack.extend(blocked.pop(v.id, ()))
    return applied, [v for parked in blocked.values() for v in parked]


class Workspace:
    def __init__(self, home: Path, ring: Keyring, log: VersionLog, *, defer_load: bool = False) -> None:
        """`defer_load`: decrypt the records on first use (or `load()`), not now. The app opens
        this way so it can draw Home from its kept facts first (store/home_facts.py)."""
        self.home = Path(home)
        self.ring: Keyring | None = ring
        self.log = log
        stored = log.get_meta("clock")
        self.clock = HybridClock(Stamp.parse(stored) if stored else ZERO)
        # Behind the properties below, which load the store the first time anything reads them.
        self._loaded = False
        self._metas_: dict[str, Meta] = {}
        self._states_: dict[str, RecordState] = {}
        self._records_: dict[str, Record] = {}
        self._framework: Framework | None = None
        self._projection: Projection | None = None
        # Held while the projection is built (perhaps on a worker thread) and while a write folds
        # into memory, so the build never sees the record dict change under it.
        self._lock = threading.RLock()
        if not defer_load:
            self.load()

    @property
    def loaded(self) -> bool:
        return self._loaded

    def load(self) -> None:
        """Decrypt the winning version of every record into memory, if not done yet."""
        with self._lock:
            if not self._loaded:
                self._load()
                self._loaded = True

    @property
    def _metas(self) -> dict[str, Meta]:
        if not self._loaded:
            self.load()
        return self._metas_

    @property
    def _states(self) -> dict[str, RecordState]:
        if not self._loaded:
            self.load()
        return self._states_

    @property
    def _records(self) -> dict[str, Record]:
        if not self._loaded:
            self.load()
        return self._records_

    def log_mark(self) -> tuple[int, int, int, str]:
        """Changes whenever the version log does: (versions, highest sequence number, pending
        versions, the store's clock). Versions are only ever added, and every write or import
        moves the clock, so an equal mark means the same records. Needs no decryption."""
        db = self.log.db
        count, top = db.execute("SELECT count(*), coalesce(max(seq), 0) FROM versions").fetchone()
        pending = db.execute("SELECT count(*) FROM pending").fetchone()[0]
        return (int(count), int(top), int(pending), self.log.get_meta("clock") or "")

    # --- opening and creating ----------------------------------------------------------------

    @classmethod
    def open(cls, home: Path, passphrase: str) -> "Workspace":
        home = Path(home)
        ring = read_keyring(home, passphrase)  # refuses a wrong passphrase before the db is touched
        db = home / DB_FILE
        if not db.exists():
            raise FieldworkError(f"The store file {db} is missing: the keyring has no store beside it.")
        return cls(home, ring, VersionLog(db))

    @staticmethod
    def exists(home: Path) -> bool:
        return keyring_path(home).exists() or (Path(home) / DB_FILE).exists()

    @classmethod
    def new(
        cls,
        home: Path,
        passphrase: str,
        *,
        inspection_id: str,
        inspection_key: bytes,
        inspector_id: str,
        signing_key: "Ed25519PrivateKey | None" = None,
    ) -> "Workspace":
        """An empty store for an inspection: used by `init` (new inspection) and `join` (invite)."""
        home = Path(home)
        if cls.exists(home):
            raise FieldworkError(f"{home} already holds an inspection: choose another --home.")
        if not passphrase:
            raise FieldworkError("The passphrase is empty.")
        home.mkdir(parents=True, exist_ok=True)
        ring = Keyring(
            inspection_id=inspection_id,
            inspector_id=inspector_id,
            inspection_key=inspection_key,
            signing_key=signing_key or crypto.new_signing_key(),
        )
        log = VersionLog(home / DB_FILE, create=True)
        with log.transaction():
            log.insert_devices({ring.device_id: ring.public_key})
        # The keyring is written last: a home with a keyring always has its store beside it.
        write_keyring(home, ring, passphrase)
        return cls(home, ring, log)

    @classmethod
    def create(
        cls,
        home: Path,
        passphrase: str,
        *,
        inspection: dict[str, Any],
        me: dict[str, Any],
    ) -> "Workspace":
        """A new inspection with me as its lead."""
        ws = cls.new(
            home,
            passphrase,
            inspection_id=str(uuid.uuid4()),
            inspection_key=crypto.new_key(),
            inspector_id=str(uuid.uuid4()),
        )
        me = {**me, "role": "lead", "devices": [ws.device_id]}
        ws.write(
            [
                Change("inspection", inspection, record=ws.inspection_id),
                Change("inspector", me, record=ws.me_id),
            ]
        )
        return ws

    def close(self) -> None:
        """Drop the keys and the decrypted data; the object is unusable afterwards."""
        with self._lock:
            self.ring = None
            self._records_.clear()
            if self._projection is not None:
                self._projection.dispose()
                self._projection = None
        self.log.close()
        # Open, the store's objects were frozen out of the collector's way; closed, whatever of
        # them sits in reference cycles must be collectable again, or every lock would leak it.
        gc.unfreeze()

    @property
    def projection(self) -> "Projection":
        """The in-memory SQL tables the SEA list filters on, built from the records on first use."""
        with self._lock:
            if self._projection is None:
                self._ring  # a closed workspace has nothing to build from
                from store.projection import Projection

                projection = Projection()
                live = list(self._records.values())
                for start in range(0, len(live), _LOAD_BATCH):
                    projection.load(live[start : start + _LOAD_BATCH])
                self._projection = projection
                # As after unlock: what the projection brought (SQLAlchemy's whole machinery among
                # it) lives as long as the store is open, so the collector need not walk it again;
                # left unfrozen, a full collection cost up to 100 ms in the middle of typing.
                gc.freeze()
            return self._projection

    @property
    def projection_ready(self) -> bool:
        return self._projection is not None

    def change_passphrase(self, new: str) -> None:
        write_keyring(self.home, self._ring, new)

    # --- identity ------------------------------------------------------------------------------

    @property
    def _ring(self) -> Keyring:
        if self.ring is None:
            raise FieldworkError("The inspection is locked.")
        return self.ring

    @property
    def inspection_id(self) -> str:
        return self._ring.inspection_id

    @property
    def me_id(self) -> str:
        return self._ring.inspector_id

    @property
    def device_id(self) -> str:
        return self._ring.device_id

    @property
    def inspection(self) -> dict[str, Any]:
        record = self._records.get(self.inspection_id)
        if record is None:
            raise NoInspection("This store has not received the inspection's details yet: sync with the lead's bundle.")
        return record.payload

    @property
    def has_inspection(self) -> bool:
        return self.inspection_id in self._records

    @property
    def me(self) -> dict[str, Any]:
        record = self._records.get(self.me_id)
        return record.payload if record else {}

    @property
    def is_lead(self) -> bool:
        return self.me.get("role") == "lead"

    @property
    def framework(self) -> "Framework":
        if self._framework is None:
            from fieldwork.frameworks import Criterion, Framework, load_pack

            extra = [
                Criterion(
                    code=r.payload["code"],
                    strand=r.payload["strand"],
                    label=r.payload["label"],
                    prompt=r.payload.get("prompt"),
                    pack="custom",
                )
                for r in self.records("criterion")
            ]
            self._framework = Framework([load_pack(p) for p in self.inspection["packs"]], extra)
        return self._framework

    def inspector_name(self, inspector_id: str) -> str:
        record = self._records.get(inspector_id)
        return record.payload.get("name", "") if record and record.kind == "inspector" else ""

    # --- reading records -----------------------------------------------------------------------

    def get(self, record_id: str) -> Record | None:
        return self._records.get(record_id)

    def require(self, record_id: str, kind: str | None = None) -> Record:
        record = self.resolve_id(record_id)
        if record is None or record.deleted or (kind and record.kind != kind):
            what = {"sea": "SEA entry"}.get(kind or "", kind or "record")
            raise NotFound(f"No {what} with id '{record_id}'.")
        return record

    def resolve_id(self, text: str) -> Record | None:
        """Full ids, or an unambiguous prefix of at least 6 characters, as git allows."""
        text = text.strip()
        if text in self._records:
            return self._records[text]
        if len(text) >= 6:
            matches = [r for rid, r in self._records.items() if rid.startswith(text)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ValidationError(f"'{text}' matches {len(matches)} records: give more of the id.")
        return None

    def records(self, kind: str, *, include_deleted: bool = False) -> list[Record]:
        out = [r for r in self._records.values() if r.kind == kind and (include_deleted or not r.deleted)]
        out.sort(key=lambda r: (r.created, r.id))
        return out

    def counts(self) -> dict[str, int]:
        totals = {"children": 0, "sea": 0, "concerns": 0, "findings": 0}
        names = {"child": "children", "sea": "sea", "concern": "concerns", "finding": "findings"}
        for record in self._records.values():
            key = names.get(record.kind)
            if key and not record.deleted:
                totals[key] += 1
        return totals

    def state_digest(self) -> str:
        """Equal on two stores that hold the same versions, whatever order they came in."""
        digest = hashlib.sha256()
        for vid in sorted(self._metas):
            digest.update(vid.encode())
            digest.update(b"\n")
        return digest.hexdigest()

    def version_count(self) -> int:
        return len(self._metas)

    # --- writing -------------------------------------------------------------------------------

    def write(self, changes: Sequence[Change], *, as_identity: tuple[str, "Ed25519PrivateKey"] | None = None) -> list[Version]:
        """Append one version per change, all in one transaction, then refresh the projection.

        `as_identity` (inspector id, device key) signs as another device: used only to generate
        demo and benchmark inspections that look as if a dozen laptops had synced.
        """
        ring = self._ring
        author, signing_key = as_identity if as_identity else (ring.inspector_id, ring.signing_key)
        made: list[Version] = []
        heads_now: dict[str, tuple[str, ...]] = {}
        for change in changes:
            record_id = change.record or str(uuid.uuid4())
            if change.parents is not None:
                parents = change.parents
            elif record_id in heads_now:
                parents = heads_now[record_id]
            else:
                state = self._states.get(record_id)
                parents = state.heads if state else ()
            if change.record and not parents and record_id in self._states:
                raise FieldworkError("Internal error: an edit without parents.")
            version = make_version(
                key=ring.inspection_key,
                signing_key=signing_key,
                inspection=ring.inspection_id,
                record=record_id,
                kind=change.kind,
                parents=parents,
                clock=self.clock.tick().encode(),
                author=author,
                op=change.op,
                payload=change.payload,
            )
            heads_now[record_id] = (version.id,)
            made.append(version)
        public = crypto.public_raw(signing_key)
        with self.log.transaction():
            self.log.insert_devices({crypto.device_id_for(public): public})
            self.log.insert_versions(made)
            self.log.set_meta("clock", self.clock.last.encode())
        self._absorb(made, {v.id: c.payload for v, c in zip(made, changes)})
        return made

    def put(self, kind: str, payload: dict[str, Any], record: str | None = None) -> Version:
        return self.write([Change(kind, payload, record=record)])[0]

    def delete(self, record_id: str) -> Version:
        record = self.require(record_id)
        if record.kind in ("inspection", "inspector"):
            raise ValidationError(f"A{'n' if record.kind[0] in 'aeiou' else ''} {record.kind} record cannot be deleted.")
        return self.write([Change(record.kind, {}, record=record.id, op="delete")])[0]

    def resolve(self, record_id: str, *, keep: str | None = None, payload: dict[str, Any] | None = None) -> Version:
        """Settle a conflict with a version whose parents are all the heads: keep one, or write a merge."""
        record = self.resolve_id(record_id)
        if record is None:
            raise NotFound(f"No record with id '{record_id}'.")
        state = self._states[record.id]
        if not state.conflicted:
            raise ValidationError(f"Record {record.id[:8]} has no conflict to resolve.")
        op = "put"
        if keep is not None:
            matches = [h for h in state.heads if h == keep or (len(keep) >= 6 and h.startswith(keep))]
            if len(matches) != 1:
                raise ValidationError(f"'{keep}' is not one of this record's conflicting versions.")
            kept = self.log.get(matches)[0]
            op = kept.op
            payload = decrypt_payload(kept, self._ring.inspection_key) if op == "put" else {}
        if payload is None:
            raise ValidationError("Say which version to keep (--keep VERSION_ID) or give a merged version.")
        return self.write([Change(record.kind, payload, record=record.id, op=op, parents=state.heads)])[0]

    # --- history and conflicts ---------------------------------------------------------------

    def history(self, record_id: str) -> list[HistoryEntry]:
        record = self.resolve_id(record_id)
        if record is None:
            raise NotFound(f"No record with id '{record_id}'.")
        versions = self.log.for_record(record.id)
        key = self._ring.inspection_key
        payloads = {v.id: (decrypt_payload(v, key) if v.op == "put" else {}) for v in versions}
        versions.sort(key=lambda v: (v.clock, v.id))
        out: list[HistoryEntry] = []
        for v in versions:
            before = payloads[v.parents[0]] if v.parents and v.parents[0] in payloads else None
            out.append(
                HistoryEntry(
                    version=v.id,
                    parents=v.parents,
                    author=v.author,
                    author_name=self.inspector_name(v.author),
                    device=v.device,
                    when=Stamp.parse(v.clock).iso(),
                    clock=v.clock,
                    op=v.op,
                    payload=payloads[v.id],
                    changes=rec.changed_fields(before, payloads[v.id]) if v.op == "put" else {},
                )
            )
        return out

    def conflicts(self) -> list[Conflict]:
        out: list[Conflict] = []
        key = self._ring.inspection_key
        for state in self._states.values():
            if not state.conflicted:
                continue
            heads = self.log.get(state.heads)
            by_id = {v.id: v for v in heads}
            views: list[ConflictHead] = []
            for vid in state.heads:
                v = by_id[vid]
                views.append(
                    ConflictHead(
                        version=v.id,
                        author=v.author,
                        author_name=self.inspector_name(v.author),
                        when=Stamp.parse(v.clock).iso(),
                        op=v.op,
                        payload=decrypt_payload(v, key) if v.op == "put" else {},
                    )
                )
            keys = sorted({k for h in views for k in h.payload})
            differing = tuple(k for k in keys if len({repr(h.payload.get(k)) for h in views}) > 1)
            if len({h.op for h in views}) > 1:
                differing = ("(deleted)",) + differing
            out.append(Conflict(state.record, state.kind, state.winner, tuple(views), differing))
        out.sort(key=lambda c: c.record)
        return out

    def conflict_count(self) -> int:
        return sum(1 for s in self._states.values() if s.conflicted)

    # --- merging versions from other laptops ---------------------------------------------------

    def all_versions(self) -> list[Version]:
        return self.log.all_versions()

    def devices(self) -> dict[str, bytes]:
        return self.log.devices()

    def held_ids(self) -> set[str]:
        """Every version id this store holds: applied, or waiting for its parents."""
        return set(self._metas) | self.log.pending_ids()

    def import_versions(
        self, incoming: Iterable[Version], devices: dict[str, bytes], attestations: Iterable[Attestation] = ()
    ) -> ImportResult:
        """Merge versions from another store: all checked first, then applied in one transaction.

        Any version of another inspection, that its device has not signed, or with a payload
        that does not decrypt under our key refuses the whole import, and the store is unchanged.
        A device signs a version either by itself or in an attestation of many (see
        `_attested`); any signature that does not verify refuses the import too.
        """
        ring = self._ring
        known_devices = self.log.devices()
        for device_id, public in devices.items():
            if crypto.device_id_for(public) != device_id:
                raise FieldworkError("The bundle names a device whose key does not match it. Nothing was imported.")
            known_devices.setdefault(device_id, public)
        result = ImportResult()
        held = self._metas
        pending_now = {v.id: v for v in self.log.pending()}
        fresh: dict[str, Version] = {}
        for v in incoming:
            if v.inspection != ring.inspection_id:
                raise FieldworkError("The bundle belongs to another inspection. Nothing was imported.")
            if v.id in held or v.id in pending_now or v.id in fresh:
                result.present += 1
                continue
            if v.device not in known_devices:
                raise FieldworkError("A version in the bundle comes from a device the bundle does not introduce. Nothing was imported.")
            fresh[v.id] = v
        vouched, keep, drop = self._attested(attestations, known_devices, fresh, pending_now)
        unvouched = [v for v in fresh.values() if v.kind in INVITE_KINDS or v.id not in vouched.get(v.device, ())]
        signatures_ok = start_verifying(unvouched, known_devices)
        payloads: dict[str, dict[str, Any]] = {}
        texts: dict[str, str] = {}
        key = ring.inspection_key
        aead = payload_cipher(key)
        loads = json.loads
        for v in fresh.values():
            try:
                text = decrypt_text(v, key, aead)
                payload = loads(text)
            except (crypto.InvalidTag, MalformedVersion, ValueError):
                raise FieldworkError("A version in the bundle does not decrypt with this inspection's key. Nothing was imported.") from None
            if not isinstance(payload, dict):
                # Typed projection rows coerce odd field types, so any object is readable; a
                # payload that is not an object at all is not a record.
                raise FieldworkError(f"A version in the bundle holds a {v.kind} record that is not a record. Nothing was imported.")
            texts[v.id] = text
            payloads[v.id] = payload
        if not signatures_ok():
            raise FieldworkError("A version in the bundle has a signature that does not verify. Nothing was imported.")
        result.new = len(fresh)
        applied, waiting = _parents_first([*pending_now.values(), *fresh.values()], held)
        result.applied_from_pending = sum(1 for v in applied if v.id in pending_now)
        result.pending = len(waiting)
        touched = {v.record for v in applied}
        conflicted_before = {r for r in touched if r in self._states and self._states[r].conflicted}
        self._observe_clocks(applied)
        newly_pending = [v for v in waiting if v.id not in pending_now]
        dropped = [v.id for v in applied if v.id in pending_now]
        if applied or newly_pending or keep or drop:
            done = {v.id for v in applied}
            with self.log.roomy_cache(), self.log.transaction():
                self.log.insert_devices({d: known_devices[d] for d in {v.device for v in fresh.values()} | {a.device for a in keep}})
                self.log.insert_versions(applied)
                self.log.drop_pending(dropped)
                self.log.put_pending(
                    newly_pending, {v.id: [p for p in v.parents if p not in held and p not in done] for v in newly_pending}
                )
                self.log.put_attestations(keep, drop)
                self.log.set_meta("clock", self.clock.last.encode())
        for v in applied:
            if v.id not in payloads:  # came out of the pending table: decrypt it now
                texts[v.id] = decrypt_text(v, key, aead)
                payloads[v.id] = loads(texts[v.id]) if v.op == "put" else {}
        self._absorb(applied, payloads, texts)
        result.records_touched = touched
        result.conflicts_created = sum(1 for r in touched if self._states[r].conflicted and r not in conflicted_before)
        return result

    def _attested(
        self,
        attestations: Iterable[Attestation],
        keys: dict[str, bytes],
        fresh: dict[str, Version],
        pending: dict[str, Version],
    ) -> tuple[dict[str, set[str]], list[Attestation], list[Attestation]]:
        """Check every attestation's signature; say which fresh versions they vouch for, which
        attestations this store keeps from now on, and which kept ones those replace.

        An attestation vouches only for versions of its own device, and only if this store can
        keep it: every version it covers is here once the import is done. It is kept unless one
        kept already covers all it covers (then nothing in it is new), and it replaces those it
        covers. So whatever is taken in on an attestation's word leaves again with an
        attestation covering it, and the next store can check it the same way.
        """
        ring = self._ring
        held = self._metas
        stored = self.log.attestations()
        kept: dict[str, list[tuple[set[str], Attestation]]] = {}  # filled for a device when it is needed
        vouched: dict[str, set[str]] = {}
        for a in attestations:
            public = keys.get(a.device)
            if public is None:
                raise FieldworkError("The bundle holds a signature by a device it does not introduce. Nothing was imported.")
            if not verify_attestation(a, public, ring.inspection_id):
                raise FieldworkError(
                    f"The bundle has a signature that does not verify (device {a.device[:8]}'s, over its versions). Nothing was imported."
                )
            covered = a.covered()
            if not all(v in fresh or v in held or v in pending for v in covered):
                continue  # it could not be passed on whole
            vouched.setdefault(a.device, set()).update(covered)
            if a.device == ring.device_id:
                continue  # not kept: my bundle always goes with a fresh attestation of all my versions
            if a.device not in kept:
                kept[a.device] = [(b.covered(), b) for b in stored if b.device == a.device]
            entries = kept[a.device]
            if not any(covered <= other for other, _ in entries):
                entries[:] = [(other, b) for other, b in entries if not other <= covered] + [(covered, a)]
        before = {a.signature for a in stored}
        after = {a.signature: a for entries in kept.values() for _, a in entries}
        keep = [a for s, a in after.items() if s not in before]
        drop = [a for a in stored if a.device in kept and a.signature not in after]
        return vouched, keep, drop

    def _observe_clocks(self, versions: list[Version]) -> None:
        """Never issue a stamp lower than one received. Valid stamps are fixed-width digits, so
        the greatest string is the greatest stamp unless some clock is not a stamp at all."""
        if not versions:
            return
        try:
            self.clock.observe(Stamp.parse(max(v.clock for v in versions)))
            return
        except ValueError:
            pass
        for v in versions:
            try:
                self.clock.observe(Stamp.parse(v.clock))
            except ValueError:
                pass

    # --- local encrypted state (never synced): drafts, settings --------------------------------

    def put_local(self, key: str, value: dict[str, Any]) -> None:
        from store.versions import canonical_json

        nonce, ct = crypto.seal(self._ring.inspection_key, canonical_json(value), f"local|{key}".encode())
        with self.log.transaction():
            self.log.put_local(key, nonce, ct)

    def get_local(self, key: str) -> dict[str, Any] | None:
        import json

        found = self.log.get_local(key)
        if found is None:
            return None
        try:
            return json.loads(crypto.unseal(self._ring.inspection_key, found[0], found[1], f"local|{key}".encode()))
        except (crypto.InvalidTag, ValueError):
            return None

    def delete_local(self, key: str) -> None:
        with self.log.transaction():
            self.log.delete_local(key)

    # --- internals -----------------------------------------------------------------------------

    def _load(self) -> None:
        # Unlock allocates a few objects per version and keeps nearly all of them: the cyclic
        # collector would walk the growing heap again and again for nothing (a quarter of
        # unlock time at 10,000 entries). Collected once at the end instead, then frozen.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            metas = self.log.metas()
            self._metas_ = {m.id: m for m in metas}
            self._states_ = states(metas)
            key = self._ring.inspection_key
            self._records_ = {}
            # In batches, so the ciphertext of only one batch is alive at once: the peak memory
            # of unlock stays near what the open store holds.
            pending = list(self._states_.values())
            for start in range(0, len(pending), _LOAD_BATCH):
                batch = pending[start : start + _LOAD_BATCH]
                winners = {v.id: v for v in self.log.get(s.winner for s in batch)}
                for state in batch:
                    v = winners[state.winner]
                    payload = json.loads(decrypt_text(v, key)) if v.op == "put" else {}
                    self._records_[state.record] = self._record_for(state, payload)
                del winners
        finally:
            if was_enabled:
                gc.enable()
        gc.freeze()

    def _record_for(self, state: RecordState, payload: dict[str, Any]) -> Record:
        winner = self._metas_[state.winner]  # the field, not the property: called while loading
        root = self._metas_.get(state.root, winner)
        return Record(
            id=state.record,
            kind=state.kind,
            payload=payload,
            version=state.winner,
            heads=state.heads,
            deleted=winner.op == "delete",
            author=root.author,
            created=iso_of(root.clock),
            updated=iso_of(winner.clock),
            updated_by=winner.author,
        )

    def _absorb(
        self, versions: list[Version], payloads: dict[str, dict[str, Any]] | None, texts: dict[str, str] | None = None
    ) -> None:
        """Fold newly written versions into the in-memory state and, once built, the projection."""
        if not versions:
            return
        with self._lock:
            self._fold(versions, payloads, texts)

    def _fold(
        self, versions: list[Version], payloads: dict[str, dict[str, Any]] | None, texts: dict[str, str] | None
    ) -> None:
        metas = self._metas
        by_record: dict[str, list[Meta]] = {}
        for v in versions:
            meta = metas[v.id] = Meta(v.id, v.record, v.kind, v.parents, v.clock, v.author, v.op)
            by_record.setdefault(v.record, []).append(meta)
        # Only records that had versions before need the rest of their history: a merge brings
        # mostly new records, and looking through every version held costs a pass per bundle.
        earlier = {r for r in by_record if r in self._states}
        if earlier:
            batch = {v.id for v in versions}
            for m in metas.values():
                if m.record in earlier and m.id not in batch:
                    by_record[m.record].append(m)
        touched = by_record.keys()
        known = {v.id: v for v in versions}
        updated: list[Record] = []
        record_texts: dict[str, str] = {}
        key = self._ring.inspection_key
        for record_id in touched:
            state = record_state(record_id, by_record[record_id])
            self._states[record_id] = state
            if payloads is not None and state.winner in payloads:
                payload = payloads[state.winner] if self._metas[state.winner].op == "put" else {}
            elif state.winner in known:
                v = known[state.winner]
                payload = decrypt_payload(v, key) if v.op == "put" else {}
            elif record_id in self._records and self._records[record_id].version == state.winner:
                payload = self._records[record_id].payload
            else:
                v = self.log.get([state.winner])[0]
                payload = decrypt_payload(v, key) if v.op == "put" else {}
            record = self._record_for(state, payload)
            self._records[record_id] = record
            updated.append(record)
            if texts and state.winner in texts:
                record_texts[record_id] = texts[state.winner]
        if any(r.kind == "criterion" or r.kind == "inspection" for r in updated):
            self._framework = None
        if self._projection is not None:
            # Records with no version before this batch have no rows to replace.
            self._projection.update(updated, record_texts, new=touched - earlier)
