"""`fieldwork letter recipients` and `fieldwork letter statement-of-action` (para 82, 91, 96): the
contract's verbs and keys, the lead-only rule, and the letter export carrying both."""

from __future__ import annotations

import json
from pathlib import Path


def test_para_91_recipients_add_and_list_json(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    assert json.loads(cli("letter", "recipients", "list", "--json").out) == []
    assert "para 91's usual list" in cli("letter", "recipients", "list").out.lower()
    for agency, title in (("Local authority", "Director of children's services"), ("Police", "Chief constable")):
        result = cli("letter", "recipients", "add", "--agency", agency, "--title", title)
        assert result.code == 0, result.err
    assert json.loads(cli("letter", "recipients", "list", "--json").out) == [
        {"agency": "Local authority", "title": "Director of children's services"},
        {"agency": "Police", "title": "Chief constable"},
    ]
    again = cli("letter", "recipients", "add", "--agency", "Police", "--title", "Chief constable")
    assert again.code == 1 and "already on the letter's list" in again.err
    assert cli("letter", "recipients", "remove", "--agency", "Police", "--title", "Chief constable").code == 0
    assert len(json.loads(cli("letter", "recipients", "list", "--json").out)) == 1


def test_para_96_statement_of_action_goes_into_the_letter(cli, inspection: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("letter", "statement-of-action", "--required", "yes", "--agency", "Children's social care", "--agency", "Police")
    assert result.code == 0, result.err
    assert "required from Children's social care and Police" in result.out
    assert cli("letter", "statement-of-action", "--required", "yes").code == 1
    cli("letter", "recipients", "add", "--agency", "Police", "--title", "Chief constable")
    out = tmp_path / "letter.md"
    assert cli("finding", "export", str(out)).code == 0
    text = out.read_text()
    assert "Chief constable, Police" in text and "Children's social care should lead the statement" in text
