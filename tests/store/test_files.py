"""Writing files on the folders inspectors use: FAT and exFAT sticks (no permission bits), files
held open by Word or a scanner on Windows, read-only and full folders. Each failure is simulated by
patching the OS call that raises it, so the test runs the same on every machine."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from store import files
from store.files import DiskFull, FileInUse, FolderNotWritable, atomic_write, best_effort_chmod


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EROFS])
def test_permission_bits_are_best_effort_on_file_systems_without_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def refuse(path: object, mode: int) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(files.os, "chmod", refuse)
    monkeypatch.setattr(files.sys, "platform", "linux")
    atomic_write(tmp_path / "bundle.fwb", b"data")
    assert (tmp_path / "bundle.fwb").read_bytes() == b"data" and leftovers(tmp_path) == []


def test_other_chmod_failures_still_surface(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: object, mode: int) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(files.os, "chmod", broken)
    monkeypatch.setattr(files.sys, "platform", "linux")
    with pytest.raises(OSError):
        best_effort_chmod(tmp_path, 0o600)


def test_windows_is_left_alone_because_chmod_there_is_only_the_read_only_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(files.os, "chmod", lambda *a: calls.append(a))
    monkeypatch.setattr(files.sys, "platform", "win32")
    atomic_write(tmp_path / "letter.docx", b"PK")
    assert calls == [] and (tmp_path / "letter.docx").read_bytes() == b"PK"


def test_a_file_held_open_briefly_is_replaced_after_a_retry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"old")
    real = os.replace
    refusals = iter([True, True, False])

    def replace(src: str, dst: object) -> None:
        if next(refusals):
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(files, "REPLACE_PAUSE_S", 0)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new" and leftovers(tmp_path) == []


def test_a_file_held_open_throughout_is_refused_in_one_line_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"old")
    tries: list[int] = []

    def replace(src: str, dst: object) -> None:
        tries.append(1)
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(files, "REPLACE_PAUSE_S", 0)
    with pytest.raises(FileInUse) as refused:
        atomic_write(target, b"new")
    assert str(refused.value) == "letter.docx is open in another program; close it and try again."
    assert len(tries) == files.REPLACE_TRIES
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []  # nothing lost, nothing left


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOENT])
def test_a_folder_that_refuses_new_files_is_named_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def refuse(**kwargs: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code), str(kwargs.get("dir")))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    with pytest.raises(FolderNotWritable) as refused:
        atomic_write(tmp_path / "out.md", b"x")
    message = str(refused.value)
    assert str(tmp_path) in message and "choose another folder" in message and "\n" not in message


def test_a_full_stick_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", fsync)
    with pytest.raises(DiskFull, match="no room left in"):
        atomic_write(tmp_path / "mine.fwb", b"x" * 100)
    assert leftovers(tmp_path) == [] and not (tmp_path / "mine.fwb").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_real_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FolderNotWritable, match="locked"):
            atomic_write(folder / "out.md", b"x")
    finally:
        folder.chmod(0o700)


def test_folder_flush_is_skipped_on_windows_and_tolerated_where_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    monkeypatch.setattr(files.sys, "platform", "win32")
    monkeypatch.setattr(files.os, "open", lambda *a: opened.append(a) or 0)
    files.fsync_dir(tmp_path)
    assert opened == []
    monkeypatch.undo()

    def refuse(fd: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(files.os, "fsync", refuse)
    monkeypatch.setattr(files.sys, "platform", "linux")
    files.fsync_dir(tmp_path)  # a network share that cannot flush a folder: carry on
