"""Write the known-answer vectors in tests/vectors/ (as age's CCTV vectors pin age).

Run once when the format changes, on purpose: `python tools/make_vectors.py`. The suite
(`tests/test_vectors.py`) then checks, against these fixed bytes, that a version's id is the hash
of its bytes, its signature verifies, it decrypts to the recorded payload, the trust chain gives
each the recorded verdict and the set the recorded state digest, and that the bundles and the
invite open (or are refused) as recorded. Keys are fixed seeds, so the vectors never change
unless this script is run again.

`python tools/make_vectors.py --only paper` writes only `paper-age.json`: the paper key's age
identity and recipient derived from fixed seeds (store/paper_age.py), and an epoch key sealed to
one of them, leaving the other vectors byte for byte as they are.

Made-up case references and initials only; no names.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FIELDWORK_KDF", "fast")
os.environ.setdefault("FIELDWORK_BENCHMARK", "1")  # the fast KDF is for tests and tools like this

from fieldwork import records as rec  # noqa: E402
from store import crypto, paper_age  # noqa: E402
from store.team import enrol, revoke  # noqa: E402
from store.versions import make_version  # noqa: E402
from store.workspace import Change, Workspace  # noqa: E402
from sync.bundle import export_bundle  # noqa: E402

OUT = ROOT / "tests" / "vectors"
PASSPHRASE = "vector passphrase, not for real use"
INVITE_CODE = "vector invite code words for testing only"


def seed(label: str) -> bytes:
    return hashlib.sha256(b"fieldwork test vector " + label.encode()).digest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def paper_vectors() -> dict[str, object]:
    """Seed -> scalar -> identity -> recipient, for three fixed seeds (the first is the paper key
    of trust-v3.json), and an epoch key sealed to the first recipient as `revoke` seals one."""
    seeds = [seed("paper key"), bytes(32), bytes(range(32))]
    cases = [
        {
            "seed": s.hex(),
            "ed25519_public": b64(crypto.public_raw(crypto.signing_key_from_raw(s))),
            "scalar": paper_age.scalar(s).hex(),
            "identity": paper_age.identity(s),
            "recipient": paper_age.recipient(s),
        }
        for s in seeds
    ]
    epoch_key = seed("paper epoch key")
    return {
        "about": "Known-answer vectors for the paper key's age identity (sync/FORMAT.md, 'The paper key and restore').",
        "hkdf_info": paper_age.INFO.decode("ascii"),
        "cases": cases,
        "sealed_epoch_key": {"recipient": cases[0]["recipient"], "key": epoch_key.hex(), "age_file": b64(crypto.seal_to([str(cases[0]["recipient"])], epoch_key))},
    }


def write_paper_vectors() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "paper-age.json").write_text(json.dumps(paper_vectors(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote the paper key's age vectors to {OUT}")


def main() -> None:
    from sync.invite import make_invite

    work = Path(tempfile.mkdtemp())
    root_key = crypto.signing_key_from_raw(seed("root device"))
    paper_key = crypto.signing_key_from_raw(seed("paper key"))
    member_key = crypto.signing_key_from_raw(seed("member device"))
    lead = Workspace.create(
        work / "lead",
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Vectorshire", theme="Neglect", notified="2026-11-10", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
        signing_key=root_key,
        paper_key=paper_key,
        inspection_id="vector-inspection",
        inspector_id="vector-lead",
    )
    ring = lead.ring
    assert ring is not None
    member_id, _ = enrol(lead, name="CD", inspectorate="cqc", key=member_key, inspector="vector-member")
    lead.write([Change("child", rec.child_payload({"case_ref": "CR-900001", "stage": "tracked"}))], as_identity=(member_id, member_key))
    honest = lead.all_versions()
    # A forgery: the member's device, writing as the lead.
    forged = make_version(
        key=lead.current_key,
        signing_key=member_key,
        inspection=ring.inspection_id,
        record="vector-forged",
        kind="sea",
        parents=(),
        clock=lead.clock.tick().encode(),
        author=ring.inspector_id,
        op="put",
        payload={"criteria": ["ESN 07"], "judgement": "strength", "evidence_at": "2026-11-24", "text": "Written in the lead's name."},
    )
    bundle_epoch0 = export_bundle(lead)[0]
    invite = make_invite(lead, INVITE_CODE, name="EF", inspectorate="hmicfrs")
    revoke(lead, crypto.device_id_for(crypto.public_raw(member_key)), reason="a vector revocation")
    bundle_epoch1 = export_bundle(lead)[0]
    verdicts = {v.id: lead.judge.status[v.id] for v in honest}
    accepted = sorted(v.id for v in honest)
    document = {
        "about": "Known-answer vectors for sync/FORMAT.md: fixed keys, fixed bytes, expected ids, verdicts and digest.",
        "inspection": ring.inspection_id,
        "inspection_key": b64(ring.inspection_key),
        "root_device": ring.root_device,
        "lead_age_identity": ring.age_identity,
        "devices": {d: b64(k) for d, k in sorted(lead.devices().items())},
        "versions": [
            {
                "raw": b64(v.raw),
                "signature": b64(v.signature),
                "id": v.id,
                "kind": v.kind,
                "payload": lead.judge.payloads.get(v.id) if v.kind in ("inspection", "inspector", "device", "ticket") else None,
                "verdict": verdicts[v.id],
            }
            for v in honest
        ],
        "forged": {"raw": b64(forged.raw), "signature": b64(forged.signature), "id": forged.id, "verdict": "refused", "reason": "claims to be written by AB"},
        "state_digest": hashlib.sha256(b"".join(v.encode() + b"\n" for v in accepted)).hexdigest(),
        "bundle_epoch0": {"file": "epoch0.fwbundle", "ids": [v.id for v in honest]},
        "bundle_epoch1": {"file": "epoch1.fwbundle", "epoch": 1},
        "invite": {"file": "member.fwinvite", "code": INVITE_CODE, "name": "EF"},
    }
    lead.close()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "epoch0.fwbundle").write_bytes(bundle_epoch0)
    (OUT / "epoch1.fwbundle").write_bytes(bundle_epoch1)
    (OUT / "member.fwinvite").write_bytes(invite)
    (OUT / "trust-v3.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {len(honest)} versions, 2 bundles and an invite to {OUT}")
    write_paper_vectors()


if __name__ == "__main__":
    if sys.argv[1:] == ["--only", "paper"]:
        write_paper_vectors()
    elif sys.argv[1:]:
        sys.exit("usage: python tools/make_vectors.py [--only paper]")
    else:
        main()
