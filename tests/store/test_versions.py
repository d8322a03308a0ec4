"""The version encoding: ids over exact bytes, signatures, and metadata bound to the payload."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import crypto
from store.versions import MalformedVersion, decode_version, decrypt_payload, make_version, verify_version

KEY = bytes(range(32))
PARENT = "a" * 64


def _version(**overrides):  # type: ignore[no-untyped-def]
    args = dict(
        key=KEY,
        signing_key=crypto.new_signing_key(),
        inspection="insp-1",
        record="rec-1",
        kind="sea",
        parents=[PARENT],
        clock="000001700000000-000000",
        author="inspector-1",
        op="put",
        payload={"text": "Strategy discussions were timely for CR-104233."},
    )
    args.update(overrides)
    return make_version(**args)


def test_id_is_sha256_of_the_exact_stored_bytes() -> None:
    v = _version()
    assert v.id == hashlib.sha256(v.raw).hexdigest()
    again = decode_version(v.raw, v.signature)
    assert again.id == v.id and again.parents == (PARENT,)


def test_payload_is_not_in_the_stored_bytes() -> None:
    v = _version()
    assert b"CR-104233" not in v.raw and b"Strategy" not in v.raw
    assert decrypt_payload(v, KEY)["text"].startswith("Strategy")


def test_signature_covers_the_stored_bytes() -> None:
    key = crypto.new_signing_key()
    v = _version(signing_key=key)
    assert verify_version(v, crypto.public_raw(key))
    other = crypto.new_signing_key()
    assert not verify_version(v, crypto.public_raw(other))
    forged = decode_version(v.raw, bytes(64))
    assert not verify_version(forged, crypto.public_raw(key))


def test_metadata_cannot_be_swapped_onto_another_payload() -> None:
    v = _version()
    data = json.loads(v.raw)
    data["k"] = "finding"  # relabel the version's kind, keep the ciphertext
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    tampered = decode_version(raw, v.signature)
    with pytest.raises(crypto.InvalidTag):
        decrypt_payload(tampered, KEY)


def test_wrong_key_does_not_decrypt() -> None:
    with pytest.raises(crypto.InvalidTag):
        decrypt_payload(_version(), bytes(32))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(v=2),
        lambda d: d.pop("x"),
        lambda d: d.update(extra=1),
        lambda d: d.update(p=["zz"]),
        lambda d: d.update(o="merge"),
        lambda d: d.update(d="not-a-device"),
    ],
)
def test_decoding_is_strict(mutate) -> None:  # type: ignore[no-untyped-def]
    v = _version()
    data = json.loads(v.raw)
    mutate(data)
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(MalformedVersion):
        decode_version(raw, v.signature)


def test_non_canonical_bytes_are_refused() -> None:
    v = _version()
    spaced = json.dumps(json.loads(v.raw), sort_keys=True).encode()  # default separators add spaces
    with pytest.raises(MalformedVersion):
        decode_version(spaced, v.signature)


# Strings that need escaping in JSON, or that look like JSON's own punctuation.
ODD = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(record=ODD, kind=ODD, author=ODD, clock=ODD)
def test_any_field_text_decodes_to_the_same_version_and_its_metadata_still_opens_the_payload(
    record: str, kind: str, author: str, clock: str
) -> None:
    """Decoding checks canonical form by laying the metadata out itself: for any text it must
    write exactly the bytes `canonical_json` wrote, or good versions would be refused."""
    v = _version(record=record, kind=kind, author=author, clock=clock, parents=sorted({"b" * 64, PARENT}))
    again = decode_version(v.raw, v.signature)
    assert again == v
    assert decrypt_payload(again, KEY)["text"].startswith("Strategy")
    assert decrypt_payload(decode_version(v.raw, v.signature, trusted=True), KEY) == decrypt_payload(v, KEY)


@pytest.mark.parametrize(
    "rewrite",
    [
        pytest.param(lambda raw: raw.replace(b'"v":1', b'"v":true'), id="format as true"),
        pytest.param(lambda raw: raw.replace(b'"v":1', b'"v":1.0'), id="format as 1.0"),
        pytest.param(lambda raw: raw.replace("é".encode(), b"\\u00e9"), id="an escape where the encoder writes the letter"),
        pytest.param(lambda raw: raw.replace(b'"a":"', b'"a":"\\ud800', 1), id="a lone surrogate"),
        pytest.param(lambda raw: raw.replace(b'"n":"', b'"n":"\\u0041', 1), id="an escape in the nonce"),
        pytest.param(lambda raw: raw.replace(b'"p":[', b'"p": [', 1), id="a space"),
    ],
)
def test_other_spellings_of_the_same_version_are_refused(rewrite) -> None:  # type: ignore[no-untyped-def]
    v = _version(author="inspector-é")
    raw = rewrite(v.raw)
    assert raw != v.raw
    with pytest.raises(MalformedVersion):
        decode_version(raw, v.signature)


@settings(max_examples=150, deadline=None)
@given(record=ODD, kind=ODD, author=ODD, clock=ODD, op=st.sampled_from(["put", "delete"]))
def test_associated_data_cut_from_the_bytes_is_the_metadata_the_payload_was_sealed_with(
    record: str, kind: str, author: str, clock: str, op: str
) -> None:
    """Even with field text full of quotes, colons and `"n":"` itself, the cut finds the fields."""
    from store.versions import _layout, associated_data, canonical_json

    v = _version(record=record + '","n":"', kind=kind, author=author, clock=clock, op=op)
    head, tail = _layout(v.inspection, v.record, v.kind, v.parents, v.clock, v.device, v.author, v.op)
    assert associated_data(v) == f"{head}{tail}}}".encode()
    meta = {"v": 1, "i": v.inspection, "r": v.record, "k": v.kind, "p": list(v.parents), "c": v.clock, "d": v.device, "a": v.author, "o": v.op}
    assert associated_data(decode_version(v.raw, v.signature)) == canonical_json(meta)
