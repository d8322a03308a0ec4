"""Invites: sealed under a one-time passphrase, strictly checked, and joining creates nothing on refusal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fieldwork.errors import AccessDenied, FieldworkError
from store import crypto
from store.versions import canonical_json
from store.workspace import Change, Workspace
from sync.invite import join, make_invite, open_invite
from tests.conftest import PASSPHRASE
from tests.sync.conftest import INVITE_PASSPHRASE, exchange, sea


def unsealed(invite: bytes) -> dict[str, Any]:
    envelope = json.loads(invite)
    key = crypto.KdfParams.from_json(envelope["kdf"]).derive(INVITE_PASSPHRASE)
    aad = canonical_json({"format": envelope["format"], "kdf": envelope["kdf"]})
    return json.loads(crypto.unseal(key, crypto.unb64(envelope["nonce"]), crypto.unb64(envelope["sealed"]), aad))


def resealed(content: dict[str, Any]) -> bytes:
    """An invite holding `content`, sealed properly: only the checks inside can refuse it."""
    params = crypto.KdfParams.fresh()
    envelope: dict[str, Any] = {"format": "fieldwork-invite/v2", "kdf": params.to_json()}
    nonce, sealed = crypto.seal(params.derive(INVITE_PASSPHRASE), canonical_json(content), canonical_json(envelope))
    return canonical_json({**envelope, "nonce": crypto.b64(nonce), "sealed": crypto.b64(sealed)})


def test_a_joiner_sees_the_inspection_and_the_team_at_once(laptops: list[Workspace], tmp_path: Path) -> None:
    lead = laptops[0]
    invite = open_invite(make_invite(lead, INVITE_PASSPHRASE, name="QR", inspectorate="hmip", role="qa"), INVITE_PASSPHRASE)
    ws = join(tmp_path / "new", invite, PASSPHRASE, name="QR", inspectorate="hmip", role="qa")
    try:
        assert ws.inspection["area"] == "Testshire" and ws.inspection_id == lead.inspection_id
        assert sorted(r.payload["name"] for r in ws.records("inspector")) == ["AB", "CD", "EF", "QR"]
        assert ws.me == {"name": "QR", "inspectorate": "hmip", "role": "qa", "devices": [ws.device_id]}
        assert ws.device_id != lead.device_id and ws.me_id != lead.me_id
        # No SEA entry, child or concern travels in an invite: only the inspection and the team.
        lead.put("sea", sea("Not for the invite"))
        again = open_invite(make_invite(lead, INVITE_PASSPHRASE, name="UV", inspectorate="cqc"), INVITE_PASSPHRASE)
        assert {v.kind for v in again.versions} == {"inspection", "inspector", "device", "ticket"}
        # And the new member's own record reaches the lead at the next exchange.
        exchange(ws, lead)
        assert "QR" in {r.payload["name"] for r in lead.records("inspector")}
    finally:
        ws.close()


def test_only_the_lead_can_invite(laptops: list[Workspace]) -> None:
    with pytest.raises(AccessDenied, match="Only the lead"):
        make_invite(laptops[1], INVITE_PASSPHRASE, name="ZZ", inspectorate="cqc")


def test_no_plaintext_key_or_details_in_the_invite_file(laptops: list[Workspace]) -> None:
    data = make_invite(laptops[0], INVITE_PASSPHRASE, name="ZZ", inspectorate="ofsted")
    ring = laptops[0].ring
    assert ring is not None
    for secret in (b"Testshire", b"Neglect", crypto.b64(ring.inspection_key).encode(), ring.inspection_key):
        assert secret not in data


def test_wrong_passphrase_and_altered_invites_are_refused(laptops: list[Workspace]) -> None:
    data = make_invite(laptops[0], INVITE_PASSPHRASE, name="ZZ", inspectorate="ofsted")
    with pytest.raises(AccessDenied, match="Wrong invite passphrase"):
        open_invite(data, "not the words")
    envelope = json.loads(data)
    sealed = bytearray(crypto.unb64(envelope["sealed"]))
    sealed[10] ^= 1
    with pytest.raises(AccessDenied):
        open_invite(canonical_json({**envelope, "sealed": crypto.b64(bytes(sealed))}), INVITE_PASSPHRASE)
    # The KDF parameters are bound to the ciphertext: a weaker work factor cannot be swapped in.
    weaker = {**envelope["kdf"], "iterations": envelope["kdf"]["iterations"] + 1}
    with pytest.raises(AccessDenied):
        open_invite(canonical_json({**envelope, "kdf": weaker}), INVITE_PASSPHRASE)


@pytest.mark.parametrize(
    ("doctor", "reason"),
    [
        (lambda e: {**e, "kdf": {**e["kdf"], "memory_kib": 1 << 30}}, "outside the allowed range"),
        (lambda e: {**e, "kdf": {**e["kdf"], "iterations": 10_000}}, "outside the allowed range"),
        (lambda e: {**e, "extra": 1}, "unexpected fields"),
        (lambda e: {**e, "nonce": "AAAA"}, "bad nonce"),
        (lambda e: {**e, "format": "fieldwork-invite/v3"}, "newer Fieldwork"),
        (lambda e: {**e, "format": "fieldwork-invite/v1"}, "older Fieldwork"),
        (lambda e: {"format": "something else"}, "not a Fieldwork invite"),
    ],
)
def test_strict_envelope_and_capped_work_factors(laptops: list[Workspace], doctor: Any, reason: str) -> None:
    envelope = json.loads(make_invite(laptops[0], INVITE_PASSPHRASE, name="ZZ", inspectorate="ofsted"))
    with pytest.raises(FieldworkError, match=reason):
        open_invite(canonical_json(doctor(envelope)), INVITE_PASSPHRASE)


def test_not_an_invite_at_all() -> None:
    for data in (b"", b"\xff\xfe", b"fieldwork-bundle/v1\n", b"[1, 2]"):
        with pytest.raises(FieldworkError, match="not a Fieldwork invite"):
            open_invite(data, INVITE_PASSPHRASE)


def test_details_not_signed_by_the_lead_named_in_the_invite_are_refused(laptops: list[Workspace]) -> None:
    lead, member = laptops[0], laptops[1]
    content = unsealed(make_invite(lead, INVITE_PASSPHRASE, name="ZZ", inspectorate="ofsted"))
    ring = member.ring
    assert ring is not None
    # Name a member's key as the lead's: the inspection's versions were not signed by it.
    content["lead"] = {**content["lead"], "device": ring.device_id, "public_key": crypto.b64(ring.public_key)}
    with pytest.raises(FieldworkError, match="not signed by the lead"):
        open_invite(resealed(content), INVITE_PASSPHRASE)


def test_a_version_with_a_bad_signature_or_of_another_kind_is_refused(laptops: list[Workspace]) -> None:
    lead = laptops[0]
    content = unsealed(make_invite(lead, INVITE_PASSPHRASE, name="ZZ", inspectorate="ofsted"))
    raw, signature = content["versions"][0]
    bad = bytearray(crypto.unb64(signature))
    bad[0] ^= 1
    doctored = {**content, "versions": [[raw, crypto.b64(bytes(bad))], *content["versions"][1:]]}
    with pytest.raises(FieldworkError, match="signature"):
        open_invite(resealed(doctored), INVITE_PASSPHRASE)
    entry = lead.write([Change("sea", sea("An SEA entry has no place in an invite"))])[0]
    smuggled = {**content, "versions": [*content["versions"], [crypto.b64(entry.raw), crypto.b64(entry.signature)]]}
    with pytest.raises(FieldworkError, match="not this inspection's"):
        open_invite(resealed(smuggled), INVITE_PASSPHRASE)


def test_joining_over_an_existing_inspection_is_refused(laptops: list[Workspace]) -> None:
    invite = open_invite(make_invite(laptops[0], INVITE_PASSPHRASE, name="ZZ", inspectorate="ofsted"), INVITE_PASSPHRASE)
    with pytest.raises(FieldworkError, match="already holds an inspection"):
        join(laptops[1].home, invite, PASSPHRASE, name="ZZ", inspectorate="ofsted")


def test_a_join_that_fails_half_way_leaves_nothing_behind(laptops: list[Workspace], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    invite = open_invite(make_invite(laptops[0], INVITE_PASSPHRASE, name="ZZ", inspectorate="ofsted"), INVITE_PASSPHRASE)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Workspace, "write", broken)
    with pytest.raises(OSError):
        join(tmp_path / "half", invite, PASSPHRASE, name="ZZ", inspectorate="ofsted")
    assert not (tmp_path / "half").exists()
