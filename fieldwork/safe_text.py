"""Stored text shown as text: control and escape sequences made visible instead of obeyed.

Anything a teammate typed reaches this laptop through a bundle, and a terminal acts on some
characters rather than showing them: ESC starts sequences that set the window title, write the
clipboard (OSC 52), move the cursor or redraw lines; a bare carriage return or backspace lets
later text overwrite what came before; the 8-bit C1 controls (U+0080-U+009F) are escapes of
their own on some terminals; and the Unicode bidirectional overrides reorder what is read
("Trojan Source"). Shown through `shown()`, each becomes a harmless visible character, so a
person sees that something odd was stored rather than having their terminal obey it.

Tabs and newlines are kept: multi-line SEA text is multi-line. Pure: no I/O.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"

# Bidirectional embeddings, overrides and isolates; the plain marks (U+200E, U+200F) are
# harmless and kept, since right-to-left text legitimately uses them.
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _visible_table() -> dict[int, str]:
    # C0 controls become their Unicode "control pictures" (ESC shows as U+241B), so the stored
    # text can still be read and reported; a carriage return is dropped, as Windows line ends
    # carry one before every newline and it shows nothing useful.
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
    table[0x0D] = ""
    table[0x7F] = "\u2421"
    table.update({code: REPLACEMENT for code in range(0x80, 0xA0)})
    table.update({code: REPLACEMENT for code in BIDI_CONTROLS})
    return table


# For str.translate; the app installs the same table where its text is turned into cells.
VISIBLE: dict[int, str] = _visible_table()

# JSON output already escapes C0 controls (json.dumps does); these are the ones it leaves raw.
# Escaped as \\uXXXX they stay the same value for a program reading the JSON.
_JSON_RAW = {code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0), *BIDI_CONTROLS)}


def shown(text: str) -> str:
    """`text` with every control a terminal would act on replaced by a visible character."""
    return text.translate(VISIBLE)


def json_shown(document: str) -> str:
    """A JSON document with the controls json.dumps leaves raw written as \\u escapes.

    The document's meaning is unchanged: these characters can only occur inside JSON strings,
    where an escape stands for the same character."""
    return document.translate(_JSON_RAW)
