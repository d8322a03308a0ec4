"""Fixtures shared by every test folder.

Stores created in tests use a fast KDF (FIELDWORK_KDF=fast): the parameters are stored in each
keyring, so this changes nothing about how a real store is opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

os.environ["FIELDWORK_KDF"] = "fast"

PASSPHRASE = "correct horse battery staple"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        lines = self.out.strip().splitlines()
        return lines[-1] if lines else ""


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_KDF", "fast")
    monkeypatch.delenv("FIELDWORK_HOME", raising=False)
    monkeypatch.setenv("FIELDWORK_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def cli(home: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `fieldwork --home HOME ...` in-process; returns CliResult."""
    from fieldwork.cli import main

    def run(*argv: str, home_dir: Path | None = None) -> CliResult:
        capsys.readouterr()
        try:
            code = main(["--home", str(home_dir or home), *argv])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


INIT_ARGS = ("init", "--area", "Testshire", "--theme", "Neglect", "--notified", "2026-11-10", "--name", "AB", "--inspectorate", "ofsted")


@pytest.fixture
def inspection(cli, home: Path) -> Path:  # type: ignore[no-untyped-def]
    """A new inspection in `home`, with me as lead."""
    result = cli(*INIT_ARGS)
    assert result.code == 0, result.err
    return home


@pytest.fixture
def workspace(home: Path) -> Iterator["object"]:
    """An unlocked Workspace of a new inspection (front-door pack), closed afterwards."""
    from fieldwork import records as rec
    from store.workspace import Workspace

    ws = Workspace.create(
        home,
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Testshire", theme="Neglect", notified="2026-11-10", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
    )
    yield ws
    if ws.ring is not None:
        ws.close()
