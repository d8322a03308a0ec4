"""The paper key's age identity (store/paper_age.py): fixed by the seed, a valid age key, its recipient checked."""

from __future__ import annotations

from fieldwork import bech32
from store import crypto, paper_age


def test_the_identity_is_the_same_for_a_seed_and_differs_between_seeds() -> None:
    seed, other = bytes(range(32)), bytes(range(1, 33))
    assert paper_age.identity(seed) == paper_age.identity(bytes(range(32)))
    assert paper_age.identity(seed) != paper_age.identity(other)
    assert paper_age.scalar(seed) != seed  # derived under its own label, never the seed itself


def test_the_scalar_is_clamped_as_x25519_requires() -> None:
    for n in range(16):
        raw = paper_age.scalar(bytes([n]) * 32)
        assert raw[0] & 7 == 0 and raw[31] & 128 == 0 and raw[31] & 64 == 64


def test_what_the_identity_seals_to_opens_with_it_and_no_device_identity() -> None:
    seed = crypto.new_key()
    sealed = crypto.seal_to([paper_age.recipient(seed)], b"k" * 32)
    assert crypto.unseal_with(paper_age.identity(seed), sealed) == b"k" * 32
    assert crypto.unseal_with(crypto.new_age_identity(), sealed) is None


def test_only_a_lower_case_age_recipient_of_32_bytes_is_taken() -> None:
    seed = bytes(32)
    recipient = paper_age.recipient(seed)
    assert paper_age.is_recipient(recipient)
    assert not paper_age.is_recipient(recipient.upper())
    assert not paper_age.is_recipient(paper_age.identity(seed))
    assert not paper_age.is_recipient(bech32.encode("age", bytes(31)))
    assert not paper_age.is_recipient(recipient[:-1] + ("q" if recipient[-1] != "q" else "p"))
    assert not paper_age.is_recipient("")
