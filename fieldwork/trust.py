"""The trust chain: which device speaks for which inspector, in which role, and so which versions stand.

The lead's first device is the inspection's root (pinned in every keyring, from `init` or from
the invite). Every other device that writes is certified by a chain ending there:

- a **ticket** (kind `ticket`, lead only) admits one named person once, until it expires;
- a joining device writes its own **device** certificate naming that ticket; the first binding of
  a ticket wins, and once the lead has confirmed a binding (the ticket's `bound_device`) every
  other device presenting that ticket is refused;
- the **paper key** named by the inspection's first version can certify a new device for the
  lead (`lead restore`); from then on only devices of that generation or later act as lead;
- a **revocation** (lead only) names a device and the versions of it the lead had seen; every
  other version of that device is refused.

Every version is then judged in clock order (parents come first: a stamp is always above the
stamps it has seen), against the trust state as it stood at its own clock: is its device
certified, is its author that device's inspector, and does `fieldwork.authority` allow that
inspector's role to make this change? The answer depends only on the set of versions, never on
the order they arrived in or on the receiver's clock, so every laptop that holds the same versions
accepts the same ones.

Revocations and confirmations reach back: they judge versions written before them. So the judge
runs to a fixpoint: a pass with the revocations and confirmations the previous pass found, until a
pass finds the same ones again (in practice two passes).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, NamedTuple, Protocol, Sequence

from fieldwork import authority


class Version(Protocol):
    """What the judge reads of a version: its clear metadata, checked against its signed bytes
    (store/versions.py decodes them; a store never trusts separate columns)."""

    @property
    def id(self) -> str: ...
    @property
    def record(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def parents(self) -> tuple[str, ...]: ...
    @property
    def clock(self) -> str: ...
    @property
    def device(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def op(self) -> str: ...


def device_id_for(public_key: bytes) -> str:
    """As store/crypto.py names a device: by a hash of its public key (kept here so the domain
    can name the paper key's device without importing the store)."""
    return hashlib.sha256(b"fieldwork-device\x00" + public_key).hexdigest()[:32]

# The kinds whose versions can change who may write what; a batch holding none of them can be
# judged against the trust state as it stands (sync/merge.py).
TRUST_KINDS = frozenset({"inspection", "inspector", "device", "ticket", "revocation", "epoch"})
# Kinds whose rules look inside the payload (lead-only fields or states), so the judge needs the
# payload before and after. Every other kind is judged on its metadata alone.
PAYLOAD_KINDS = frozenset(k for k, r in authority.RULES.items() if r.lead_fields or r.lead_values or r.own_record or r.trust) | TRUST_KINDS

# Kinds any certified member may create, change and delete, and whose rules look at nothing else.
_PLAIN = frozenset(
    k
    for k, r in authority.RULES.items()
    if (r.create, r.change, r.delete) == (authority.MEMBER,) * 3 and not (r.lead_fields or r.lead_values or r.own_record or r.trust)
) - TRUST_KINDS

# A fixed, deterministic range for clock stamps: never the receiver's own clock. Fieldwork did not
# exist before 2020, and a stamp past 2100 can only be a broken or hostile clock.
CLOCK_MIN_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z
CLOCK_MAX_MS = 4_102_444_800_000  # 2100-01-01T00:00:00Z

OK, WAIT, NO = "accepted", "waiting", "refused"


class Seen(NamedTuple):
    """What the judge keeps of a version it has judged: its metadata, never its ciphertext."""

    id: str
    record: str
    kind: str
    parents: tuple[str, ...]
    clock: str
    device: str
    author: str
    op: str
MAX_PASSES = 6


_STAMP = re.compile(r"[0-9]{15}-[0-9]{6}").fullmatch
# Stamps are fixed-width digits, so the range is a comparison of the millisecond digits as text.
_CLOCK_MIN_TEXT = f"{CLOCK_MIN_MS:015d}"
_CLOCK_MAX_TEXT = f"{CLOCK_MAX_MS:015d}"


def clock_problem(clock: str) -> str | None:
    """Why a version's clock stamp is unacceptable, or None. A merge asks this of every version."""
    if not isinstance(clock, str) or _STAMP(clock) is None:
        return "its clock stamp is malformed"
    if not _CLOCK_MIN_TEXT <= clock[:15] < _CLOCK_MAX_TEXT:
        return "its clock stamp is outside 2020-2099"
    return None


@dataclass(frozen=True)
class DeviceCert:
    device: str
    inspector: str
    via: str  # "root", "ticket" or "paper"
    certified_by: str  # the device that certified it ("" for the root, which the keyrings pin)
    ticket: str
    generation: int  # 0 for the root and devices joined under it; n after the n-th paper restore
    clock: str


@dataclass
class Retro:
    """The facts that reach back in time: revocations and the lead's confirmations of tickets."""

    revoked: dict[str, tuple[frozenset[str], str, str]] = field(default_factory=dict)  # device -> (seen, by device, version)
    confirmed: dict[str, str] = field(default_factory=dict)  # ticket -> device

    def key(self) -> tuple[Any, ...]:
        return (
            tuple(sorted((d, tuple(sorted(s)), b) for d, (s, b, _v) in self.revoked.items())),
            tuple(sorted(self.confirmed.items())),
        )


PayloadOf = Callable[[Version], "dict[str, Any] | None"]
NameOf = Callable[[str], str]


class Judge:
    """The trust state, built by judging versions in clock order (see the module's docstring)."""

    def __init__(self, *, inspection: str, root_device: str, retro: Retro | None = None, name_of: NameOf | None = None) -> None:
        self.inspection = inspection
        self.root_device = root_device
        self.retro = retro or Retro()
        self.found = Retro()
        self.names: dict[str, str] = {}  # inspector -> initials, from the inspector records judged
        self.name_of: NameOf = name_of or (lambda inspector: self.names.get(inspector) or f"inspector {inspector[:8]}")
        self.status: dict[str, str] = {}
        self.reason: dict[str, str] = {}
        self.versions: dict[str, Seen] = {}
        self.payloads: dict[str, dict[str, Any]] = {}  # of the judged versions whose kind's rules read payloads
        self.devices: dict[str, DeviceCert] = {}
        self.roles: dict[str, list[tuple[str, str]]] = {}  # inspector -> [(clock, role)], ascending
        self.lead_generation: list[tuple[str, int]] = [("", 0)]
        self.tickets: dict[str, tuple[dict[str, Any], str]] = {}  # ticket -> (payload, issuing device)
        self.bindings: dict[str, list[tuple[str, str, str]]] = {}  # ticket -> [(clock, version id, device)]
        self.lead_inspector = ""
        self.paper_device = ""
        self.paper_generation = 0
        self.seen_devices: set[str] = set()  # every device that signed anything judged
        self.present: set[str] = set()  # every version id in the set being judged
        self.refused_devices: dict[str, str] = {}  # device -> why its own certificate was refused
        self.epochs: dict[int, str] = {}  # key epoch -> the lead's epoch record that opened it
        self.invalid: dict[str, str] = {}  # version -> why its payload is not a valid record (fieldwork/schemas.py)

    # --- the state at a clock ------------------------------------------------------------------

    def role_at(self, inspector: str, clock: str) -> str:
        changes = self.roles.get(inspector)
        if not changes:
            return ""
        at = bisect.bisect_right(changes, (clock, "\uffff")) - 1
        return changes[at][1] if at >= 0 else ""

    def generation_at(self, clock: str) -> int:
        at = bisect.bisect_right(self.lead_generation, (clock, 1 << 30)) - 1
        return self.lead_generation[max(at, 0)][1]

    def effective_role(self, cert: DeviceCert, clock: str) -> str:
        role = self.role_at(cert.inspector, clock)
        if role == authority.LEAD_ROLE and cert.generation < self.generation_at(clock):
            return "team"  # a lead device superseded by a paper restore no longer acts as lead
        return role

    def role_now(self, inspector: str) -> str:
        changes = self.roles.get(inspector)
        return changes[-1][1] if changes else ""

    def _set_role(self, inspector: str, clock: str, role: str) -> None:
        changes = self.roles.setdefault(inspector, [])
        if not changes or changes[-1][1] != role:
            bisect.insort(changes, (clock, role))

    # --- judging -------------------------------------------------------------------------------

    def prescan(self, versions: Iterable[Version], payload_of: PayloadOf) -> None:
        """What must be known before the pass: every binding of every ticket, for "first wins"."""
        for v in versions:
            if v.kind == "device" and v.op == "put" and v.device == v.record and clock_problem(v.clock) is None:
                p = payload_of(v) or {}
                ticket = str(p.get("ticket") or "")
                if ticket:
                    self.bindings.setdefault(ticket, []).append((v.clock, v.id, v.device))
        for entries in self.bindings.values():
            entries.sort()

    def judge_all(self, versions: Sequence[Version], payload_of: PayloadOf) -> None:
        self.present.update(v.id for v in versions)
        for v in sorted(versions, key=lambda v: (v.clock, v.id)):
            self.judge(v, payload_of)
        self._late_certificates()

    def _late_certificates(self) -> None:
        # A version still waiting for its device's certificate although the device is certified
        # was written before the certificate: no chain stood behind it when it was signed.
        for vid, state in list(self.status.items()):
            if state == WAIT and self.reason.get(vid, "").startswith("waiting for") and "certificate" in self.reason[vid]:
                v = self.versions[vid]
                if v.device in self.devices:
                    self._no(v, "it was signed before its device was certified")

    def judge(self, v: Version, payload_of: PayloadOf) -> str:
        self.versions[v.id] = Seen(v.id, v.record, v.kind, v.parents, v.clock, v.device, v.author, v.op)
        self.seen_devices.add(v.device)
        state, why = self._judge(v, payload_of)
        if state == NO and v.kind == "device" and v.device == v.record and v.device not in self.devices:
            # A device whose own certificate is refused speaks for no one: its other versions go too.
            self.refused_devices.setdefault(v.device, why)
        self.status[v.id] = state
        if why:
            self.reason[v.id] = why
        else:
            self.reason.pop(v.id, None)
        return state

    def _no(self, v: Version, why: str) -> None:
        self.status[v.id] = NO
        self.reason[v.id] = why

    def _judge(self, v: Version, payload_of: PayloadOf) -> tuple[str, str]:
        problem = clock_problem(v.clock) or self.invalid.get(v.id)
        if problem:
            return NO, problem
        for parent in v.parents:
            state = self.status.get(parent)
            if state == NO:
                return NO, "it builds on a refused version"
            if state is None:
                if parent in self.present:
                    # Here, but not judged yet in clock order: the child claims an earlier time.
                    return NO, "its clock is not later than its parent's"
                return WAIT, "waiting for an earlier version of the record"
            if state == WAIT:
                return WAIT, "waiting for an earlier version of the record"
            if self.versions[parent].clock >= v.clock:
                return NO, "its clock is not later than its parent's"
            if self.versions[parent].record != v.record:
                return NO, "its parent belongs to another record"
            if self.versions[parent].kind != v.kind:
                return NO, "it changes the kind of its record"
        revoked = self.retro.revoked.get(v.device)
        if revoked is not None and v.id not in revoked[0]:
            return NO, f"device {v.device[:4]}… was revoked by the lead, and this version came after"
        if v.kind == "device":
            return self._certificate(v, payload_of)
        cert = self.devices.get(v.device)
        if cert is None:
            if v.device == self.paper_device:
                return NO, "the paper key only certifies a new lead device"
            if v.device in self.refused_devices:
                return NO, f"its device's certificate was refused ({self.refused_devices[v.device]})"
            return WAIT, f"waiting for device {v.device[:4]}…'s certificate"
        if cert.clock > v.clock:
            return NO, "it was signed before its device was certified"
        if v.author != cert.inspector:
            return NO, (
                f"it claims to be written by {self.name_of(v.author)}, but device {v.device[:4]}… belongs to {self.name_of(cert.inspector)}"
            )
        if v.kind == "inspection":
            if v.record != self.inspection:
                return NO, "it is an inspection record of another inspection"
            if not v.parents and v.device != self.root_device:
                return NO, "the inspection's first version must be signed by the lead's root device"
        if v.kind in _PLAIN:
            # Any member may create, change and delete these, with no field of the lead's in them:
            # what is left to know is settled above (certified device, its own author).
            return OK, ""
        role = self.effective_role(cert, v.clock)
        after = payload_of(v) if v.kind in PAYLOAD_KINDS and v.op == "put" else {}
        if after is None:
            return NO, "its payload is not a record"
        if v.kind in PAYLOAD_KINDS:
            self.payloads[v.id] = after
        before, before_deleted = self._before(v)
        why = authority.check(
            kind=v.kind,
            op=v.op,
            role=role,
            author=v.author,
            record=v.record,
            before=before,
            after=after or {},
            before_deleted=before_deleted,
        )
        if why:
            return NO, why
        return self._apply(v, cert, role, before, after or {})

    def _before(self, v: Version) -> tuple[dict[str, Any] | None, bool]:
        """The payload the version edits (its first parent's), for the kinds whose rules read it."""
        if not v.parents:
            return None, False
        parent = self.versions[v.parents[0]]
        if parent.op == "delete":
            return {}, True
        return self.payloads.get(parent.id, {}), False

    def _apply(self, v: Version, cert: DeviceCert, role: str, before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[str, str]:
        """The trust state changes a version brings, once it is allowed."""
        kind = v.kind
        if kind == "inspection" and not v.parents:
            self.paper_device = _paper_device(after.get("paper_key"))
        elif kind == "inspector" and v.op == "put":
            if isinstance(after.get("name"), str) and after["name"]:
                self.names[v.record] = after["name"]
            wanted = str(after.get("role") or "")
            current = self.role_at(v.record, v.clock)
            if role == authority.LEAD_ROLE:
                if wanted:
                    self._set_role(v.record, v.clock, wanted)
            elif current and wanted != current:
                return NO, f"its role '{wanted}' is not the one the lead's ticket gave ('{current}')"
        elif kind == "ticket" and v.op == "put":
            self.tickets[v.record] = (after, v.device)
            bound = str(after.get("bound_device") or "")
            if bound:
                self.found.confirmed[v.record] = bound
        elif kind == "epoch" and v.op == "put":
            number = after.get("epoch")
            if not isinstance(number, int) or isinstance(number, bool) or number < 1 or number in self.epochs:
                return NO, "its key epoch is not a new epoch number"
            self.epochs[number] = v.id
        elif kind == "revocation" and v.op == "put":
            target = str(after.get("device") or "")
            victim = self.devices.get(target)
            if victim is not None and victim.generation > cert.generation:
                return NO, "a lead device of an earlier generation cannot revoke one certified by the paper key"
            seen = after.get("seen")
            if not target or not isinstance(seen, list):
                return NO, "the revocation names no device"
            self.found.revoked[target] = (frozenset(str(s) for s in seen), v.device, v.id)
        return OK, ""

    def _certificate(self, v: Version, payload_of: PayloadOf) -> tuple[str, str]:
        if v.op != "put" or v.parents:
            return NO, "a device certificate is written once and never changed"
        p = payload_of(v)
        if not isinstance(p, dict):
            return NO, "its payload is not a record"
        self.payloads[v.id] = p
        target = str(p.get("device") or "")
        inspector = str(p.get("inspector") or "")
        if target != v.record or not inspector:
            return NO, "the certificate does not name its device and inspector"
        if target in self.devices:
            return NO, f"device {target[:4]}… is certified already"
        if v.author != inspector:
            return NO, f"it claims to be written by {self.name_of(v.author)} for {self.name_of(inspector)}"
        if v.device == self.root_device and target == self.root_device:
            # The root's own certificate: the lead's first device, pinned by every keyring.
            self.lead_inspector = inspector
            self.devices[target] = DeviceCert(target, inspector, "root", "", "", 0, v.clock)
            self._set_role(inspector, v.clock, authority.LEAD_ROLE)
            return OK, ""
        if self.paper_device and v.device == self.paper_device:
            if self.role_at(inspector, v.clock) == "" and inspector != self.lead_inspector:
                return NO, "the paper key certifies a device only for an inspector on the team"
            self.paper_generation += 1
            generation = self.paper_generation
            self.devices[target] = DeviceCert(target, inspector, "paper", v.device, "", generation, v.clock)
            self._set_role(inspector, v.clock, authority.LEAD_ROLE)
            bisect.insort(self.lead_generation, (v.clock, generation))
            return OK, ""
        if v.device != target:
            return NO, f"device {v.device[:4]}… may not certify another device"
        ticket_id = str(p.get("ticket") or "")
        held = self.tickets.get(ticket_id)
        if not ticket_id or held is None:
            return WAIT, f"waiting for the lead's ticket behind device {target[:4]}…'s certificate"
        ticket, issuer = held
        if str(ticket.get("inspector") or "") != inspector:
            return NO, "the certificate names another inspector than its ticket"
        if str(ticket.get("role") or "team") != str(p.get("role") or ""):
            return NO, "the certificate claims another role than its ticket gives"
        expires = str(ticket.get("expires_clock") or "")
        if expires and v.clock > expires:
            return NO, "the invite's ticket had expired when it was used"
        confirmed = self.retro.confirmed.get(ticket_id)
        if confirmed is not None and confirmed != target:
            return NO, "the invite was used already by another device, which the lead confirmed"
        if confirmed is None:
            first = self.bindings.get(ticket_id, [])
            if first and first[0][2] != target:
                return NO, "the invite was used already by another device"
        issuer_cert = self.devices.get(issuer)
        generation = issuer_cert.generation if issuer_cert else 0
        self.devices[target] = DeviceCert(target, inspector, "ticket", issuer, ticket_id, generation, v.clock)
        if not self.roles.get(inspector):
            self._set_role(inspector, v.clock, str(ticket.get("role") or "team"))
        return OK, ""


def _paper_device(public_b64: Any) -> str:
    if not isinstance(public_b64, str) or not public_b64:
        return ""
    try:
        raw = base64.b64decode(public_b64.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        return ""
    return device_id_for(raw) if len(raw) == 32 else ""


def evaluate(
    versions: Sequence[Version],
    payload_of: PayloadOf,
    *,
    inspection: str,
    root_device: str,
    name_of: NameOf | None = None,
    invalid: dict[str, str] | None = None,
) -> Judge:
    """Judge every version from scratch, to the fixpoint of revocations and confirmations.
    `invalid`: versions whose payloads fieldwork/schemas.py refuses, with why.

    The first pass starts from every revocation and confirmation the versions hold, as if each
    were allowed: in a store with no forgery that is already the fixpoint, and one pass does. A
    forged one is refused in that pass and the next pass starts without it."""
    retro = _claimed(versions, payload_of)
    judge: Judge | None = None
    for _ in range(MAX_PASSES):
        judge = Judge(inspection=inspection, root_device=root_device, retro=retro, name_of=name_of)
        judge.invalid.update(invalid or {})
        judge.prescan(versions, payload_of)
        judge.judge_all(versions, payload_of)
        if judge.found.key() == retro.key():
            break
        retro = judge.found
    assert judge is not None
    return judge


def _claimed(versions: Sequence[Version], payload_of: PayloadOf) -> Retro:
    """Every revocation and ticket confirmation the versions claim, before anyone is judged."""
    claimed = Retro()
    latest: dict[str, tuple[str, str]] = {}
    for v in versions:
        if v.op != "put" or v.kind not in ("ticket", "revocation") or clock_problem(v.clock):
            continue
        payload = payload_of(v) or {}
        if v.kind == "ticket":
            if v.record not in latest or (v.clock, v.id) > latest[v.record]:
                latest[v.record] = (v.clock, v.id)
                bound = str(payload.get("bound_device") or "")
                if bound:
                    claimed.confirmed[v.record] = bound
                else:
                    claimed.confirmed.pop(v.record, None)
        elif isinstance(payload.get("seen"), list) and payload.get("device"):
            claimed.revoked[str(payload["device"])] = (frozenset(str(x) for x in payload["seen"]), v.device, v.id)
    return claimed


def describe_devices(judge: Judge) -> list[dict[str, Any]]:
    """`fieldwork device list --json`: every certified device, who for, who certified it, revoked."""
    out: list[dict[str, Any]] = []
    for cert in sorted(judge.devices.values(), key=lambda c: (c.clock, c.device)):
        out.append(
            {
                "device": cert.device,
                "inspector": judge.name_of(cert.inspector),
                "inspector_id": cert.inspector,
                "role": judge.effective_role(cert, "\uffff") or "team",
                "certified_by": cert.certified_by,
                "via": cert.via,
                "revoked": cert.device in judge.found.revoked,
            }
        )
    return out


def summarize_refusals(rows: Iterable[tuple[str, str, str]], name_of: NameOf) -> list[str]:
    """Plain sentences for people, one per device and reason: rows are (device, kind, reason).
    "3 versions from device 4f2a… were refused: they claim to be written by AB, but that device
    belongs to CD"."""
    groups: dict[tuple[str, str], int] = {}
    for device, _kind, reason in rows:
        groups[(device, reason)] = groups.get((device, reason), 0) + 1
    out: list[str] = []
    for (device, reason), count in sorted(groups.items()):
        said = reason
        if count > 1:
            said = said.replace("it claims", "they claim").replace("it was signed", "they were signed").replace("it builds", "they build")
            said = said.replace(f"device {device[:4]}… belongs", "that device belongs")
        else:
            said = said.replace(f"device {device[:4]}… belongs", "that device belongs")
        noun = "version" if count == 1 else "versions"
        verb = "was" if count == 1 else "were"
        out.append(f"{count} {noun} from device {device[:4]}… {verb} refused: {said}")
    return out


def payload_cache(decrypt: Callable[[Version], "dict[str, Any] | None"]) -> PayloadOf:
    """A payload reader that decrypts each version at most once."""
    cache: dict[str, Any] = {}

    def payload_of(v: Version) -> "dict[str, Any] | None":
        if v.id not in cache:
            cache[v.id] = decrypt(v)
        return cache[v.id]

    return payload_of
