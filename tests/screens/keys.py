"""Typing as a person types in a terminal: keys queued all at once, with no pause for the app to
draw or settle between them. Pilot's `press` waits after every key, which hides the bugs that
only show at typing speed (issue 13: the New finding crash never failed under `press`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

_CHARS = {"tab": "\t", "enter": "\r", "escape": "\x1b", "space": " ", "backspace": "\x7f"}


def typed(text: str) -> list[str]:
    """The key names for typing `text` character by character."""
    return [c if c.isalnum() else _character_to_key(c) for c in text]


def key_event(key: str) -> events.Key:
    """The Key event a terminal gives for a key name ("ctrl+u", "tab", "a", "colon")."""
    if len(key) == 1:
        return events.Key(key, key)
    char = _CHARS.get(key)
    if char is None and key.startswith("ctrl+") and len(key) == 6 and key[-1].isalpha():
        char = chr(ord(key[-1]) - ord("a") + 1)
    if char is None:
        try:  # a named printable key ("colon", "minus"): the character it types
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = None  # a key that types nothing: arrows, function keys, ctrl+...
    return events.Key(key, char)


def burst(app: Any, keys: Iterable[str]) -> int:
    """Queue keys as a terminal delivers a burst, with no wait between them; returns how many."""
    driver = app._driver
    sent = 0
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)
        sent += 1
    return sent
