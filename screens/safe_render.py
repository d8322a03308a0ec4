"""Stored text on screen is shown, never obeyed by the terminal (fieldwork/safe_text.py).

Every string a widget draws becomes a Textual `Content` or a Rich `Text` first (labels, tables,
the editor's lines, toasts), and each of those strips a few control codes on the way in through
one translation table of its library, while ESC, the C1 controls and the rest go through to the
terminal as they are. Putting the domain's table into those two tables is the one boundary all
the screens share: a screen written later is covered without knowing about it.

The tables are module globals that the stripping functions take as default arguments, so they
are updated in place; `installed()` checks that the libraries still work that way (a test holds
it), so an upgrade that changes it fails the suite instead of silently showing escapes again.
"""

from __future__ import annotations

from fieldwork.safe_text import VISIBLE


def _tables() -> list[dict[int, str | None]]:
    from rich import control
    from textual import content

    return [content._CONTROL_STRIP_TRANSLATE, control._CONTROL_STRIP_TRANSLATE]  # type: ignore[attr-defined]


def install() -> None:
    for table in _tables():
        table.update(VISIBLE)


def installed() -> bool:
    from rich.text import Text
    from textual.content import Content

    probe = "\x1b]0;x\x07"
    return all(table.get(0x1B) == VISIBLE[0x1B] for table in _tables()) and "\x1b" not in Text(probe).plain + Content(probe).plain
