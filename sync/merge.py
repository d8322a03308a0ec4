"""Taking in another laptop's versions: every check first, then one transaction.

The order of work:

1. **Crypto** (the whole import is refused on any failure, and the store is unchanged): every
   version is of this inspection, signed by the device it names (by itself or in one of that
   device's attestations, see store/versions.py) and decrypts under the inspection key.
2. **Trust** (fieldwork/trust.py): each version is judged against the chain that ends at the
   lead's root device and against the rule table (fieldwork/authority.py). A version that breaks
   a rule is not applied and not passed on: it is kept aside in the quarantine with its reason
   and the bundle it came in. One that waits for a parent or for its device's certificate is
   held pending, as before.
3. **Apply**: accepted versions go into the log, pending and quarantine are updated, attestations
   kept, all in one transaction; then the records in memory are refreshed.

A batch that brings no version of a trust kind is judged against the trust state as it stands
(the common case: a laptop's day of SEA entries); one that does is judged, with everything held,
from scratch, because a certificate, a role change or a revocation can change the verdict on
versions judged before it. Either way the verdict depends only on the versions, never on the
order they arrive in.
"""

from __future__ import annotations

import contextlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Callable, Container, Iterable

from fieldwork import schemas
from fieldwork import trust as tr
from fieldwork.errors import FieldworkError
from store import crypto
from store.pending import within_cap
from store.versions import INVITE_KINDS, Attestation, MalformedVersion, Version, decrypt_text, verify_attestation, verify_version

if TYPE_CHECKING:
    from store.workspace import ImportResult, Workspace


def held_ids(ws: "Workspace") -> "Container[str]":
    """Every version id this store holds: applied, waiting, or kept aside in the quarantine. The
    trust chain has judged each of them (on open, or as it came in), so its verdicts know them all."""
    return ws.judge.status


