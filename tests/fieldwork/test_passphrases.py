"""One strength rule for passphrases on every path, invite codes Fieldwork makes, and a
passphrase change that takes the new one from elsewhere and refuses the same one."""

from __future__ import annotations

import getpass
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from fieldwork.cli.new_passphrase import invite_code
from fieldwork.errors import FieldworkError
from fieldwork.passphrases import (
    INVITE_WORDS,
    WeakPassphrase,
    invite_code_bits,
    invite_code_problem,
    new_invite_code,
    passphrase_problem,
    word_list,
)
from store.keyring import keyring_path
from store.workspace import Workspace
from tests.conftest import INIT_ARGS, PASSPHRASE

NEW = "lantern quarry orbit velvet"


@pytest.mark.parametrize("weak", ["a", "short", "password1", "Password1!", "qwertyuiop", "aaaaaaaaaaaa", "12345678901"])
def test_weak_passphrases_are_refused_with_a_reason(weak: str) -> None:
    problem = passphrase_problem(weak)
    assert problem and "\n" not in problem


@pytest.mark.parametrize("strong", [PASSPHRASE, NEW, "a rather long sentence about Testshire's front door" * 3])
def test_strong_passphrases_pass(strong: str) -> None:
    assert passphrase_problem(strong) is None


def test_invite_codes_are_six_words_from_the_eff_list() -> None:
    words = set(word_list())
    assert len(words) > 7700
    codes = {new_invite_code() for _ in range(12)}
    assert len(codes) == 12
    for code in codes:
        parts = code.split("-")
        assert len(parts) == INVITE_WORDS and set(parts) <= words
        assert invite_code_problem(code) is None
    assert math.isclose(invite_code_bits(), 77.5, abs_tol=0.1)


@pytest.mark.parametrize("given", ["one-time invite words", PASSPHRASE, "plum kettle orbit lantern", "x"])
def test_a_given_invite_code_must_be_as_strong_as_a_made_one(given: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", given)
    with pytest.raises(WeakPassphrase):
        invite_code()
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", "plum-kettle-orbit-lantern-quarry-velvet")
    assert invite_code() == ("plum-kettle-orbit-lantern-quarry-velvet", False)
    monkeypatch.delenv("FIELDWORK_INVITE_PASSPHRASE")
    code, made = invite_code()
    assert made and len(code.split("-")) == INVITE_WORDS


def _refused_once(result: Any) -> None:
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1
    assert "too easy to guess" in result.err or "at least 8" in result.err


def test_init_refuses_a_weak_passphrase_from_the_environment(cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", "x")
    _refused_once(cli(*INIT_ARGS))
    assert not keyring_path(home).exists()


def test_init_refuses_a_weak_passphrase_from_a_file(cli: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDWORK_PASSPHRASE")
    weak = tmp_path / "weak.txt"
    weak.write_text("password1\n")
    _refused_once(cli(*INIT_ARGS, "--passphrase-file", str(weak)))
    assert not keyring_path(home).exists()


def test_init_refuses_a_weak_passphrase_at_the_prompt_before_asking_again(cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDWORK_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "qwertyuiop")
    _refused_once(cli(*INIT_ARGS))
    assert asked == ["Passphrase: "] and not keyring_path(home).exists()


def _opens_with(home: Path, passphrase: str) -> bool:
    try:
        Workspace.open(home, passphrase).close()
        return True
    except FieldworkError:
        return False


def test_passphrase_change_takes_the_new_one_from_its_own_file(cli: Any, inspection: Path, tmp_path: Path) -> None:
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    result = cli("passphrase", "--new-passphrase-file", str(new_file))
    assert result.code == 0, result.err
    assert _opens_with(inspection, NEW) and not _opens_with(inspection, PASSPHRASE)


def test_passphrase_change_never_reads_the_new_one_from_the_environment(cli: Any, inspection: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)  # no terminal to prompt on
    before = keyring_path(inspection).read_bytes()
    result = cli("passphrase")
    assert result.code == 1 and "--new-passphrase-file" in result.err and "Passphrase changed" not in result.out
    assert keyring_path(inspection).read_bytes() == before


def test_passphrase_change_refuses_the_same_passphrase(cli: Any, inspection: Path, tmp_path: Path) -> None:
    same = tmp_path / "same.txt"
    same.write_text(PASSPHRASE + "\n")
    before = keyring_path(inspection).read_bytes()
    result = cli("passphrase", "--new-passphrase-file", str(same))
    assert result.code == 1 and "same as the old one" in result.err and len(result.err.strip().splitlines()) == 1
    assert keyring_path(inspection).read_bytes() == before


def test_passphrase_change_refuses_one_file_for_both(cli: Any, inspection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDWORK_PASSPHRASE")
    old = tmp_path / "old.txt"
    old.write_text(PASSPHRASE + "\n")
    result = cli("passphrase", "--passphrase-file", str(old), "--new-passphrase-file", str(tmp_path / "." / "old.txt"))
    assert result.code == 1 and "another file" in result.err


def test_passphrase_change_refuses_a_weak_new_one(cli: Any, inspection: Path, tmp_path: Path) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("abc12345\n")
    result = cli("passphrase", "--new-passphrase-file", str(weak))
    _refused_once(result)
    assert _opens_with(inspection, PASSPHRASE)


def test_passphrase_change_checks_the_old_one_first(cli: Any, inspection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", "not the passphrase at all")
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    result = cli("passphrase", "--new-passphrase-file", str(new_file))
    assert result.code == 3 and _opens_with(inspection, PASSPHRASE)
