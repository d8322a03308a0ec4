"""Live check that an SEA entry judges practice rather than only describing it (JTAI guidance
para 77: entries "should be evaluative and clearly express the inspector's view about the
quality and effectiveness of practice, rather than simply describing the practice").

A vocabulary test, not understanding: an entry with no word of judgement ("effective", "timely",
"delay", "poor", "resulted in", "did not") is almost always descriptive, and saying so while the
inspector types is the cheap nudge para 77 needs. The flag never blocks saving: only the
inspector can tell whether a judgement is there in other words.
"""

from __future__ import annotations

import importlib.resources
import re
import threading

from fieldwork.checks.flags import DESCRIPTIVE, Flag

__all__ = ["MIN_WORDS", "check_evaluative", "evaluative_terms_found"]

# Under this many words an entry cannot both say what happened and judge it.
MIN_WORDS = 8

_WORDS = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

_LOCK = threading.Lock()
_COMPILED: tuple[re.Pattern[str], re.Pattern[str] | None] | None = None


def _term_pattern(term: str) -> str:
    if term.startswith("re:"):
        return f"(?:{term[3:].strip()})"
    stem = term.endswith("*")
    words = term.rstrip("*").split()
    # Any run of spaces or a line break between the words of a phrase.
    body = r"\s+".join(re.escape(w) for w in words)
    return body + (r"[\w'’\-]*" if stem else "")


def _alternation(terms: list[tuple[int, int, str]]) -> re.Pattern[str]:
    body = "|".join(pattern for _words, _length, pattern in terms)
    # Whole words only, and a hyphen joins: "good-natured" is not "good".
    return re.compile(r"(?<![\w\-])(?:" + body + r")(?![\w\-])", re.IGNORECASE)


def _patterns() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """(terms, exclusions) compiled once from fieldwork/data/evaluative_terms.txt."""
    global _COMPILED
    if _COMPILED is not None:
        return _COMPILED
    with _LOCK:
        if _COMPILED is None:
            text = (
                importlib.resources.files("fieldwork")
                .joinpath("data/evaluative_terms.txt")
                .read_text("utf-8")
            )
            terms: list[tuple[int, int, str]] = []
            excluded: list[tuple[int, int, str]] = []
            for raw in text.splitlines():
                line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("re:") else raw.strip()
                if not line:
                    continue
                target = excluded if line.startswith("!") else terms
                term = line.lstrip("!").strip()
                # Regular expressions describe phrases; rank them with the longest phrases.
                words = 99 if term.startswith("re:") else len(term.split())
                target.append((words, len(term), _term_pattern(term)))
            # The regex takes the first alternative that matches, so phrases go before their
            # first word ("lack of" before "lack*", "good practice" before "good").
            terms.sort(reverse=True)
            excluded.sort(reverse=True)
            found = _alternation(terms)
            blank = _alternation(excluded) if excluded else None
            _COMPILED = (found, blank)
    assert _COMPILED is not None
    return _COMPILED


def evaluative_terms_found(text: str) -> list[str]:
    """The judgement words in `text`, lowercased, each once, in order of first appearance.

    For a live display beside the editor ("judgement: timely, resulted in").
    """
    found, blank = _patterns()
    if blank is not None:
        # Same length, so nothing else moves: "as well as" must not count as "well".
        text = blank.sub(lambda m: " " * len(m.group()), text)
    seen: dict[str, None] = {}
    for m in found.finditer(text):
        seen.setdefault(" ".join(m.group().lower().split()), None)
    return list(seen)


def check_evaluative(text: str) -> list[Flag]:
    """A non-blocking "descriptive" Flag when `text` is too short to judge anything, or holds no
    judgement of quality, impact or effectiveness; otherwise no flags."""
    words = len(_WORDS.findall(text))
    if words < MIN_WORDS:
        return [
            Flag(
                kind=DESCRIPTIVE,
                message=(
                    f"This entry is only {words} word{'s' if words != 1 else ''} long. An SEA entry "
                    "should say what the practice was and how good, timely or effective it was, and "
                    "what difference it made (para 77)."
                ),
            )
        ]
    if evaluative_terms_found(text):
        return []
    return [
        Flag(
            kind=DESCRIPTIVE,
            message=(
                "This entry describes what happened but does not judge it. Say how good, timely or "
                "effective the practice was and what impact it had for the child (para 77)."
            ),
        )
    ]
