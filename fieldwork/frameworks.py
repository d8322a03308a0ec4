"""Framework packs: the criteria an inspection or audit is recorded against, held as data.

Criteria live in the TOML files under `fieldwork/packs/`, never in Python, so a partnership can run
its own audit (or the inspectorates can revise a deep-dive theme) without a code change, and so the
wording of a criterion is reviewed where it is written. This module only reads and checks those
files; it touches nothing else on disk and imports nothing of the UI.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from fieldwork.errors import ValidationError

__all__ = [
    "KINDS",
    "UNOFFICIAL",
    "VOCABULARY_DEFAULTS",
    "Criterion",
    "Framework",
    "Grade",
    "Pack",
    "PackError",
    "Strand",
    "load_pack",
    "parse_pack",
    "shipped_pack_ids",
    "shipped_packs",
]

KINDS: tuple[str, ...] = ("inspection", "deep-dive", "audit", "custom")

# Para 4 and Annex A: each deep-dive theme has its own published criteria, which are not among this
# project's source documents, so the theme packs hold working criteria of our own. A pack says
# whether it is published guidance (`official = true`); every criterion from one that is not is
# shown with these words beside its code, so nobody quotes it as the inspectorates'.
UNOFFICIAL = "working criterion, not published guidance"

# The words the app shows that change between an inspection and a partnership's audit. The keys are
# the whole set a pack may override (a pack naming any other key is refused, so a typo cannot
# silently leave the JTAI word in an audit); the values are the JTAI words, used wherever no pack
# sets one.
VOCABULARY_DEFAULTS: dict[str, str] = {
    "inspection": "inspection",
    "inspections": "inspections",
    "inspector": "inspector",
    "inspectors": "inspectors",
    "lead": "lead inspector",
    "child": "child",
    "children": "children",
    "entry": "SEA entry",
    "entries": "SEA entries",
}


@dataclass(frozen=True)
class Strand:
    id: str
    label: str


@dataclass(frozen=True)
class Criterion:
    code: str
    strand: str
    label: str
    prompt: str | None
    pack: str
    official: bool = False  # from a pack of published guidance
    wording: str | None = None  # the published wording in full, where the label shortens it

    @property
    def full(self) -> str:
        """The criterion's full wording: the published text where the pack has it, else its label."""
        return self.wording or self.label

    @property
    def status(self) -> str:
        """"" for published guidance; otherwise the words that must be shown beside it."""
        return "" if self.official else UNOFFICIAL

    @property
    def shown(self) -> str:
        """The code as every screen and document shows it: "NEG 03 (working criterion, not
        published guidance)" for an unofficial one, the bare code otherwise."""
        return f"{self.code} ({self.status})" if self.status else self.code


@dataclass(frozen=True)
class Grade:
    id: str
    label: str
    rank: int  # 1 is the best step of the scale


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    version: str
    source: str
    kind: str
    code_prefix: str | None
    strands: tuple[Strand, ...]
    criteria: tuple[Criterion, ...]
    grading: tuple[Grade, ...]  # best first
    # Only the words this pack sets: a theme pack sets none, so that adding it to an audit does not
    # put the JTAI words back. Framework.vocabulary is the complete set. Hashing skips it (a dict
    # cannot be hashed) so packs can still sit in sets and cache keys. Treat it as read-only: parsed
    # shipped packs are cached and shared.
    vocabulary: dict[str, str] = field(hash=False)
    official: bool = False  # published guidance, not this project's working criteria


class PackError(ValidationError):
    """A framework pack is malformed; the message names the file and what is wrong with it."""


# A pack's codes are written in one canonical shape ("ESN 07", "P2.5", "S11.1"); people type them
# in many ("esn7", " ESN 7 "), so both sides are reduced to (letters, numbers) before comparing.
_PACK_CODE = re.compile(r"[A-Z]+ ?[0-9]+(?:\.[0-9]+)*")
_TYPED_CODE = re.compile(r"([A-Za-z]*)\s*([0-9]+(?:\.[0-9]+)*)")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PREFIX = re.compile(r"[A-Z]+")

