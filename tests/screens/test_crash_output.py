"""A crash inside any screen shows one plain line, writes a redacted report, keeps drafts and
exits non-zero; neither the output nor the report holds a key, the passphrase or record text.

Each error raised here carries every secret in its message, and the frame that raises holds the
inspection key in a local variable, as the crash in issue 12 did: a handler that printed the
message, the traceback's locals or a repr would fail the scan.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Iterator

import pytest
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from screens.app import SECTIONS, load_section
from screens.crash_guard import EXIT_INTERNAL
from screens.history import HistoryScreen
from screens.home import HomeScreen
from screens.sea_editor import SeaEditorScreen
from screens.unlock import UnlockScreen
from store import crash_reports
from store.demo import DEMO_PASSPHRASE
from store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.screens.app_support import demo_home, demo_source, make_app, press, settle, type_into  # noqa: F401


class Secrets:
    def __init__(self, home: Path) -> None:
        ws = Workspace.open(home, DEMO_PASSPHRASE)
        try:
            assert ws.ring is not None
            self.key = ws.ring.inspection_key
            self.signing = ws.ring.signing_key.private_bytes_raw()
            entry = ws.records("sea")[0]
            self.text, self.record = entry.payload["text"], entry.id
        finally:
            ws.close()

    def message(self) -> str:
        return f"{self.key!r} {self.key.hex()} {self.text} {DEMO_PASSPHRASE}"

    def forms(self) -> list[str]:
        found = [DEMO_PASSPHRASE, self.text]
        for raw in (self.key, self.signing):
            found += [repr(raw)[2:-1], raw.hex(), base64.b64encode(raw).decode(), base64.b32encode(raw).decode()]
        return found

    def assert_absent(self, *texts: str) -> None:
        for text in texts:
            for secret in self.forms():
                assert secret not in text, "a secret reached the crash output"
            # The raw key as bytes would be mangled in text, so also look for a long piece of it.
            assert self.key[:12].decode("latin-1") not in text


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setattr(crash_reports, "log_dir", lambda: folder)
    return folder


def _explode_after_compose(cls: type[Screen[Any]], secrets: Secrets, monkeypatch: pytest.MonkeyPatch) -> None:
    original = cls.compose

    def compose(self: Screen[Any]) -> Iterator[Any]:
        yield from original(self)
        ws = self.app.workspace  # None on the unlock screen
        key = ws.ring.inspection_key if ws else secrets.key  # noqa: F841 - a local a traceback would show
        raise RuntimeError(secrets.message())

    monkeypatch.setattr(cls, "compose", compose)


# Screens that are not sections: how to reach each once the app is open.
OTHERS = {"unlock": UnlockScreen, "sea-editor": SeaEditorScreen, "history": HistoryScreen, "home": HomeScreen}


def _screens() -> list[str]:
    return [*OTHERS, *(name for name, section in SECTIONS.items() if "inspection" in section.modes)]


async def _reach(name: str, pilot: Any, secrets: "Secrets") -> None:
    app = pilot.app
    await settle(pilot)
    if name == "sea-editor":
        app.new_sea_entry()
    elif name == "history":
        await app.open_history(secrets.record)
    elif name in SECTIONS:
        await press(pilot, SECTIONS[name].key)
    await settle(pilot)


@pytest.mark.parametrize("name", _screens())
async def test_a_crash_in_each_screen_shows_one_line_and_no_secret(
    name: str, demo_home: Path, reports: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets = Secrets(demo_home)
    cls = OTHERS.get(name) or load_section(name)
    assert cls is not None
    _explode_after_compose(cls, secrets, monkeypatch)
    app = make_app(demo_home, passphrase=None if name == "unlock" else DEMO_PASSPHRASE)
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await _reach(name, pilot, secrets)
    captured = capsys.readouterr()
    assert app.return_code == EXIT_INTERNAL
    assert app.workspace is None  # keys and decrypted records dropped
    written = sorted(reports.glob("crash-*.txt"))
    assert len(written) == 1
    report = written[0].read_text(encoding="utf-8")
    assert f"where: app, {cls.__name__}" in report and "error: RuntimeError" in report
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert lines == [f"fieldwork: {crash_reports.crash_line(RuntimeError(), written[0])}"], captured.err
    secrets.assert_absent(captured.out, captured.err, report)


class Drafting(Screen[None]):
    """Stands in for the SEA editor: a draft kept with put_local, and a key that crashes."""

    BINDINGS = [Binding("f9", "crash", "Crash")]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Input(id="draft")

    def save_draft(self) -> None:
        self.workspace.put_local("draft:crash", {"text": self.query_one(Input).value})

    def action_crash(self) -> None:
        raise ValueError("boom")


async def test_a_crash_keeps_the_unsaved_draft_encrypted(demo_home: Path, reports: Path) -> None:
    app = make_app(demo_home)
    with pytest.raises(ValueError):
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.workspace is not None
            await app.push_screen(Drafting(app.workspace))
            await type_into(pilot, "#draft", "half-written evaluation of CR-104233")
            await pilot.press("f9")
            await pilot.pause()
    assert app.return_code == EXIT_INTERNAL
    ws = Workspace.open(demo_home, DEMO_PASSPHRASE)
    try:
        assert ws.get_local("draft:crash") == {"text": "half-written evaluation of CR-104233"}
    finally:
        ws.close()
    for path in demo_home.rglob("*"):
        if path.is_file():
            assert b"half-written evaluation" not in path.read_bytes()


def _audit_screens() -> list[str]:
    return ["home", *(name for name, section in SECTIONS.items() if "inspection" not in section.modes)]


@pytest.mark.parametrize("name", _audit_screens())
async def test_a_crash_in_a_partnership_audit_screen_shows_no_secret(
    name: str, tmp_path: Path, reports: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldwork import records as rec

    home, area = tmp_path / "audit", "Wombatvale"
    ws = Workspace.create(
        home,
        PASSPHRASE,
        inspection=rec.inspection_payload(area=area, theme="Neglect", notified="2026-11-10", packs=["somerset-partnership-audit"], mode="audit"),
        me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
    )
    assert ws.ring is not None
    key = ws.ring.inspection_key
    ws.close()
    cls = HomeScreen if name == "home" else load_section(name)
    assert cls is not None
    original = cls.compose

    def compose(self: Screen[Any]) -> Iterator[Any]:
        yield from original(self)
        ring = self.app.workspace.ring  # noqa: F841 - a local a traceback would show
        raise RuntimeError(f"{key!r} {key.hex()} {area} {PASSPHRASE}")

    monkeypatch.setattr(cls, "compose", compose)
    app = make_app(home, passphrase=PASSPHRASE)
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await settle(pilot)
            if name != "home":
                await press(pilot, SECTIONS[name].key)
    captured = capsys.readouterr()
    (report,) = [p.read_text(encoding="utf-8") for p in reports.glob("crash-*.txt")]
    assert app.return_code == EXIT_INTERNAL and "error: RuntimeError" in report
    for text in (captured.out, captured.err, report):
        for secret in (area, PASSPHRASE, repr(key)[2:-1], key.hex(), base64.b64encode(key).decode()):
            assert secret not in text
