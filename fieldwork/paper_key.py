"""The lead's paper key: a second root of trust, written into the recovery kit and never kept on the laptop.

At `init` the lead's laptop makes a second signing key. Its public half goes into the inspection's
first version (so every laptop knows it, from signed bytes), and its private half goes onto paper
(Keybase's model). If the lead's laptop is lost, `fieldwork lead restore` on a new laptop uses it to
certify a new lead device, which can then revoke the lost one (fieldwork/trust.py).

The paper also carries what a new laptop needs to read the team's bundles at all: the inspection's
id, its root device and its key (epoch 0's). The seed also derives an age identity every later key
epoch is sealed to (store/paper_age.py), so the paper reads what was written after a revocation
too. So the kit is as secret as the laptop: it says so.

The text form is plain ASCII a person can type back: a labelled block whose key line is Base32 in
groups of five, with a checksum, so a mistyped character is caught before any work is done.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from fieldwork.errors import ValidationError

MAGIC = "fieldwork-paper-key/v1"
_SEED, _KEY, _CHECK = 32, 32, 4


@dataclass(frozen=True)
class PaperKey:
    inspection: str
    root_device: str
    lead_inspector: str
    seed: bytes  # the paper signing key's private seed (Ed25519)
    inspection_key: bytes  # the inspection key of the epoch the kit was written in (later ones: store/paper_age.py)

    def __repr__(self) -> str:
        return f"PaperKey(inspection={self.inspection!r}, keys=<redacted>)"


def _check(body: bytes) -> bytes:
    return hashlib.sha256(b"fieldwork-paper-key\0" + body).digest()[:_CHECK]


def encode(paper: PaperKey) -> str:
    """The block printed in the recovery kit."""
    body = paper.seed + paper.inspection_key
    letters = base64.b32encode(body + _check(body)).decode("ascii").rstrip("=")
    groups = " ".join(letters[i : i + 5] for i in range(0, len(letters), 5))
    return "\n".join(
        (
            MAGIC,
            f"inspection {paper.inspection}",
            f"root {paper.root_device}",
            f"lead {paper.lead_inspector}",
            f"key {groups}",
        )
    )


_GROUPS = re.compile(r"[A-Z2-7]{1,5}(?:[ -][A-Z2-7]{1,5})*")  # continuation lines of the key, as printed
_LINE = re.compile(r"^\s*(inspection|root|lead|key)\s+(.+?)\s*$")


def decode(text: str) -> PaperKey:
    """From the kit's text (a whole Markdown kit will do: the block is found inside it)."""
    at = text.find(MAGIC)
    if at < 0:
        raise ValidationError("That file holds no Fieldwork paper key: give the recovery kit written at init.")
    fields: dict[str, str] = {}
    for line in text[at + len(MAGIC) :].splitlines():
        bare = line.strip("`> \t")
        if "key" in fields and _GROUPS.fullmatch(bare):
            fields["key"] += " " + bare  # the key written down over several lines
            continue
        if "key" in fields and len(fields) == 4:
            break
        match = _LINE.match(bare)
        if match and match.group(1) not in fields:
            fields[match.group(1)] = match.group(2)
    if len(fields) != 4:
        raise ValidationError("The paper key in that file is incomplete: it needs its inspection, root, lead and key lines.")
    letters = re.sub(r"[\s-]", "", fields["key"]).upper()
    letters += "=" * (-len(letters) % 8)
    try:
        raw = base64.b32decode(letters)
    except (binascii.Error, ValueError):
        raise ValidationError("The paper key's key line is not the Base32 Fieldwork writes: check it against the printed kit.") from None
    body, check = raw[:-_CHECK], raw[-_CHECK:]
    if len(body) != _SEED + _KEY or _check(body) != check:
        raise ValidationError("The paper key does not check out (a character was mistyped?): check it against the printed kit.")
    root = fields["root"].strip().lower()
    if not re.fullmatch(r"[0-9a-f]{32}", root):
        raise ValidationError("The paper key's root line is not a device id.")
    return PaperKey(fields["inspection"].strip(), root, fields["lead"].strip(), body[:_SEED], body[_SEED:])