_Key = tuple[str, tuple[int, ...]]


def _code_key(text: str) -> _Key | None:
    match = _TYPED_CODE.fullmatch(text.strip())
    if match is None:
        return None
    return match.group(1).upper(), tuple(int(part) for part in match.group(2).split("."))


# --- parsing -------------------------------------------------------------------------------------

# "partnership": an audit pack's quality assurance (scales, activities, calendar), read and checked
# by fieldwork/partnership.py.
_TOP_KEYS = ("id", "title", "version", "source", "kind", "code_prefix", "strands", "criteria",
             "grading", "vocabulary", "partnership", "official")
_STRAND_KEYS = ("id", "label")
_CRITERION_KEYS = ("code", "strand", "label", "prompt", "wording")
_GRADE_KEYS = ("id", "label", "rank")


# Pack authors are not programmers: messages name TOML's types, not Python's. bool comes before int
# because a bool is an int in Python.
_TOML_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "true/false"), (int, "a whole number"), (float, "a number"), (str, "text"),
    (list, "a list"), (dict, "a table"))


def _kind_of(value: object) -> str:
    return next((name for kind, name in _TOML_TYPES if isinstance(value, kind)), "a date or time")


class _Reader:
    """Checks one pack's TOML, raising a PackError that names the file on the first problem."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, problem: str) -> PackError:
        return PackError(f"{self.origin}: {problem}.")

    def refuse_unknown(self, table: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(f"{where} has an unknown key '{key}'; the keys allowed there are "
                                f"{', '.join(allowed)}")

    def text(self, table: dict[str, Any], key: str, where: str) -> str:
        value = self.optional(table, key, where)
        if value is None:
            # An empty label is as useless on screen as a missing one, so it reads the same way.
            raise self.fail(f"{where} has no {key}")
        return value

    def slug(self, table: dict[str, Any], key: str, where: str) -> str:
        # Ids are stored in records and typed on the command line, so they stay plain.
        value = self.text(table, key, where)
        if not _SLUG.fullmatch(value):
            raise self.fail(f"{where}'s {key} '{value}' must be lower-case letters, digits and "
                            f"hyphens")
        return value

    def optional(self, table: dict[str, Any], key: str, where: str) -> str | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str):
            raise self.fail(f"{where}'s {key} must be text, not {_kind_of(value)}")
        return value.strip() or None

    def entries(self, data: dict[str, Any], key: str, noun: str, allowed: tuple[str, ...]
                ) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each table of an array of tables ([[key]]), with the words that name it in messages."""
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{key} must be a list of tables ([[{key}]]), not {_kind_of(value)}")
        for number, item in enumerate(value, start=1):
            where = f"{noun} {number}"
            if not isinstance(item, dict):
                raise self.fail(f"{where} must be a table, not {_kind_of(item)}")
            self.refuse_unknown(item, allowed, where)
            yield where, item


def parse_pack(text: str, origin: str) -> Pack:
    """Parse and strictly check one pack. `origin` (usually the file name) starts every message."""
    read = _Reader(origin)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise read.fail(f"the file is not valid TOML ({err})") from None

    read.refuse_unknown(data, _TOP_KEYS, "the pack")
    pack_id = read.slug(data, "id", "the pack")
    title = read.text(data, "title", "the pack")
    version = read.text(data, "version", "the pack")
    source = read.text(data, "source", "the pack")
    kind = read.text(data, "kind", "the pack")
    if kind not in KINDS:
        raise read.fail(f"the pack's kind '{kind}' is not one of {', '.join(KINDS)}")
    code_prefix = read.optional(data, "code_prefix", "the pack")
    if code_prefix is not None and not _PREFIX.fullmatch(code_prefix):
        raise read.fail(f"the pack's code_prefix '{code_prefix}' must be capital letters only")

    official = data.get("official", False)
    if not isinstance(official, bool):
        raise read.fail("the pack's official must be true or false")
    strands = _parse_strands(read, data)
    criteria = _parse_criteria(read, data, pack_id, strands, official)
    if not criteria and kind != "custom":
        # Only the custom pack starts empty; any other empty pack is a file cut short.
        raise read.fail("the pack has no criteria, and only a custom pack may start empty")
    grading = _parse_grading(read, data)
    vocabulary = _parse_vocabulary(read, data)
    return Pack(id=pack_id, title=title, version=version, source=source, kind=kind,
                code_prefix=code_prefix, strands=strands, criteria=criteria, grading=grading,
                vocabulary=vocabulary, official=official)


