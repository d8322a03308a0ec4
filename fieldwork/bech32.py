"""Bech32 (BIP-173), the text form of age's X25519 keys: `age1…` recipients, `AGE-SECRET-KEY-1…` identities.

pyrage reads and writes age keys only as these strings and has no way in from raw bytes, and the
paper key's age identity is derived as raw bytes (store/paper_age.py): this turns one into the
other. Plain Bech32, not Bech32m, as age uses; BIP-173's test vectors pin it (tests/fieldwork/
test_bech32.py). A string is all lower case or all upper case, and its checksum is over the lower
case form, so age's upper-case identities read back as they were written.
"""

from __future__ import annotations

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
MAX_LENGTH = 90  # BIP-173's limit; age's keys are far shorter (74 characters for an identity)


class Bech32Error(ValueError):
    """Text that is not valid Bech32: the message says which rule it breaks."""


def _polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(_GENERATOR):
            if (top >> i) & 1:
                check ^= generator
    return check


def _expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _checksum(hrp: str, data: list[int]) -> list[int]:
    mod = _polymod(_expand(hrp) + data + [0] * 6) ^ 1
    return [(mod >> 5 * (5 - i)) & 31 for i in range(6)]


def _regroup(data: bytes | list[int], source: int, target: int, *, pad: bool) -> list[int]:
    """Bits regrouped from `source`-bit to `target`-bit values (8 to 5 to encode, 5 to 8 to decode)."""
    acc = bits = 0
    out: list[int] = []
    top = (1 << target) - 1
    for value in data:
        acc = (acc << source) | value
        bits += source
        while bits >= target:
            bits -= target
            out.append((acc >> bits) & top)
    if pad and bits:
        out.append((acc << (target - bits)) & top)
    elif not pad and (bits >= source or (acc << (target - bits)) & top):
        raise Bech32Error("its data does not end on a whole byte (non-zero padding)")
    return out


def _check_hrp(hrp: str) -> None:
    if not hrp:
        raise Bech32Error("its human-readable part is empty")
    if any(not 33 <= ord(c) <= 126 for c in hrp):
        raise Bech32Error("its human-readable part has a character outside US-ASCII 33-126")


def encode_words(hrp: str, words: list[int]) -> str:
    """Bech32 of 5-bit values, in lower case."""
    hrp = hrp.lower()
    _check_hrp(hrp)
    text = hrp + "1" + "".join(CHARSET[w] for w in words + _checksum(hrp, words))
    if len(text) > MAX_LENGTH:
        raise Bech32Error(f"it would be {len(text)} characters, over Bech32's {MAX_LENGTH}")
    return text


def decode_words(text: str) -> tuple[str, list[int]]:
    """(human-readable part in lower case, 5-bit values), checked against every rule of BIP-173."""
    if len(text) > MAX_LENGTH:
        raise Bech32Error(f"it is {len(text)} characters, over Bech32's {MAX_LENGTH}")
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("it mixes upper and lower case")
    lowered = text.lower()
    at = lowered.rfind("1")
    if at < 0:
        raise Bech32Error("it has no separator ('1')")
    hrp, rest = lowered[:at], lowered[at + 1 :]
    _check_hrp(hrp)
    if len(rest) < 6:
        raise Bech32Error("its checksum is too short")
    try:
        words = [_VALUE[c] for c in rest]
    except KeyError as err:
        raise Bech32Error(f"its data has a character Bech32 does not use ({err.args[0]!r})") from None
    if _polymod(_expand(hrp) + words) != 1:
        raise Bech32Error("its checksum does not match")
    return hrp, words[:-6]


def encode(hrp: str, data: bytes) -> str:
    """Bech32 of bytes, in lower case (upper-case it whole for age's identities)."""
    return encode_words(hrp, _regroup(data, 8, 5, pad=True))


def decode(text: str) -> tuple[str, bytes]:
    """(human-readable part in lower case, bytes)."""
    hrp, words = decode_words(text)
    return hrp, bytes(_regroup(words, 5, 8, pad=False))
