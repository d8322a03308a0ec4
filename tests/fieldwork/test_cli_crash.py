"""The CLI's exit-70 path: one plain line, a redacted report, no key, passphrase or record text.

The error raised carries every secret in its message and the raising frame holds the keys in
local variables, so printing the message, a traceback with locals or a repr would be caught.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from fieldwork.crash_report import redacted_report
from store import crash_reports
from store.workspace import Workspace
from tests.conftest import PASSPHRASE

SEEDED = "The strategy meeting for CR-104233 was quorate and timely."


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setattr(crash_reports, "log_dir", lambda: folder)
    return folder


def _forms(raw: bytes) -> list[str]:
    return [repr(raw)[2:-1], raw.hex(), raw.hex().upper(), base64.b64encode(raw).decode(), base64.b32encode(raw).decode()]


def test_an_unexpected_error_in_a_verb_shows_one_line_and_no_secret(
    cli: Any, inspection: Path, reports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = cli(
        "sea", "add", "--esn", "7", "--judgement", "strength", "--source", "case-file",
        "--evidence-date", "2026-11-23", "--text", SEEDED, "--confirm-no-names",
    )
    assert added.code == 0, added.err
    ws = Workspace.open(inspection, PASSPHRASE)
    assert ws.ring is not None
    key, signing = ws.ring.inspection_key, ws.ring.signing_key.private_bytes_raw()
    ws.close()

    def counts(self: Workspace) -> dict[str, int]:
        ring = self.ring  # noqa: F841 - locals a traceback with locals would print
        text = [r.payload["text"] for r in self.records("sea")]
        raise RuntimeError(f"{key!r} {key.hex()} {signing.hex()} {text} {PASSPHRASE} {self!r}")

    monkeypatch.setattr(Workspace, "counts", counts)
    result = cli("status")
    assert result.code == 70
    written = sorted(reports.glob("crash-*.txt"))
    assert len(written) == 1
    assert result.err.strip().splitlines() == [f"fieldwork: {crash_reports.crash_line(RuntimeError(), written[0])}"]
    report = written[0].read_text(encoding="utf-8")
    assert "where: fieldwork status" in report and "error: RuntimeError" in report
    assert "fieldwork/cli/cmd_inspection.py" in report  # where it happened is kept
    assert (written[0].stat().st_mode & 0o777) == 0o600
    for text in (result.out, result.err, report):
        for secret in [PASSPHRASE, SEEDED, "CR-104233", *_forms(key), *_forms(signing)]:
            assert secret not in text


def test_the_report_names_nested_verbs_and_the_whole_chain(reports: Path) -> None:
    try:
        try:
            {}["CR-104233"]
        except KeyError as inner:
            raise ValueError("payload text") from inner
    except ValueError as err:
        path = crash_reports.write_report(err, where="fieldwork sea list")
    assert path is not None and path.parent == reports
    text = path.read_text(encoding="utf-8")
    assert "error: KeyError" in text and "then: ValueError" in text
    assert "CR-104233" not in text and "payload text" not in text


def test_a_report_that_cannot_be_written_still_ends_in_one_line(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert crash_reports.write_report(RuntimeError("x"), where="app", folder=blocked / "logs") is None
    assert "No report could be written." in crash_reports.crash_line(RuntimeError(), None)


def test_only_the_newest_reports_are_kept(reports: Path) -> None:
    reports.mkdir(parents=True)
    for n in range(crash_reports.KEEP + 5):
        (reports / f"crash-20260101-0000{n:02d}-1.txt").write_text("old")
    crash_reports.write_report(RuntimeError(), where="app")
    assert len(list(reports.glob("crash-*.txt"))) == crash_reports.KEEP


def test_paths_in_the_report_do_not_carry_the_account_name() -> None:
    try:
        exec(compile("raise RuntimeError()", "/home/someone/project/script.py", "exec"))
    except RuntimeError as err:
        text = redacted_report(err, where="x", when=__import__("datetime").datetime(2026, 1, 1), version="0")
    assert "/home/someone" not in text and "script.py:1" in text



def test_key_holding_objects_have_redacted_reprs(workspace: Workspace) -> None:
    from sync.invite import make_invite, open_invite

    assert workspace.ring is not None
    key, signing = workspace.ring.inspection_key, workspace.ring.signing_key.private_bytes_raw()
    invite = open_invite(make_invite(workspace, "plum-kettle-orbit-lantern-quarry-velvet", name="CD", inspectorate="cqc"), "plum-kettle-orbit-lantern-quarry-velvet")
    for obj in (workspace, workspace.ring, invite):
        text = repr(obj)
        for secret in [*_forms(key), *_forms(signing)]:
            assert secret not in text
