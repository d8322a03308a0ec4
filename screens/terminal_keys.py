"""Escape and the key typed straight after it, read as the terminal sent them (issue 13).

A terminal sends Escape as one byte, ESC, and Alt with a key as ESC then that key. Textual's
parser waits ESCDELAY (100 ms) after an ESC to tell the two apart, so Escape then `f` typed
within it (or passed on together by tmux, which itself holds an ESC back for up to 500 ms)
arrived as one key: Ctrl+Right (ESC f is iTerm's word move), Escape then `o` as Alt+O, and
Escape followed by more letters before the delay ran out as "^" and the letters, once the
unfinished "sequence" had outgrown the parser's limit.

Nothing a terminal sends continues after ESC with a plain printable key, so the parser is told
the sequence is over there and then, the way its own timer would tell it: the pair becomes one
key at once, marked with the key typed after ESC (`ESCAPE_THEN`). Where Alt means nothing (a
list, a menu, a dialog) the app reads it as Escape then that key (screens/keys_in_turn.py); in a
text field it stays what Textual made of it (Option+Right moves a word in iTerm).

The parser's state is Textual's private `Parser` attributes: `installed()` checks that they still
work this way, and a test holds it, so an upgrade that changes them fails the suite.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from textual import events
from textual._parser import ParseTimeout
from textual._xterm_parser import XTermParser
from textual.message import Message

ESC = "\x1b"
# What may follow ESC inside something a terminal sends: CSI, SS3, OSC, DCS, APC, PM, SOS, ST, ESC.
CONTINUES = frozenset("[O]P_^X\\" + ESC)
ESCAPE_THEN = "fieldwork_escape_then"

_textual_feed = XTermParser.feed


def escape_then(event: events.Key) -> str | None:
    """The key typed right after Escape, when `event` is the pair read as one key."""
    return getattr(event, ESCAPE_THEN, None)


def _waiting_after_escape(parser: Any) -> bool:
    # The parser waits with a timeout only while it is inside an escape sequence.
    return getattr(parser, "_fieldwork_after_esc", False) and parser._awaiting.timeout is not None


def _end_sequence(parser: Any, char: str) -> Iterator[Message]:
    """Feed the key after a lone ESC and end the sequence there, marking the key it made."""
    made = list(_textual_feed(parser, char))
    if parser._awaiting.timeout is not None:
        parser._timeout_time = None
        parser._awaiting = parser._gen.throw(ParseTimeout())
        while parser._tokens:
            made.append(parser._tokens.popleft())
    keys = [m for m in made if isinstance(m, events.Key)]
    if len(keys) == 1:
        setattr(keys[0], ESCAPE_THEN, char)
    yield from made


def feed(parser: Any, data: str) -> Iterable[Message]:
    if not data:
        yield from _textual_feed(parser, data)
        return
    start = 0
    for index, char in enumerate(data):
        after_esc = data[index - 1] == ESC if index else getattr(parser, "_fieldwork_after_esc", False)
        if not after_esc or char in CONTINUES or not char.isprintable():
            continue
        if index > start:
            yield from _textual_feed(parser, data[start:index])
        parser._fieldwork_after_esc = True  # the ESC just fed, or the one the last read ended on
        if _waiting_after_escape(parser):
            yield from _end_sequence(parser, char)
        else:
            yield from _textual_feed(parser, char)  # the parser's own timer already ended it
        parser._fieldwork_after_esc = False
        start = index + 1
    if start < len(data):
        yield from _textual_feed(parser, data[start:])
        parser._fieldwork_after_esc = data[-1] == ESC


def install() -> None:
    XTermParser.feed = feed  # type: ignore[method-assign, assignment]


def installed() -> bool:
    """True when Escape then `f` in one read comes out as one key marked `f`, and an arrow's
    sequence is still read as the arrow."""
    if XTermParser.feed is not feed:
        return False
    parser = XTermParser()
    pair = [e for e in parser.feed(ESC + "f") if isinstance(e, events.Key)]
    arrow = [e.key for e in parser.feed(ESC + "[A") if isinstance(e, events.Key)]
    return len(pair) == 1 and escape_then(pair[0]) == "f" and arrow == ["up"]
