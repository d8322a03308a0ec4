"""Bech32 as BIP-173 defines it (its published test vectors) and as age writes its X25519 keys."""

from __future__ import annotations

import pytest

from fieldwork import bech32

# BIP-173, "Test vectors": valid Bech32 strings.
VALID = [
    "A12UEL5L",
    "a12uel5l",
    "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
    "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
    "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
    "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    "?1ezyfcl",
]

# BIP-173, "Test vectors": invalid Bech32 strings, each with the reason the BIP gives.
INVALID = [
    ("\x201nwldj5", "human-readable part"),  # HRP character out of range
    ("\x7f1axkwrx", "human-readable part"),  # HRP character out of range
    ("\x801eym55h", "human-readable part"),  # HRP character out of range
    ("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx", "over Bech32's 90"),
    ("pzry9x0s0muk", "no separator"),
    ("1pzry9x0s0muk", "empty"),
    ("x1b4n0q5v", "does not use"),  # invalid data character
    ("li1dgmt3", "too short"),  # too short checksum
    ("de1lg7wt\xff", "does not use"),  # invalid character in checksum
    ("A1G7SGD8", "checksum does not match"),  # checksum calculated with uppercase form of HRP
    ("10a06t8", "empty"),
    ("1qzzfhee", "empty"),
    ("A12uEL5L", "mixes"),
]

# age's own test identity (its testkit, filippo.io/age/internal/testkit), and the recipient
# X25519 gives for it.
AGE_IDENTITY = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"


@pytest.mark.parametrize("text", VALID)
def test_every_valid_bip173_string_decodes_and_encodes_back(text: str) -> None:
    hrp, words = bech32.decode_words(text)
    assert bech32.encode_words(hrp, words) == text.lower()


@pytest.mark.parametrize(("text", "why"), INVALID)
def test_every_invalid_bip173_string_is_refused_for_its_reason(text: str, why: str) -> None:
    with pytest.raises(bech32.Bech32Error, match=why):
        bech32.decode_words(text)


def test_bytes_regroup_into_five_bit_words_as_bip173_shows() -> None:
    # The BIP's "abcdef" vector carries every data character once, in order: 0, 1, ... 31.
    data = bytes([0, 68, 50, 20, 199, 66, 84, 182, 53, 207, 132, 101, 58, 86, 215, 198, 117, 190, 119, 223])
    assert bech32.encode("abcdef", data) == "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"
    assert bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw") == ("abcdef", data)


def test_words_that_do_not_end_on_a_whole_byte_are_refused_as_bytes() -> None:
    # Two words are ten bits: one byte and two bits of padding, which must be zero.
    assert bech32.decode(bech32.encode_words("a", [31, 28])) == ("a", b"\xff")
    with pytest.raises(bech32.Bech32Error, match="padding"):
        bech32.decode(bech32.encode_words("a", [31, 31]))
    # One word is five bits: a whole group of padding, which BIP-173 never writes.
    with pytest.raises(bech32.Bech32Error, match="padding"):
        bech32.decode(bech32.encode_words("a", [0]))


def test_age_identities_read_back_as_age_writes_them() -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from pyrage import x25519

    hrp, secret = bech32.decode(AGE_IDENTITY)
    assert hrp == "age-secret-key-" and len(secret) == 32
    assert bech32.encode(hrp, secret).upper() == AGE_IDENTITY
    public = X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()
    assert bech32.encode("age", public) == str(x25519.Identity.from_str(AGE_IDENTITY).to_public())


def test_a_flipped_character_fails_the_checksum() -> None:
    broken = AGE_IDENTITY[:-1] + ("Q" if AGE_IDENTITY[-1] != "Q" else "P")
    with pytest.raises(bech32.Bech32Error, match="checksum"):
        bech32.decode(broken)