def _parse_strands(read: _Reader, data: dict[str, Any]) -> tuple[Strand, ...]:
    if "strands" not in data:
        raise read.fail("the pack has no strands")
    strands: list[Strand] = []
    for where, table in read.entries(data, "strands", "strand", _STRAND_KEYS):
        strand_id = read.slug(table, "id", where)
        label = read.text(table, "label", where)
        if any(s.id == strand_id for s in strands):
            raise read.fail(f"{where} repeats the strand id '{strand_id}'")
        strands.append(Strand(strand_id, label))
    if not strands:
        raise read.fail("the pack declares no strands")
    return tuple(strands)


def _parse_criteria(read: _Reader, data: dict[str, Any], pack_id: str,
                    strands: tuple[Strand, ...], official: bool = False) -> tuple[Criterion, ...]:
    declared = [s.id for s in strands]
    seen: dict[_Key, tuple[str, str]] = {}
    criteria: list[Criterion] = []
    for where, table in read.entries(data, "criteria", "criterion", _CRITERION_KEYS):
        code = read.text(table, "code", where)
        if not _PACK_CODE.fullmatch(code):
            raise read.fail(f"{where}'s code '{code}' must be capital letters, an optional space "
                            f"and a number, like 'ESN 07' or 'P2.5'")
        key = _code_key(code)
        assert key is not None
        if key in seen:
            # "DA 3" and "DA 03" would both answer to the same typed code, so they clash too.
            first_where, first_code = seen[key]
            raise read.fail(f"{where} repeats the code '{code}' of {first_where}"
                            + ("" if first_code == code else f" ('{first_code}')"))
        seen[key] = (where, code)
        where = f"{where} ({code})"
        label = read.text(table, "label", where)
        strand = read.text(table, "strand", where)
        prompt = read.optional(table, "prompt", where)
        wording = read.optional(table, "wording", where)
        if strand not in declared:
            raise read.fail(f"{where} names the strand '{strand}', which the pack does not "
                            f"declare; its strands are {', '.join(declared)}")
        criteria.append(Criterion(code=code, strand=strand, label=label, prompt=prompt,
                                  pack=pack_id, official=official, wording=wording))
    return tuple(criteria)


def _parse_grading(read: _Reader, data: dict[str, Any]) -> tuple[Grade, ...]:
    grades: list[Grade] = []
    for where, table in read.entries(data, "grading", "grade", _GRADE_KEYS):
        grade_id = read.slug(table, "id", where)
        label = read.text(table, "label", where)
        if "rank" not in table:
            raise read.fail(f"{where} ({grade_id}) has no rank")
        rank = table["rank"]
        # bool is an int in Python; `rank = true` is a slip, not rank 1.
        if isinstance(rank, bool) or not isinstance(rank, int):
            raise read.fail(f"{where} ({grade_id})'s rank must be a whole number, not "
                            f"{_kind_of(rank)}")
        if rank < 1:
            raise read.fail(f"{where} ({grade_id})'s rank must be 1 or more, since 1 is the best")
        for other in grades:
            if other.id == grade_id:
                raise read.fail(f"{where} repeats the grade id '{grade_id}'")
            if other.rank == rank:
                raise read.fail(f"{where} ({grade_id}) has rank {rank}, which {other.id} "
                                f"already has")
        grades.append(Grade(grade_id, label, rank))
    return tuple(sorted(grades, key=lambda g: g.rank))


