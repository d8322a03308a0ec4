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
import sqlite3
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from fieldwork import records as rec
from fieldwork import trust as tr
from fieldwork.clock import ZERO, HybridClock, Stamp, iso_of
from fieldwork.errors import AccessDenied, FieldworkError, NoInspection, NotFound, ValidationError
from store import creating, crypto
from store.damage import damaged, is_damage
from store.graph import Meta, RecordState, record_state, states
from store.keyring import Keyring, keyring_path, read_keyring, write_keyring
from store.log import DB_FILE, VersionLog
from store.record import Record
from store.versions import KeyChain, MalformedVersion, Version, decrypt_payload, decrypt_text, make_version

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from fieldwork.frameworks import Framework
    from store.projection import Projection


def _schemas() -> Any:
    """fieldwork.schemas, imported on first use: it pulls in most of the domain (about 45 ms),
    and a start draws Home from kept facts before anything is written or judged."""
    from fieldwork import schemas

    return schemas


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
    # (version id, device, claimed author id, kind, reason) of each version the trust chain refused
    quarantined: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    deleted: int = 0  # records this import turned into tombstones
    pending_dropped: int = 0  # waiting versions over the cap, not kept (store/pending.py)


_LOAD_BATCH = 1000


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
        # The trust chain's verdicts over every version held (fieldwork/trust.py), and the
        # versions in the log it refused when the store was opened.
        self._judge_: tr.Judge | None = None
        self._refused_: list[tuple[Version, str]] = []
        # Key epochs (a new inspection key after each revocation): every key known, for opening
        # versions, and the epochs the trust chain accepted, the newest of which seals new ones.
        self._keys_: dict[int, bytes] | None = None
        self._cipher_: KeyChain | None = None
        self._learned: dict[int, bytes] = {}
        self._given_judge: tr.Judge | None = None
        self._epoch_versions: list[Version] = []
        # A second age identity that opens epoch keys, set only while `lead restore` takes the
        # team's bundles in: the paper key's (store/paper_age.py). Never written to the keyring.
        self._paper_identity = ""
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
        if creating.interrupted(home):
            raise NoInspection(f"There is no inspection in {home}: its creation was interrupted. Run 'fieldwork init' or 'fieldwork join' again.")
        ring = read_keyring(home, passphrase)  # refuses a wrong passphrase before the db is touched
        db = home / DB_FILE
        if not db.exists():
            raise FieldworkError(f"The store file {db} is missing: the keyring has no store beside it.")
        log: VersionLog | None = None
        try:
            log = VersionLog(db)
            return cls(home, ring, log)
        except sqlite3.DatabaseError as err:
            if log is not None:
                log.close()
            if is_damage(err):
                raise damaged(home) from None
            raise

    @staticmethod
    def exists(home: Path) -> bool:
        """A whole inspection is here: an interrupted start (store/creating.py) is none."""
        made = keyring_path(home).exists() or (Path(home) / DB_FILE).exists()
        return made and not creating.interrupted(home)

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
        root_device: str | None = None,
        finish: bool = True,
        epoch_keys: dict[int, bytes] | None = None,
        recovery_code: str | None = None,
    ) -> "Workspace":
        """An empty store for an inspection: used by `init` (new inspection, where my device is
        the root) and `join` (the invite names the lead's root device, which I pin).

        `finish=False` leaves the home marked as being created: the caller writes what makes it
        whole and then calls `finish_creating()`; a kill before that leaves no inspection."""
        home = Path(home)
        if cls.exists(home):
            raise FieldworkError(f"{home} already holds an inspection: choose another --home.")
        if not passphrase:
            raise FieldworkError("The passphrase is empty.")
        home.mkdir(parents=True, exist_ok=True)
        creating.begin(home)
        key = signing_key or crypto.new_signing_key()
        ring = Keyring(
            inspection_id=inspection_id,
            inspector_id=inspector_id,
            inspection_key=inspection_key,
            signing_key=key,
            root_device=root_device or crypto.device_id_for(crypto.public_raw(key)),
            # This device's X25519 identity: the lead seals later key epochs to its recipient.
            age_identity=crypto.new_age_identity(),
            epoch_keys=dict(epoch_keys or {}),
        )
        log: VersionLog | None = None
        try:
            log = VersionLog(home / DB_FILE, create=True)
            with log.transaction():
                log.insert_devices({ring.device_id: ring.public_key})
            # The keyring is written last: a home with a keyring always has its store beside it.
            write_keyring(home, ring, passphrase, recovery_code=recovery_code)
        except BaseException:
            if log is not None:
                log.close()
            creating.clear(home)
            raise
        ws = cls(home, ring, log)
        if finish:
            ws.finish_creating()
        return ws

    def finish_creating(self) -> None:
        """The home is whole: the last step of `new(finish=False)` and what its caller wrote."""
        creating.finish(self.home)

    @classmethod
    def create(
        cls,
        home: Path,
        passphrase: str,
        *,
        inspection: dict[str, Any],
        me: dict[str, Any],
        paper_key: "Ed25519PrivateKey | None" = None,
        signing_key: "Ed25519PrivateKey | None" = None,
        inspection_id: str | None = None,
        inspector_id: str | None = None,
        finish: bool = True,
        recovery_code: str | None = None,
    ) -> "Workspace":
        """A new inspection with me as its lead and my device as its root of trust.

        The first versions are my device's certificate, the inspection (naming the paper key's
        public half, so the paper key can later certify a new lead device) and my inspector record.
        """
        ws = cls.new(
            home,
            passphrase,
            inspection_id=inspection_id or str(uuid.uuid4()),
            inspection_key=crypto.new_key(),
            inspector_id=inspector_id or str(uuid.uuid4()),
            signing_key=signing_key,
            finish=False,
            recovery_code=recovery_code,
        )
        ring = ws._ring
        if paper_key is not None:
            from store import paper_age

            # Its age recipient too: every later key epoch is sealed to it, so the paper alone
            # restores a lead who can read them all.
            inspection = {
                **inspection,
                "paper_key": crypto.b64(crypto.public_raw(paper_key)),
                paper_age.FIELD: paper_age.recipient(crypto.private_raw(paper_key)),
            }
        me = {**me, "role": "lead", "devices": [ws.device_id]}
        certificate = ring.certificate(inspector=ring.inspector_id, role="lead")
        try:
            ws.write(
                [
                    Change("device", certificate, record=ring.device_id),
                    Change("inspection", inspection, record=ws.inspection_id),
                    Change("inspector", me, record=ws.me_id),
                ]
            )
        except BaseException:
            ws.close()
            creating.clear(home)
            raise
        if finish:
            ws.finish_creating()
        return ws

    def __repr__(self) -> str:  # never the keys or records: a repr reaches tracebacks and logs
        return f"Workspace({'open' if self.ring is not None else 'closed'}, keys=<redacted>)"

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
        # The recovery code on paper keeps opening the keyring: its wrapping is carried over.
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
        """From the trust chain, never from a payload alone: the lead is who the signed versions say."""
        return self.my_role == "lead"

    @property
    def framework(self) -> "Framework":
        if self._framework is None:
            from fieldwork.frameworks import Criterion, Framework, load_pack
            from store import damaged

            # An added criterion that is damaged, or that fits no framework of this inspection,
            # is listed as damaged (store/damaged.py) instead of stopping every verb that reads criteria.
            unfit = {d.id for d in damaged._unfit_criteria(self)}
            extra = [
                Criterion(
                    code=r.payload["code"],
                    strand=r.payload["strand"],
                    label=r.payload["label"],
                    prompt=r.payload.get("prompt"),
                    pack="custom",
                )
                for r in damaged.usable(self.records("criterion"))
                if r.id not in unfit
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

        Each version is judged by the trust chain before anything is written, exactly as an
        import would judge it on another laptop (fieldwork/trust.py, fieldwork/authority.py): a
        change this device may not make is refused with the reason and nothing is written.

        `as_identity` (inspector id, device key) signs as another device: used only to generate
        demo, test and benchmark inspections that look as if a dozen laptops had synced; those
        devices are certified through real tickets first (store/team.py, `enrol`).
        """
        ring = self._ring
        author, signing_key = as_identity if as_identity else (ring.inspector_id, ring.signing_key)
        judge = self.judge
        made: list[Version] = []
        payloads: dict[str, dict[str, Any]] = {}
        reader = self._payload_reader(payloads)  # reads `payloads` as the loop fills it
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
                key=self.current_key,
                signing_key=signing_key,
                inspection=ring.inspection_id,
                record=record_id,
                kind=change.kind,
                parents=parents,
                # Above its parents even if one carries a stamp ahead of this laptop's clock
                # (the trust chain refuses a version not later than its parent).
                clock=self.clock.tick(above=self._latest_clock(parents, made)).encode(),
                author=author,
                op=change.op,
                payload=change.payload,
            )
            payloads[version.id] = change.payload
            invalid = _schemas().problem(change.kind, change.op, change.payload)
            if invalid:
                raise ValidationError(f"Not saved: {invalid}.")
            verdict = judge.judge(version, reader)
            if verdict != tr.OK:
                why = judge.reason.get(version.id, "it is not allowed")
                # The judge took in the refused version (and those before it): start afresh.
                self._judge_ = None
                raise AccessDenied(f"Not saved: {why}.")
            heads_now[record_id] = (version.id,)
            made.append(version)
        public = crypto.public_raw(signing_key)
        try:
            with self.log.transaction():
                self.log.insert_devices({crypto.device_id_for(public): public})
                self.log.insert_versions(made)
                self.log.set_meta("clock", self.clock.last.encode())
        except BaseException:
            self._judge_ = None
            raise
        if judge.found.key() != judge.retro.key():
            # A revocation or a ticket confirmation reaches back over versions judged before it.
            self.reload()
            return made
        self._absorb(made, {v.id: c.payload for v, c in zip(made, changes)})
        return made

    def _latest_clock(self, parents: Sequence[str], made: Sequence[Version]) -> Stamp:
        clocks = [m.clock for m in made if m.id in parents]
        metas = self._metas
        clocks += [metas[p].clock for p in parents if p in metas]
        try:
            return Stamp.parse(max(clocks)) if clocks else ZERO
        except ValueError:
            return ZERO

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
            payload = decrypt_payload(kept, b"", self.cipher) if op == "put" else {}
        if payload is None:
            raise ValidationError("Say which version to keep (--keep VERSION_ID) or give a merged version.")
        return self.write([Change(record.kind, payload, record=record.id, op=op, parents=state.heads)])[0]

    # --- history and conflicts ---------------------------------------------------------------

    def history(self, record_id: str) -> list[HistoryEntry]:
        record = self.resolve_id(record_id)
        if record is None:
            raise NotFound(f"No record with id '{record_id}'.")
        # Only what the trust chain accepted: a refused version is in the quarantine, not the history.
        status = self.judge.status
        versions = [v for v in self.log.for_record(record.id) if status.get(v.id) == tr.OK]
        cipher = self.cipher
        payloads = {v.id: (decrypt_payload(v, b"", cipher) if v.op == "put" else {}) for v in versions}
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
        cipher = self.cipher
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
                        payload=decrypt_payload(v, b"", cipher) if v.op == "put" else {},
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

    def observe_clocks(self, versions: Sequence[Version]) -> None:
        """Never issue a stamp lower than one received. Valid stamps are fixed-width digits, so
        the greatest string is the greatest stamp unless some clock is not a stamp at all; a
        stamp out of the trust chain's fixed range is never observed (a hostile clock would
        otherwise drag every later local write with it)."""
        best = None
        for v in versions:
            if tr.clock_problem(v.clock) is None and (best is None or v.clock > best):
                best = v.clock
        if best is not None:
            self.clock.observe(Stamp.parse(best))

    # --- key epochs ----------------------------------------------------------------------------------

    @property
    def keys(self) -> dict[int, bytes]:
        """Every key epoch's inspection key this device holds: epoch 0's from the keyring, later
        ones handed whole by an invite, unsealed from a bundle's header, or unsealed from the lead's
        epoch records with this device's own X25519 identity."""
        if self._keys_ is None:
            ring = self._ring
            keys = {0: ring.inspection_key, **ring.epoch_keys, **self._learned}
            self._unseal_epochs(self._epoch_versions, keys)
            self._keys_ = keys
            self._cipher_ = None
        return self._keys_

    @property
    def cipher(self) -> KeyChain:
        """Opens a version sealed in any epoch this device knows, newest first."""
        keys = self.keys
        if self._cipher_ is None:
            self._cipher_ = KeyChain(keys[n] for n in sorted(keys, reverse=True))
        return self._cipher_

    @property
    def current_epoch(self) -> int:
        """The newest epoch the trust chain accepted (a lead's epoch record) whose key this device holds."""
        keys = self.keys
        judge = self.judge
        return max([0] + [n for n, vid in judge.epochs.items() if n in keys and judge.status.get(vid) == tr.OK])

    @property
    def current_key(self) -> bytes:
        return self.keys[self.current_epoch]

    def sealed_epoch_key(self, epoch: int) -> bytes:
        """The epoch's key sealed to its devices, from the lead's epoch record (b"" for epoch 0)."""
        if epoch == 0:
            return b""
        judge = self.judge
        vid = judge.epochs.get(epoch)
        if vid is None or judge.status.get(vid) != tr.OK:
            return b""
        return crypto.unb64(str(judge.payloads[vid]["sealed"]))

    def unseal_epoch_key(self, sealed: bytes) -> bytes | None:
        for identity in (self._ring.age_identity, self._paper_identity):
            key = crypto.unseal_with(identity, sealed)
            if key is not None and len(key) == crypto.KEY_BYTES:
                return key
        return None

    def unseal_also_with(self, identity: str) -> None:
        """Open epoch keys with this age identity too, from now on ("" stops it): the paper key's,
        while `lead restore` takes the bundles in. Keys it opened stay known until the store is
        reloaded: the caller keeps them in the keyring."""
        self._paper_identity = identity
        if identity:  # the epoch records held are opened again with it
            self._keys_ = None
            self._cipher_ = None

    def _unseal_epochs(self, records: Sequence[Version], keys: dict[int, bytes]) -> None:
        """Add to `keys` each later epoch's key that the lead's epoch records seal to this device.
        Each record is sealed under the epoch before it, so they are opened in clock order."""
        for v in sorted(records, key=lambda v: (v.clock, v.id)):
            try:
                payload = decrypt_payload(v, b"", KeyChain(keys[n] for n in sorted(keys, reverse=True)))
                epoch, sealed = int(payload["epoch"]), crypto.unb64(str(payload["sealed"]))
            except (crypto.InvalidTag, MalformedVersion, ValueError, KeyError, TypeError):
                continue
            if epoch not in keys:
                key = self.unseal_epoch_key(sealed)
                if key is not None:
                    keys[epoch] = key

    def learn_epoch_records(self, records: Sequence[Version]) -> None:
        """Keys of later epochs from epoch records a bundle brings (a relay may carry records of
        epochs newer than its header's)."""
        keys = dict(self.keys)
        self._unseal_epochs(records, keys)
        for epoch, key in keys.items():
            if epoch not in self.keys:
                self.learn_epoch_key(epoch, key)

    def learn_epoch_key(self, epoch: int, key: bytes) -> None:
        self._learned[epoch] = key
        self._keys_ = None
        self._cipher_ = None

    # --- the trust chain ---------------------------------------------------------------------------

    @property
    def judge(self) -> tr.Judge:
        """The trust chain's verdicts over every version this store holds, judged on open."""
        if self._judge_ is None:
            self._judge_ = self._judge_everything()
        return self._judge_

    def _payload_reader(self, known: dict[str, dict[str, Any]] | None = None) -> tr.PayloadOf:
        cipher = self.cipher

        def decrypt(v: Version) -> dict[str, Any] | None:
            if known is not None and v.id in known:
                return known[v.id]
            if v.op != "put":
                return {}
            try:
                return decrypt_payload(v, b"", cipher)
            except (crypto.InvalidTag, MalformedVersion, ValueError):
                return None

        return tr.payload_cache(decrypt)

    def _judge_everything(
        self, extra: Sequence[Version] = (), logged: Sequence[Version] | None = None, payloads: dict[str, dict[str, Any]] | None = None
    ) -> tr.Judge:
        """From the signed bytes alone: the log's versions, those waiting and those kept aside.

        The log's versions passed the payload checks when they came in; those waiting, kept
        aside or new are checked again here, so a refusal never turns into an acceptance."""
        held = list(logged) if logged is not None else self.log.all_versions()
        others = self.log.pending() + [v for v, _r, _s in self.log.quarantined()] + list(extra)
        reader = self._payload_reader(payloads)
        problem = _schemas().problem
        invalid = {v.id: why for v in others if (why := problem(v.kind, v.op, reader(v) if v.op == "put" else {}))}
        unique = list({v.id: v for v in held + others}.values())
        return tr.evaluate(unique, reader, inspection=self._ring.inspection_id, root_device=self._ring.root_device, invalid=invalid)

    def reload(self, judged: tr.Judge | None = None) -> None:
        """Judge and decrypt everything again (after a change that reaches back in time).
        `judged`: a judgement of exactly what the log now holds (a merge that judged from scratch
        and wrote its verdicts), so it is not made twice."""
        with self._lock:
            self._judge_ = None
            self._given_judge = judged
            self._keys_ = None
            self._loaded = False
            self._framework = None
            if self._projection is not None:
                self._projection.dispose()
                self._projection = None
            self.load()

    @property
    def my_role(self) -> str:
        """My role as the trust chain has it: the role the signed versions give my device's inspector."""
        judge = self.judge
        cert = judge.devices.get(self.device_id)
        if cert is None or self.device_id in judge.found.revoked:
            return ""
        return judge.effective_role(cert, "\uffff")

    def refused_on_open(self) -> list[tuple[Version, str]]:
        """Versions in the log the trust chain refused when the store was opened."""
        self.load()
        return list(self._refused_)

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
            # Everything shown follows from the signed bytes: the metadata is read out of each
            # version's stored bytes (never the clear columns beside them, which anyone could
            # edit), and the trust chain judges every version again before any is shown.
            logged = self.log.all_versions()
            self._keys_ = None
            self._epoch_versions = [v for v in logged if v.kind == "epoch"]
            given, self._given_judge = self._given_judge, None
            judge = self._judge_ = given or self._judge_everything(logged=logged)
            applied = [v for v in logged if judge.status.get(v.id) == tr.OK]
            self._refused_ = [(v, judge.reason.get(v.id, "refused")) for v in logged if judge.status.get(v.id) != tr.OK]
            metas = [Meta(v.id, v.record, v.kind, v.parents, v.clock, v.author, v.op) for v in applied]
            self._metas_ = {m.id: m for m in metas}
            self._states_ = states(metas)
            cipher = self.cipher
            by_id = {v.id: v for v in applied}
            del logged, applied
            self._records_ = {}
            for state in self._states_.values():
                v = by_id[state.winner]
                payload = json.loads(decrypt_text(v, b"", cipher)) if v.op == "put" else {}
                self._records_[state.record] = self._record_for(state, payload)
            del by_id
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
        cipher = self.cipher
        for record_id in touched:
            state = record_state(record_id, by_record[record_id])
            self._states[record_id] = state
            if payloads is not None and state.winner in payloads:
                payload = payloads[state.winner] if self._metas[state.winner].op == "put" else {}
            elif state.winner in known:
                v = known[state.winner]
                payload = decrypt_payload(v, b"", cipher) if v.op == "put" else {}
            elif record_id in self._records and self._records[record_id].version == state.winner:
                payload = self._records[record_id].payload
            else:
                v = self.log.get([state.winner])[0]
                payload = decrypt_payload(v, b"", cipher) if v.op == "put" else {}
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
