"""Stored text is shown as text: a teammate's escape sequences never reach the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldwork.safe_text import VISIBLE, json_shown, shown
from store.workspace import Change, Workspace
from tests.conftest import PASSPHRASE
from tests.sync.conftest import sea

OSC52 = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"  # write to the clipboard
TITLE = "\x1b]0;Fieldwork: all entries agreed\x1b\\"  # set the window title
HOSTILE = f"Agreed by the team.{OSC52}{TITLE}\x9b2J\u202eevil\r\x08 end"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r", "\x08")


def test_escapes_become_visible_and_lines_stay_lines() -> None:
    out = shown(f"line one\tcell\n{OSC52}{TITLE}")
    assert not any(c in out for c in RAW)
    assert out.startswith("line one\tcell\n\u241b]52;c;") and "\u2407" in out and "\u241b\\" in out
    assert shown("plain text, CR-104233 — ok ✓") == "plain text, CR-104233 — ok ✓"


@given(st.text())
def test_nothing_a_terminal_obeys_survives(text: str) -> None:
    out = shown(text)
    assert all(ord(c) >= 0x20 or c in "\t\n" for c in out)
    assert not any(0x7F <= ord(c) < 0xA0 or ord(c) in (0x202E, 0x2066) for c in out)


@settings(max_examples=60)
@given(st.recursive(st.text() | st.integers(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=8))
def test_json_keeps_its_values_and_escapes_the_rest(value: Any) -> None:
    document = json_shown(json.dumps(value, ensure_ascii=False))
    assert json.loads(document) == value
    assert not any(c in document for c in RAW)


def _hostile_entry(home: Path) -> str:
    """An entry whose text came in raw, as a teammate's signed version would (the local write
    path strips controls, so the version is written below it)."""
    ws = Workspace.open(home, PASSPHRASE)
    try:
        (version,) = ws.write([Change("sea", sea(HOSTILE))])
        return version.record
    finally:
        ws.close()


def test_sea_list_and_history_show_escapes_as_text(cli: Any, inspection: Path) -> None:
    record = _hostile_entry(inspection)
    outputs = [cli("sea", "list"), cli("sea", "list", "--json"), cli("history", record), cli("history", record, "--json")]
    for result in outputs:
        assert result.code == 0, result.err
        assert not any(c in result.out + result.err for c in RAW)
    assert "\u241b]52;c;" in outputs[0].out
    listed = json.loads(outputs[1].out)
    assert listed[0]["text"] == HOSTILE  # JSON readers still get the stored value exactly


def test_the_screens_table_is_the_domains_table() -> None:
    from screens import safe_render

    safe_render.install()
    assert safe_render.installed()
    from rich.text import Text
    from textual.content import Content

    for rendered in (Text(HOSTILE).plain, Content(HOSTILE).plain):
        assert not any(c in rendered for c in RAW) and "\u241b]52" in rendered
    assert VISIBLE[0x1B] == "\u241b"