def _parse_vocabulary(read: _Reader, data: dict[str, Any]) -> dict[str, str]:
    table = data.get("vocabulary", {})
    if not isinstance(table, dict):
        raise read.fail(f"vocabulary must be a table ([vocabulary]), not {_kind_of(table)}")
    read.refuse_unknown(table, tuple(VOCABULARY_DEFAULTS), "vocabulary")
    words: dict[str, str] = {}
    for key in table:
        words[key] = read.text(table, key, "vocabulary")
    return words


# --- shipped packs -------------------------------------------------------------------------------

@functools.cache
def _shipped_files() -> dict[str, str]:
    folder = resources.files("fieldwork").joinpath("packs")
    return {entry.name[:-len(".toml")]: entry.name
            for entry in folder.iterdir() if entry.name.endswith(".toml") and entry.is_file()}


@functools.cache
def _load_shipped(pack_id: str) -> Pack:
    name = _shipped_files()[pack_id]
    text = resources.files("fieldwork").joinpath("packs", name).read_text(encoding="utf-8")
    pack = parse_pack(text, name)
    # The file name is the id people type and records store; a pack that says otherwise would be
    # loadable under one id and recorded under another.
    if pack.id != pack_id:
        raise PackError(f"{name}: the pack's id is '{pack.id}' but its file name says '{pack_id}'.")
    return pack


def shipped_pack_ids() -> list[str]:
    return sorted(_shipped_files())


def load_pack(pack_id: str) -> Pack:
    if pack_id not in _shipped_files():
        raise PackError(f"Unknown framework pack '{pack_id}': the shipped packs are "
                        f"{', '.join(shipped_pack_ids())}.")
    return _load_shipped(pack_id)


def shipped_packs() -> list[Pack]:
    return [load_pack(pack_id) for pack_id in shipped_pack_ids()]


# --- one inspection's criteria -------------------------------------------------------------------

