"""The format pinned by known-answer vectors (tests/vectors/, written by tools/make_vectors.py).

Fixed bytes in, recorded answers out: a change to how versions are hashed, signed, sealed or
judged, or to how bundles and invites are read, fails here before it reaches a team.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from fieldwork import trust
from store import crypto
from store.versions import KeyChain, decode_version, decrypt_payload, verify_version
from sync.bundle import BundleError, read_bundle
from sync.invite import open_invite

VECTORS = Path(__file__).parent / "vectors"
DATA: dict[str, Any] = json.loads((VECTORS / "trust-v3.json").read_text(encoding="utf-8"))


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


def versions() -> list[Any]:
    return [decode_version(unb64(v["raw"]), unb64(v["signature"])) for v in DATA["versions"]]


def test_ids_are_the_hash_of_the_bytes_and_signatures_verify() -> None:
    keys = {d: unb64(k) for d, k in DATA["devices"].items()}
    for entry, version in zip(DATA["versions"], versions()):
        assert version.id == entry["id"] == hashlib.sha256(unb64(entry["raw"])).hexdigest()
        assert verify_version(version, keys[version.device])


def test_payloads_decrypt_to_the_recorded_records() -> None:
    key = unb64(DATA["inspection_key"])
    for entry, version in zip(DATA["versions"], versions()):
        payload = decrypt_payload(version, key)
        if entry["payload"] is not None:
            assert payload == entry["payload"]


def test_the_trust_chain_gives_the_recorded_verdicts_and_digest() -> None:
    key = unb64(DATA["inspection_key"])
    forged = decode_version(unb64(DATA["forged"]["raw"]), unb64(DATA["forged"]["signature"]))
    judged = trust.evaluate(
        [*versions(), forged],
        lambda v: decrypt_payload(v, key),
        inspection=DATA["inspection"],
        root_device=DATA["root_device"],
    )
    for entry in DATA["versions"]:
        assert judged.status[entry["id"]] == entry["verdict"]
    assert judged.status[forged.id] == "refused" and DATA["forged"]["reason"] in judged.reason[forged.id]
    accepted = sorted(vid for vid, state in judged.status.items() if state == "accepted")
    assert hashlib.sha256(b"".join(v.encode() + b"\n" for v in accepted)).hexdigest() == DATA["state_digest"]


def test_the_epoch_0_bundle_opens_with_the_inspection_key() -> None:
    contents = read_bundle(
        (VECTORS / DATA["bundle_epoch0"]["file"]).read_bytes(), inspection=DATA["inspection"], inspection_key=unb64(DATA["inspection_key"])
    )
    assert contents.format == 3 and contents.epoch == 0
    assert contents.ids == DATA["bundle_epoch0"]["ids"]


def test_the_epoch_1_bundle_opens_only_for_a_remaining_device() -> None:
    data = (VECTORS / DATA["bundle_epoch1"]["file"]).read_bytes()
    key = unb64(DATA["inspection_key"])
    lead = DATA["lead_age_identity"]
    contents = read_bundle(data, inspection=DATA["inspection"], inspection_key=key, unseal=lambda sealed: crypto.unseal_with(lead, sealed))
    assert contents.epoch == 1 and contents.epoch_key is not None and len(contents.epoch_key) == 32
    # The versions written after the revocation are sealed with the new key, the older with the old.
    chain = KeyChain([contents.epoch_key, key])
    for raw, signature in contents.versions:
        decrypt_payload(decode_version(raw, signature), b"", chain)
    # Another identity (the revoked device's, say) holds the old key and still cannot open it.
    stranger = crypto.new_age_identity()
    with pytest.raises(BundleError, match="after a revocation"):
        read_bundle(data, inspection=DATA["inspection"], inspection_key=key, unseal=lambda sealed: crypto.unseal_with(stranger, sealed))


def test_the_invite_opens_with_its_code_and_presents_its_ticket() -> None:
    invite = open_invite((VECTORS / DATA["invite"]["file"]).read_bytes(), DATA["invite"]["code"])
    assert invite.inspection == DATA["inspection"] and invite.lead_device == DATA["root_device"]
    ticket = next(v for v in invite.versions if v.record == invite.ticket)
    assert decrypt_payload(ticket, invite.key)["name"] == DATA["invite"]["name"]


PAPER: dict[str, Any] = json.loads((VECTORS / "paper-age.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PAPER["cases"], ids=lambda case: case["seed"][:8])
def test_the_paper_seed_gives_the_recorded_age_identity_and_recipient(case: dict[str, str]) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from fieldwork import bech32
    from store import paper_age

    seed = bytes.fromhex(case["seed"])
    assert PAPER["hkdf_info"].encode("ascii") == paper_age.INFO
    assert paper_age.scalar(seed).hex() == case["scalar"]
    assert paper_age.identity(seed) == case["identity"]
    assert paper_age.recipient(seed) == case["recipient"]
    # The recipient is X25519 of the scalar, as any other tool computes it (not only pyrage).
    public = X25519PrivateKey.from_private_bytes(bytes.fromhex(case["scalar"])).public_key().public_bytes_raw()
    assert bech32.encode("age", public) == case["recipient"]
    assert crypto.b64(crypto.public_raw(crypto.signing_key_from_raw(seed))) == case["ed25519_public"]


def test_the_first_paper_seed_is_the_paper_key_of_the_trust_vectors() -> None:
    first = next(v["payload"] for v in DATA["versions"] if v["kind"] == "inspection")
    assert first["paper_key"] == PAPER["cases"][0]["ed25519_public"]


def test_an_epoch_key_sealed_to_the_paper_recipient_opens_with_the_paper_identity_alone() -> None:
    sealed = PAPER["sealed_epoch_key"]
    identity = next(case["identity"] for case in PAPER["cases"] if case["recipient"] == sealed["recipient"])
    age_file = unb64(sealed["age_file"])
    assert crypto.unseal_with(identity, age_file) == bytes.fromhex(sealed["key"])
    for other in PAPER["cases"]:
        if other["identity"] != identity:
            assert crypto.unseal_with(other["identity"], age_file) is None
