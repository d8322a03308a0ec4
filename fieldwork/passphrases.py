"""How strong a passphrase or an invite code must be, and the invite codes Fieldwork makes.

One rule for every way a passphrase arrives (prompt, FIELDWORK_PASSPHRASE, a file): at least
8 characters, and a zxcvbn score of 3 or more, "safely unguessable" to an attacker guessing
offline against a slow hash, which is what a stolen laptop's keyring is. zxcvbn (MIT, Dropbox's
estimator) counts what people really do: dictionary words, names, keyboard walks, dates, l33t
and repeats, so "Password1!" fails though it has every kind of character.

An invite code protects the inspection key on its way to a new member, in a file that may sit
on a shared stick; it is made by Fieldwork from the EFF's large word list (7,772 words without
a hyphen, shipped with xkcdpass, CC BY 3.0), six chosen with `secrets`: 6 × log2(7772) ≈ 77.5 bits. A code
given instead (FIELDWORK_INVITE_PASSPHRASE) must be estimated at least as hard to guess.
"""

from __future__ import annotations

import math
import secrets
import unicodedata
from functools import lru_cache
from importlib import resources

from fieldwork.errors import FieldworkError

MIN_LENGTH = 8
MIN_SCORE = 3
INVITE_WORDS = 6
# zxcvbn reads at most 72 characters; a longer passphrase is at least as hard as its start.
_ESTIMATE_LIMIT = 72
# Words every inspection shares, so a passphrase made of them counts for little.
_CONTEXT = ("fieldwork", "inspection", "inspector", "jtai", "ofsted", "cqc", "hmicfrs", "hmiprobation", "safeguarding", "children")


class WeakPassphrase(FieldworkError):
    """A passphrase or invite code below the rule: refused before anything is written."""


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    text = resources.files("xkcdpass").joinpath("static/eff-long").read_text(encoding="utf-8")
    # Four words hold a hyphen (t-shirt...): left out, as a hyphen joins a code's words.
    words = tuple(sorted({w.strip().lower() for w in text.split() if w.strip().isalpha()}))
    if len(words) < 7700:  # the list is what the code's strength rests on: never a short one
        raise RuntimeError("the EFF word list shipped with xkcdpass is incomplete")
    return words


def invite_code_bits() -> float:
    return INVITE_WORDS * math.log2(len(word_list()))


def new_invite_code() -> str:
    """Six words from the EFF list, chosen by the operating system's random source."""
    words = word_list()
    return "-".join(secrets.choice(words) for _ in range(INVITE_WORDS))


def _estimate(text: str, context: tuple[str, ...]) -> dict:  # type: ignore[type-arg]
    from zxcvbn import zxcvbn

    return zxcvbn(text[:_ESTIMATE_LIMIT], user_inputs=[*_CONTEXT, *context])


def passphrase_problem(text: str, *, context: tuple[str, ...] = (), what: str = "passphrase") -> str | None:
    """Why `text` is too weak to be a passphrase, in one sentence, or None when it will do.
    `context`: words this inspection is known by (its area, the person's initials)."""
    text = unicodedata.normalize("NFC", text)
    if len(text) < MIN_LENGTH:
        return f"Choose a {what} of at least {MIN_LENGTH} characters; a few uncommon words together work well."
    result = _estimate(text, context)
    if result["score"] >= MIN_SCORE:
        return None
    warning = str(result["feedback"].get("warning") or "").rstrip(".")
    why = warning[:1].lower() + warning[1:] if warning else f"about 10^{int(result['guesses_log10'])} guesses would find it"
    return f"That {what} is too easy to guess ({why}): add a few uncommon words."


def invite_code_problem(text: str) -> str | None:
    """Why `text` is too weak to seal an invite, or None when it is as strong as a made code."""
    basic = passphrase_problem(text, what="invite code")
    if basic:
        return basic
    needed = invite_code_bits() * math.log10(2)
    if _estimate(unicodedata.normalize("NFC", text), ())["guesses_log10"] < needed:
        return (
            f"That invite code is weaker than the {INVITE_WORDS} random words Fieldwork makes "
            f"(about {round(invite_code_bits())} bits): unset FIELDWORK_INVITE_PASSPHRASE and let Fieldwork make one."
        )
    return None


def check_passphrase(text: str, *, context: tuple[str, ...] = ()) -> str:
    problem = passphrase_problem(text, context=context)
    if problem:
        raise WeakPassphrase(problem)
    return text


def check_invite_code(text: str) -> str:
    problem = invite_code_problem(text)
    if problem:
        raise WeakPassphrase(problem)
    return text
