"""A forgotten passphrase is not the end: the recovery code (issue 12, part 7) and its printable kit."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldwork.errors import ValidationError
from fieldwork.recovery_code import BYTES, encode, find, normalise
from tests.conftest import INIT_ARGS, PASSPHRASE
from tests.store.helpers import snapshot

NEW = "an entirely different and long passphrase"


@given(st.binary(min_size=BYTES, max_size=BYTES))
def test_a_code_reads_back_however_it_is_typed(raw: bytes) -> None:
    code = encode(raw)
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}", code)
    typed = code.lower().replace("-", " ").replace("O", "0").replace("I", "1")
    assert normalise(typed) == code
    assert find(f"# Fieldwork recovery kit\n\n```\n{code}\n```\n") == code


def test_a_code_of_the_wrong_shape_is_refused_plainly() -> None:
    for text in ("", "ABCD-EFGH", "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-8"):
        with pytest.raises(ValidationError, match="not a Fieldwork recovery code"):
            normalise(text)


def _code_in(text: str) -> str:
    return find(text)


def test_recover_with_the_kit_sets_a_new_passphrase_and_keeps_every_record(cli: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kit = tmp_path / "kit.md"
    assert cli(*INIT_ARGS, "--recovery-kit", str(kit)).code == 0
    assert cli("child", "add", "CR-104233", "--stage", "tracked").code == 0
    before = json.loads(cli("status", "--json").out)["state_digest"]
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    # A wrong code changes nothing at all.
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n")
    untouched = snapshot(home)
    refused = cli("recover", "--code-file", str(wrong), "--new-passphrase-file", str(new_file))
    assert refused.code == 3 and "does not open" in refused.err and snapshot(home) == untouched
    done = cli("recover", "--code-file", str(kit), "--new-passphrase-file", str(new_file))
    assert done.code == 0, done.err
    assert cli("status").code == 3  # the old passphrase (FIELDWORK_PASSPHRASE) no longer opens it
    monkeypatch.delenv("FIELDWORK_PASSPHRASE")
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(NEW + "\n")
    again = cli("--passphrase-file", str(pass_file), "status", "--json")
    assert again.code == 0 and json.loads(again.out)["state_digest"] == before
    # The code on paper still opens it after a later passphrase change.
    back = tmp_path / "back.txt"
    back.write_text(PASSPHRASE + " and more\n")
    assert cli("--passphrase-file", str(pass_file), "passphrase", "--new-passphrase-file", str(back)).code == 0
    assert cli("recover", "--code-file", str(kit), "--new-passphrase-file", str(new_file)).code == 0


def test_without_a_kit_the_code_is_shown_once_and_written_nowhere(cli: Any, home: Path) -> None:
    made = cli(*INIT_ARGS)
    assert made.code == 0
    code = _code_in(made.err)
    letters = code.replace("-", "").encode()
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert code.encode() not in data and letters not in data, path
    assert "shown this once" in made.err


def test_a_joiners_kit_in_word_holds_their_code(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docx import Document

    lead, member = tmp_path / "lead", tmp_path / "member"
    assert cli(*INIT_ARGS, home_dir=lead).code == 0
    made = cli("invite", str(tmp_path / "cd.fwinvite"), "--name", "CD", "--inspectorate", "cqc", home_dir=lead)
    code = re.search(r"([a-z]+(?:-[a-z]+){5})", made.out)
    assert code
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", code.group(1))
    kit = tmp_path / "cd-kit.docx"
    joined = cli("join", str(tmp_path / "cd.fwinvite"), "--recovery-kit", str(kit), home_dir=member)
    assert joined.code == 0, joined.err
    text = "\n".join(p.text for p in Document(str(kit)).paragraphs)
    assert "Recovery code" in text and "paper key" not in text.lower().replace("lead's paper key", "")
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    assert cli("recover", "--code-file", str(kit), "--new-passphrase-file", str(new_file), home_dir=member).code == 0