def start_verifying(versions: list[Version], keys: dict[str, bytes]) -> Callable[[], bool]:
    """Check every signature on every core while the caller goes on decrypting.

    Ed25519 verification (about 100 µs a version) is the largest single cost of taking in
    versions nobody has attested, and the binding releases the GIL, so worker threads verify
    while the main thread decrypts. Returns a function that waits for the answer: True only if
    every signature verifies.
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


def import_versions(
    ws: "Workspace",
    incoming: Iterable[Version],
    devices: dict[str, bytes],
    attestations: Iterable[Attestation] = (),
    *,
    source: str = "",
) -> "ImportResult":
    """Merge versions from another store: all checked first, then applied in one transaction.

    Any version of another inspection, that its device has not signed, or with a payload that
    does not decrypt under our key refuses the whole import, and the store is unchanged. Versions
    the trust chain refuses are quarantined with `source` (the bundle file) and their reason.
    """
    from store.workspace import ImportResult

    ring = ws.ring
    if ring is None:
        raise FieldworkError("The inspection is locked.")
    known_devices = ws.log.devices()
    for device_id, public in devices.items():
        if crypto.device_id_for(public) != device_id:
            raise FieldworkError("The bundle names a device whose key does not match it. Nothing was imported.")
        known_devices.setdefault(device_id, public)
    result = ImportResult()
    judge = ws.judge
    held = held_ids(ws)
    pending_now = {v.id: v for v in ws.log.pending()}
    fresh: dict[str, Version] = {}
    for v in incoming:
        if v.inspection != ring.inspection_id:
            raise FieldworkError("The bundle belongs to another inspection. Nothing was imported.")
        if v.id in held or v.id in fresh:
            result.present += 1
            continue
        if v.device not in known_devices:
            raise FieldworkError("A version in the bundle comes from a device the bundle does not introduce. Nothing was imported.")
        fresh[v.id] = v
    vouched, keep, drop = _attested(ws, attestations, known_devices, fresh, pending_now)
    unvouched = [v for v in fresh.values() if v.kind in INVITE_KINDS or v.kind in tr.TRUST_KINDS or v.id not in vouched.get(v.device, ())]
    signatures_ok = start_verifying(unvouched, known_devices)
    payloads: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] = {}
    key = ring.inspection_key
    ws.learn_epoch_records([v for v in fresh.values() if v.kind == "epoch"])
    aead = ws.cipher  # every key epoch this laptop knows, newest first
    loads = json.loads
    for v in fresh.values():
        try:
            text = decrypt_text(v, key, aead)
            payload = loads(text)
        except (crypto.InvalidTag, MalformedVersion, ValueError):
            raise FieldworkError("A version in the bundle does not decrypt with this inspection's key. Nothing was imported.") from None
        texts[v.id] = text
        # A payload that is not an object is judged (and quarantined) by the trust chain.
        payloads[v.id] = payload if isinstance(payload, dict) else None  # type: ignore[assignment]
    if not signatures_ok():
        raise FieldworkError("A version in the bundle has a signature that does not verify. Nothing was imported.")
    result.new = len(fresh)

    candidates = [*pending_now.values(), *fresh.values()]
    reader = ws._payload_reader(payloads)  # noqa: SLF001 - the merge is the store's other writer
    if any(v.kind in tr.TRUST_KINDS for v in candidates):
        judge = ws._judge_everything(extra=list(fresh.values()), payloads=payloads)  # noqa: SLF001
    else:
        # A payload that is not a valid record of its kind is refused like a forgery (fieldwork/schemas.py).
        for v in fresh.values():
            why = schemas.problem(v.kind, v.op, payloads[v.id] if v.op == "put" else {}, texts.get(v.id))
            if why:
                judge.invalid[v.id] = why
        judge.present.update(v.id for v in candidates)
        for v in sorted(candidates, key=lambda v: (v.clock, v.id)):
            judge.judge(v, reader)
    status = judge.status

    # What moves: the fresh and pending ones by their verdicts; and, after a full judgement,
    # any held version whose verdict changed (a revocation or a confirmed ticket reaching back).
    accept = sorted((v for v in candidates if status.get(v.id) == tr.OK), key=lambda v: (v.clock, v.id))
    waiting = [v for v in fresh.values() if status.get(v.id) == tr.WAIT]
    # Bounded (store/pending.py): what is over the cap is not kept, and the judge forgets it below.
    waiting, over_cap = within_cap((v for v in pending_now.values() if status.get(v.id) == tr.WAIT), waiting)
    result.pending_dropped = len(over_cap)
    refused = [v for v in candidates if status.get(v.id) == tr.NO]
    withdrawn: list[str] = []
    restored: list[str] = []
    if judge is not ws.judge:
        # Judged afresh: a held verdict may have changed (a revocation or confirmation reaching back).
        withdrawn = [vid for vid in ws.log.version_ids() if status.get(vid) not in (None, tr.OK)]
        restored = [v.id for v, _r, _s in ws.log.quarantined() if status.get(v.id) == tr.OK]
    result.applied_from_pending = sum(1 for v in accept if v.id in pending_now)
    result.pending = sum(1 for v in candidates if status.get(v.id) == tr.WAIT) - len(over_cap)
    result.quarantined = [(v.id, v.device, v.author, v.kind, judge.reason.get(v.id, "refused")) for v in refused]
    touched = {v.record for v in accept}
    conflicted_before = {r for r in touched if r in ws._states and ws._states[r].conflicted}  # noqa: SLF001
    ws.observe_clocks(accept)
    left_pending = [v.id for v in pending_now.values() if status.get(v.id) != tr.WAIT]
    # Attestations covering a refused version cannot be passed on whole: not kept.
    refused_ids = {v.id for v in refused}
    keep = [a for a in keep if not (a.covered() & refused_ids)]
    moved_back = ws.log.get(withdrawn) if withdrawn else []
    restored_versions = [v for v, _r, _s in ws.log.quarantined() if v.id in set(restored)]
    reload = bool(withdrawn or restored or over_cap or judge is not ws.judge)

    def absorb() -> None:
        for v in accept:
            if v.id not in payloads:  # came out of the pending table: decrypt it now
                texts[v.id] = decrypt_text(v, key, aead)
                payloads[v.id] = loads(texts[v.id]) if v.op == "put" else {}
        ws._absorb(accept, payloads, texts)  # noqa: SLF001

    writes = bool(accept or waiting or refused or keep or drop or withdrawn or restored or left_pending)
    try:
        if writes:
            # Folded into memory while the commit waits for the disk (store/log.py).
            with ws.log.roomy_cache(), ws.log.transaction(meanwhile=None if reload else absorb):
                ws.log.insert_devices({d: known_devices[d] for d in {v.device for v in fresh.values()} | {a.device for a in keep}})
                ws.log.insert_versions(accept + restored_versions)
                ws.log.drop_quarantine(restored)
                ws.log.drop_pending(left_pending)
                ws.log.put_pending(
                    [v for v in waiting],
                    {v.id: [p for p in v.parents if status.get(p) != tr.OK] for v in waiting},
                )
                ws.log.put_quarantine(
                    [(v, judge.reason.get(v.id, "refused"), source) for v in refused]
                    + [(v, judge.reason.get(v.id, "refused"), "this store (withdrawn after a later revocation)") for v in moved_back]
                )
                ws.log.drop_versions(withdrawn)
                ws.log.put_attestations(keep, drop)
                ws.log.set_meta("clock", ws.clock.last.encode())
    except BaseException:
        # The judge took these versions in before the write, and memory perhaps too: both
        # follow the log again, which holds none of them, so a retry finds them new. The
        # failure itself is what the person is told, even if reading back fails too.
        with contextlib.suppress(Exception):
            ws.reload()
        raise
    if reload:
        # A judgement from scratch covered exactly what the log now holds, unless the pending
        # cap dropped versions since: then the reload judges again.
        ws.reload(judged=None if over_cap or judge is ws.judge else judge)
    elif not writes:
        absorb()
    result.records_touched = touched
    states = ws._states  # noqa: SLF001
    result.conflicts_created = sum(1 for r in touched if r in states and states[r].conflicted and r not in conflicted_before)
    result.deleted = sum(1 for v in accept if v.op == "delete")
    if accept and any(v.kind == "device" for v in accept):
        # On the lead's laptop, a ticket's first binding seen is confirmed at once, so a second
        # device presenting the same invite is refused everywhere from the next sync on.
        from store.team import confirm_bindings

        confirm_bindings(ws)
    return result


def _attested(
    ws: "Workspace",
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
    covers. So whatever is taken in on an attestation's word leaves again with an attestation
    covering it, and the next store can check it the same way.
    """
    ring = ws.ring
    assert ring is not None
    held = ws._metas  # noqa: SLF001
    me = ring.device_id
    listed = list(attestations)
    for a in listed:
        if a.device not in keys:
            raise FieldworkError("The bundle holds a signature by a device it does not introduce. Nothing was imported.")
    for a, ok in zip(listed, _verify_attestations(listed, keys, ring.inspection_id)):
        if not ok:
            raise FieldworkError(
                f"The bundle has a signature that does not verify (device {a.device[:8]}'s, over its versions). Nothing was imported."
            )
    vouched: dict[str, set[str]] = {}
    offered: dict[str, list[tuple[set[str], Attestation]]] = {}
    for a in listed:
        covered = a.covered()
        if not all(v in fresh or v in held or v in pending for v in covered):
            continue  # it could not be passed on whole
        vouched.setdefault(a.device, set()).update(covered)
        if a.device != me:  # mine are not kept: my bundle always goes with a fresh attestation of all my versions
            offered.setdefault(a.device, []).append((covered, a))
    stored = ws.log.attestations()
    stored_by: dict[str, list[tuple[set[str], Attestation]]] = {}
    for b in stored:
        if b.device in offered:
            stored_by.setdefault(b.device, []).append((b.covered(), b))
    # Per device, widest first (then by signature, so the choice depends only on the set): keep an
    # attestation only if it covers a version no wider one kept does. Each check costs its own
    # length, so thousands of overlapping attestations cost what their bytes do, never their
    # count squared (a 30,000-attestation flood took 124 s that way); and what is kept is at
    # most one attestation a version.
    chosen: dict[bytes, Attestation] = {}
    for device, entries in offered.items():
        union: set[str] = set()
        for covered, a in sorted(stored_by.get(device, []) + entries, key=lambda e: (-len(e[0]), e[1].signature)):
            if a.signature not in chosen and not covered <= union:
                union |= covered
                chosen[a.signature] = a
    before = {a.signature for a in stored}
    keep = [a for s, a in chosen.items() if s not in before]
    drop = [a for a in stored if a.device in offered and a.signature not in chosen]
    return vouched, keep, drop


def _verify_attestations(attestations: list[Attestation], keys: dict[str, bytes], inspection: str) -> list[bool]:
    """Each attestation's signature, on every core for a flood of them (the binding releases the GIL)."""
    check = lambda a: verify_attestation(a, keys[a.device], inspection)  # noqa: E731
    if len(attestations) < 256:
        return [check(a) for a in attestations]
    workers = max(1, min(8, os.cpu_count() or 1))
    size = -(-len(attestations) // workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = pool.map(lambda part: [check(a) for a in part], [attestations[i : i + size] for i in range(0, len(attestations), size)])
        return [ok for part in parts for ok in part]
