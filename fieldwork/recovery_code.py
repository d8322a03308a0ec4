"""Recovery codes: what opens a laptop's keyring when its passphrase is forgotten.

A code is 160 random bits, written as 32 Base32 letters in eight groups of four
(`ABCD-EFGH-…`), easy to type back from paper and as strong as a key: no KDF can make a guessable
code safe, so none is guessable. Typing is forgiving: case, spaces and dashes do not matter, and
the letters Base32 leaves out (0, 1, 8, 9) are read as the ones they look like.
"""

from __future__ import annotations

import base64
import re

from fieldwork.errors import ValidationError

BYTES = 20  # 160 bits
LETTERS = 32
_ALPHABET = re.compile(r"[A-Z2-7]{32}")
_LOOKALIKE = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})
_CODE_IN_TEXT = re.compile(r"\b[A-Za-z2-7]{4}(?:[- ][A-Za-z2-7]{4}){7}\b")


def encode(raw: bytes) -> str:
    if len(raw) != BYTES:
        raise ValueError("a recovery code is 20 bytes")
    letters = base64.b32encode(raw).decode("ascii")
    return "-".join(letters[i : i + 4] for i in range(0, LETTERS, 4))


def normalise(text: str) -> str:
    """The canonical form of a typed code (what the keyring's key is derived from)."""
    letters = re.sub(r"[\s-]", "", text).upper().translate(_LOOKALIKE)
    if not _ALPHABET.fullmatch(letters):
        raise ValidationError("That is not a Fieldwork recovery code: 32 letters and digits in eight groups of four, as on the recovery kit.")
    return "-".join(letters[i : i + 4] for i in range(0, LETTERS, 4))


def find(text: str) -> str:
    """The code in a file: the code alone, or the recovery kit that holds it."""
    match = _CODE_IN_TEXT.search(text)
    return normalise(match.group(0) if match else text.strip())
