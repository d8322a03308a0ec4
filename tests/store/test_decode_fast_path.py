"""decode_version's fast path (one regular expression over the canonical layout) accepts exactly
what the full JSON parse accepts, and reads the same version out of it.

The fast path exists for speed (a merge decodes 24,000 versions); these tests keep it from ever
becoming a second, looser definition of a version.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from store import crypto
from store.versions import MalformedVersion, Version, _decode_json, _decode_plain, decode_version, make_version

KEY = bytes(range(32))
SIGNER = crypto.new_signing_key()
FIELD = st.text(min_size=1, max_size=120)
PARENTS = st.lists(st.sampled_from(["a" * 64, "b" * 64, "0123456789abcdef" * 4]), max_size=3)


def _make(record: str = "rec-1", kind: str = "sea", author: str = "inspector-1", clock: str = "000001700000000-000000", parents: list[str] | None = None, op: str = "put") -> Version:
    return make_version(
        key=KEY,
        signing_key=SIGNER,
        inspection="insp-1",
        record=record,
        kind=kind,
        parents=parents if parents is not None else ["a" * 64],
        clock=clock,
        author=author,
        op=op,
        payload={"text": "Strategy discussions were timely for CR-104233."},
    )


def _slow(raw: bytes, signature: bytes) -> Version | str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "refused: not JSON"
    try:
        return _decode_json(text, raw, signature, False, None)
    except MalformedVersion as err:
        return f"refused: {err}"


def _fast(raw: bytes, signature: bytes) -> Version | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _decode_plain(text, raw, signature, None)


def test_every_version_fieldwork_writes_takes_the_fast_path() -> None:
    for v in (_make(), _make(parents=[]), _make(parents=["a" * 64, "b" * 64]), _make(op="delete"), _make(record="r" * 100)):
        fast = _fast(v.raw, v.signature)
        assert fast is not None
        assert fast == v == _slow(v.raw, v.signature)


@settings(max_examples=300, deadline=None)
@given(record=FIELD, kind=FIELD, author=FIELD, clock=FIELD, parents=PARENTS)
def test_any_field_text_reads_the_same_either_way(record: str, kind: str, author: str, clock: str, parents: list[str]) -> None:
    v = _make(record=record, kind=kind, author=author, clock=clock, parents=parents)
    slow = _slow(v.raw, v.signature)
    fast = _fast(v.raw, v.signature)
    if fast is not None:
        assert fast == slow
    assert decode_version(v.raw, v.signature) == slow if isinstance(slow, Version) else True


def test_changed_bytes_are_refused_by_the_fast_path_whenever_the_full_parse_refuses_them() -> None:
    """Thousands of one-byte changes, insertions and deletions of a real version: wherever the fast
    path says yes, the full parse says yes with the same version."""
    base = _make(parents=["a" * 64, "b" * 64])
    rng = random.Random(20261206)
    alphabet = b'"\\,:{}[]0123456789abcdefABCXYZ=+/ \x00\x1f\xc3\xa9'
    accepted = 0
    for _ in range(6000):
        raw = bytearray(base.raw)
        at = rng.randrange(len(raw))
        what = rng.randrange(3)
        if what == 0:
            raw[at] = rng.choice(alphabet)
        elif what == 1:
            raw.insert(at, rng.choice(alphabet))
        else:
            del raw[at]
        mutated = bytes(raw)
        fast = _fast(mutated, base.signature)
        slow = _slow(mutated, base.signature)
        if fast is not None:
            accepted += 1
            assert fast == slow, mutated
        try:
            whole: Version | str = decode_version(mutated, base.signature)
        except MalformedVersion as err:
            whole = f"refused: {err}"
        assert whole == slow
    assert accepted > 50  # some changes (inside the ciphertext, say) still make a well-formed version


def test_what_only_the_full_parse_can_word_is_left_to_it() -> None:
    v = _make(parents=["a" * 64, "b" * 64])
    text = v.raw.decode()
    for bad in (
        text.replace('"v":1', '"v":2'),  # another format: the refusal names it
        text.replace('"a":"inspector-1"', '"a":"inspector\\u002d1"'),  # an escape where none is needed
        text.replace("[", "[ ", 1),
        text.replace(f'"{"a" * 64}","{"b" * 64}"', f'"{"b" * 64}","{"a" * 64}"'),  # parents out of order
        text.replace(f'"{"b" * 64}"', f'"{"a" * 64}"'),  # the same parent twice
        text.replace('"r":"rec-1"', '"r":"' + "r" * 101 + '"'),  # a field over its 100 characters
        text.replace('"r":"rec-1"', '"r":""'),  # an empty field
    ):
        raw = bad.encode()
        assert _fast(raw, v.signature) is None
        assert isinstance(_slow(raw, v.signature), str)
