"""Plain failures and documents from the command line: an unwritable home or export folder, any
stdout encoding, no terminal, an extension no export writes, the marking, controls in text."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.conftest import INIT_ARGS, PASSPHRASE
from tests.fieldwork.test_documents import check_base

ROOT = Path(__file__).resolve().parents[2]


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- terminals and encodings ----------------------------------------------------------------------


def test_open_and_demo_without_a_terminal_refuse_in_one_line(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # pytest's stdin is not a terminal, as with `fieldwork demo </dev/null >file`.
    opened = cli("open")
    assert opened.code == 1 and "needs a terminal" in one_line(opened.err)
    demo = cli("demo", home_dir=tmp_path / "demo")
    assert demo.code == 1 and "--no-open" in one_line(demo.err)
    assert not (tmp_path / "demo").exists()  # refused before anything was made


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_output_survives_any_stdout_encoding(inspection: Path, encoding: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "FIELDWORK_PASSPHRASE": PASSPHRASE, "FIELDWORK_KDF": "fast"}
    for verb in (["status"], ["gaps"], ["kit", "show"], ["conflicts"], ["framework", "list"]):
        done = subprocess.run(
            [sys.executable, "-m", "fieldwork", "--home", str(inspection), *verb],
            capture_output=True, env=env, cwd=ROOT, timeout=120,
        )
        assert done.returncode == 0, (verb, done.stderr.decode(encoding, "replace"))
        done.stdout.decode(encoding)  # nothing the encoding cannot hold was written


# --- places that cannot be written ------------------------------------------------------------------


def test_a_home_that_cannot_be_made_is_one_line_naming_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli(*INIT_ARGS, home_dir=blocker / "home")
    assert result.code == 1
    line = one_line(result.err)
    assert str(blocker) in line and "--home" in line and "internal problem" not in line


def test_a_read_only_home_is_one_line_naming_it(cli, inspection: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from store.workspace import Workspace

    def read_only(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Workspace, "open", classmethod(lambda cls, *a, **k: read_only()))
    result = cli("status")
    assert result.code == 1 and str(inspection) in one_line(result.err) and "--home" in result.err


def test_an_export_folder_that_refuses_files_is_one_line(cli, inspection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from store import files

    def refuse(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(kwargs.get("dir")))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    out = tmp_path / "locked"
    out.mkdir()
    for verb in (["kit", "export", str(out / "kit.md")], ["finding", "export", str(out / "letter.docx")]):
        result = cli(*verb)
        assert result.code == 1, result.err
        assert str(out) in one_line(result.err) and "choose another folder" in result.err


# --- what exports write -------------------------------------------------------------------------------


def test_kit_export_writes_word_or_markdown_by_extension_or_format(cli, inspection: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    word = cli("kit", "export", str(tmp_path / "kit.docx"))
    assert word.code == 0, word.err
    doc = docx.Document(str(tmp_path / "kit.docx"))
    check_base(doc, title=doc.core_properties.title, marking="OFFICIAL-SENSITIVE", author="AB")
    assert doc.core_properties.title.startswith("Keep")
    md = cli("kit", "export", "--format", "md", str(tmp_path / "kit.md"))
    assert md.code == 0 and (tmp_path / "kit.md").read_text(encoding="utf-8").startswith("#")
    for bad in (["kit", "export", str(tmp_path / "kit.txt")], ["kit", "export", "--format", "md", str(tmp_path / "k.docx")],
                ["finding", "export", str(tmp_path / "letter.pdf")]):
        refused = cli(*bad)
        assert refused.code == 1 and ".docx" in one_line(refused.err)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["kit.docx", "kit.md"]


def test_the_marking_is_set_per_inspection(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "marked"
    made = cli(*INIT_ARGS, "--marking", "OFFICIAL", home_dir=home)
    assert made.code == 0, made.err
    result = cli("finding", "export", str(tmp_path / "letter.docx"), home_dir=home)
    assert result.code == 0, result.err
    doc = docx.Document(str(tmp_path / "letter.docx"))
    check_base(doc, title=doc.core_properties.title, marking="OFFICIAL", author="AB")


def test_controls_are_removed_at_the_boundary_and_the_export_opens(cli, inspection: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("child", "add", "CR-104233")
    raised = cli("concern", "raise", "--case", "CR-104233", "--service", "Police\x0b public protection", "--category", "1",
                 "--issues", "a\x0bb\x00c\x1b[2J d\r\ne", "--respond-by", "2026-11-20", "--referred", "2026-11-18")
    assert raised.code == 0, raised.err
    shown = cli("concern", "show", raised.last_line, "--json")
    assert "\\u000b" not in shown.out and "\\u001b" not in shown.out and "abc[2J d\\ne" in shown.out
    out = tmp_path / "annex-c.docx"
    exported = cli("concern", "export", raised.last_line, str(out))
    assert exported.code == 0, exported.err
    doc = docx.Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "abc[2J d" in text