class Framework:
    """The criteria of one inspection or audit: its packs in order, then criteria added on the way.

    Order matters: a bare number typed by an inspector ("7") is read in the first pack that has a
    code prefix, and each vocabulary word comes from the first pack that sets it.
    """

    packs: tuple[Pack, ...]
    criteria: tuple[Criterion, ...]
    strands: tuple[Strand, ...]
    grading: tuple[Grade, ...]
    vocabulary: dict[str, str]

    def __init__(self, packs: Sequence[Pack], extra: Sequence[Criterion] = ()) -> None:
        self.packs = tuple(packs)
        pack_ids = [p.id for p in self.packs]
        for pack_id in pack_ids:
            if pack_ids.count(pack_id) > 1:
                raise ValidationError(f"The framework pack '{pack_id}' is listed twice.")

        strands: dict[str, Strand] = {}
        for pack in self.packs:
            for strand in pack.strands:
                strands.setdefault(strand.id, strand)
        self.strands = tuple(strands.values())

        self.grading = next((p.grading for p in self.packs if p.grading), ())

        vocabulary: dict[str, str] = {}
        for pack in self.packs:
            for key, word in pack.vocabulary.items():
                vocabulary.setdefault(key, word)
        self.vocabulary = {key: vocabulary.get(key, default)
                           for key, default in VOCABULARY_DEFAULTS.items()}

        self._prefix = next((p.code_prefix for p in self.packs if p.code_prefix), None)
        self._by_key: dict[_Key, Criterion] = {}
        self._by_code: dict[str, Criterion] = {}
        for criterion in (*(c for p in self.packs for c in p.criteria), *extra):
            key = _code_key(criterion.code)
            if key is None or not key[0]:
                raise ValidationError(f"The criterion code '{criterion.code}' is not letters and a "
                                      f"number, like 'C 01'.")
            if criterion.strand not in strands:
                raise ValidationError(f"The criterion {criterion.code} names the strand "
                                      f"'{criterion.strand}', which no pack of this "
                                      f"{self.vocabulary['inspection']} declares.")
            clash = self._by_key.get(key)
            if clash is not None:
                # Two laptops can each add "C 03" offline; saying so beats silently keeping one.
                raise ValidationError(f"The criterion code '{criterion.code}' is used twice, in "
                                      f"{clash.pack} and {criterion.pack}.")
            self._by_key[key] = criterion
            self._by_code[criterion.code] = criterion
        self.criteria = tuple(self._by_key.values())

    def resolve(self, text: str) -> Criterion:
        """The criterion a person means by `text` ("7", "esn7", "ESN 07"); ValidationError if none."""
        key = _code_key(text)
        if key is not None and not key[0] and self._prefix is not None:
            key = (self._prefix, key[1])
        found = self._by_key.get(key) if key is not None and key[0] else None
        if found is not None:
            return found
        shown = self._display(key) if key is not None and key[0] else text.strip()
        noun = self.vocabulary["inspection"]
        if not self.criteria:
            raise ValidationError(f"Unknown criterion '{shown}': this {noun} has no criteria yet.")
        raise ValidationError(f"Unknown criterion '{shown}': this {noun}'s criteria are "
                              f"{self._ranges()}.")

    def get(self, code: str) -> Criterion | None:
        """The criterion with this code, however it is spaced, cased or zero-padded; a bare number
        is not guessed at here, because a stored code always carries its letters."""
        found = self._by_code.get(code)
        if found is not None:
            return found
        key = _code_key(code)
        return self._by_key.get(key) if key is not None and key[0] else None

    def label(self, code: str) -> str:
        # Records can name a criterion this laptop has not received yet (an added criterion still
        # in transit), so an unknown code shows as itself rather than breaking the screen.
        found = self.get(code)
        return found.label if found is not None else code

    def shown(self, code: str) -> str:
        """The code with its status (see Criterion.shown); an unknown code shows as itself."""
        found = self.get(code)
        return found.shown if found is not None else code

    def full(self, code: str) -> str:
        """The full wording (see Criterion.full); an unknown code shows as itself."""
        found = self.get(code)
        return found.full if found is not None else code

    def strand_label(self, strand_id: str) -> str:
        for strand in self.strands:
            if strand.id == strand_id:
                return strand.label
        return strand_id

    def _display(self, key: _Key) -> str:
        # Echo a mistyped code in the shape the pack writes its codes ("esn99" -> "ESN 99") so the
        # message and the list of valid codes read alike.
        letters, numbers = key
        tail = [str(n) for n in numbers]
        for criterion in self.criteria:
            match = _TYPED_CODE.fullmatch(criterion.code)
            if match is not None and match.group(1) == letters:
                space = " " if " " in criterion.code else ""
                width = len(match.group(2).split(".")[0])
                tail[0] = tail[0].zfill(width)
                return f"{letters}{space}{'.'.join(tail)}"
        return f"{letters} {'.'.join(tail)}"

    def _ranges(self) -> str:
        # Summarise runs of consecutive codes ("ESN 01–ESN 22") rather than listing forty codes.
        runs: list[list[Criterion]] = []
        previous: _Key | None = None
        for criterion in self.criteria:
            key = _code_key(criterion.code)
            assert key is not None
            follows = (previous is not None and key[0] == previous[0]
                       and key[1][:-1] == previous[1][:-1] and key[1][-1] == previous[1][-1] + 1)
            if follows:
                runs[-1].append(criterion)
            else:
                runs.append([criterion])
            previous = key
        return ", ".join(run[0].code if len(run) == 1 else f"{run[0].code}–{run[-1].code}"
                         for run in runs)
