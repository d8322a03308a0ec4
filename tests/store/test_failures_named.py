"""Each failure names its cause in plain words, in one line (issue 12, part 10): a damaged store,
a full disk, a folder that cannot be written. (A damaged keyring: test_keyring_damage.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from store.log import DB_FILE


def _one_line(result: Any) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "unexpected internal problem" not in lines[0]
    return lines[0]


def test_a_store_that_is_not_a_database_is_named_damaged(cli: Any, inspection: Path) -> None:
    db = inspection / DB_FILE
    data = bytearray(db.read_bytes())
    data[:16] = b"not sqlite at al"
    db.write_bytes(bytes(data))
    result = cli("status")
    assert result.code == 1 and "is damaged and cannot be read" in _one_line(result)
    assert "passphrase was right" in result.err


def test_a_store_with_damaged_pages_is_named_damaged(cli: Any, inspection: Path) -> None:
    db = inspection / DB_FILE
    data = bytearray(db.read_bytes())
    for at in range(4096, len(data), 97):  # every page after the first, spoiled throughout
        data[at] ^= 0xFF
    db.write_bytes(bytes(data))
    result = cli("sea", "list")
    assert result.code == 1 and "damaged" in _one_line(result)


def test_a_full_disk_is_one_line(cli: Any, inspection: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: Any, **_kwargs: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("store.log.VersionLog.insert_versions", full)
    result = cli("child", "add", "CR-104233", "--stage", "tracked")
    assert result.code == 1 and "There is no room left" in _one_line(result)
    monkeypatch.undo()
    assert cli("child", "list").out.count("CR-104233") == 0  # nothing half-written


def test_a_folder_that_cannot_be_written_is_named(cli: Any, inspection: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-stick" / "mine.fwbundle"
    result = cli("bundle", "export", str(out))
    assert result.code == 1 and "no-such-stick" in _one_line(result)
