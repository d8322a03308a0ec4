"""Para 81: the retention archive (encrypted, opened with its recovery code alone, plus a readable
copy) and `fieldwork close --wipe`, which crypto-shreds the laptop only once the team's bundle and
the archive exist. A wiped home holds no key, and its store cannot be opened even with the
passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldwork import archive as arc
from fieldwork.errors import FieldworkError
from store.workspace import Workspace
from tests.conftest import PASSPHRASE

TEXT = "Information sharing between police and children's social care was timely and effective."


def _code(out: str) -> str:
    return out.strip().splitlines()[-1].strip()


@pytest.fixture
def recorded(cli, inspection: Path) -> Path:  # type: ignore[no-untyped-def]
    assert cli("child", "add", "CR-104233", "--stage", "tracked").code == 0
    entry = cli("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview", "--source-detail",
                "MASH team manager", "--evidence-date", "2026-11-23", "--child", "CR-104233", "--text", TEXT)
    assert entry.code == 0, entry.err
    assert cli("sea", "edit", entry.last_line, "--source-detail", "MASH police sergeant").code == 0
    return inspection


def test_the_archive_opens_with_its_code_alone(cli, recorded: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("archive", "export", str(tmp_path / "retention" / "ab-records"))
    assert result.code == 1 and "Cannot write" in result.err  # no such folder: nothing half-written
    result = cli("archive", "export", str(tmp_path / "ab-records"))
    assert result.code == 0, result.err
    code = _code(result.out)
    assert len(code.split("-")) == arc.CODE_WORDS and arc.code_bits() >= 128
    sealed = (tmp_path / "ab-records.fwarchive").read_bytes()
    assert TEXT.encode() not in sealed and b"CR-104233" not in sealed and b"Testshire" not in sealed
    copy = (tmp_path / "ab-records.md").read_text(encoding="utf-8")
    assert TEXT in copy and "MASH police sergeant" in copy and "by AB: source_detail" in copy

    (tmp_path / "code.txt").write_text(code.replace("-", " ").upper(), encoding="utf-8")
    opened = cli("archive", "open", str(tmp_path / "ab-records.fwarchive"), str(tmp_path / "opened.md"),
                 "--code-file", str(tmp_path / "code.txt"))
    assert opened.code == 0, opened.err
    assert TEXT in (tmp_path / "opened.md").read_text(encoding="utf-8")
    wrong = arc.new_recovery_code()
    (tmp_path / "wrong.txt").write_text(wrong, encoding="utf-8")
    refused = cli("archive", "open", str(tmp_path / "ab-records.fwarchive"), str(tmp_path / "x.md"), "--code-file", str(tmp_path / "wrong.txt"))
    assert refused.code == 3 and "does not open this archive" in refused.err
    assert not (tmp_path / "x.md").exists()


def test_only_the_lead_exports_the_sea(recorded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldwork.errors import AccessDenied
    from store import archive

    ws = Workspace.open(recorded, PASSPHRASE)
    try:
        path, copy, code = archive.export(ws, tmp_path / "sea", scope="sea")
        content = archive.open_archive(path, code)
        assert [r["kind"] for r in content["records"]] == ["sea"] and len(content["records"][0]["history"]) == 2
        monkeypatch.setattr(Workspace, "is_lead", property(lambda self: False))
        with pytest.raises(AccessDenied, match="Only the lead inspector exports the SEA"):
            archive.export(ws, tmp_path / "sea2", scope="sea")
        assert not (tmp_path / "sea2.md").exists()
    finally:
        ws.close()


def test_close_wipes_only_with_the_bundle_and_the_archive(cli, recorded: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exported = cli("archive", "export", str(tmp_path / "ab"))
    assert exported.code == 0
    folder = tmp_path / "stick"
    folder.mkdir()
    # Without a bundle holding this laptop's versions, nothing is wiped.
    refused = cli("close", "--wipe", "--bundle", str(folder / "none.fwbundle"), "--archive", str(tmp_path / "ab.fwarchive"), "--yes")
    assert refused.code == 1 and "Nothing was wiped" in refused.err
    assert cli("sync", str(folder)).code == 0
    bundle = next(folder.iterdir())
    # A later edit is not in that bundle: refused again.
    assert cli("child", "edit", "CR-104233", "--age-band", "10-15").code == 0
    stale = cli("close", "--wipe", "--bundle", str(bundle), "--archive", str(tmp_path / "ab.fwarchive"), "--yes")
    assert stale.code == 1 and "run 'fieldwork sync' again" in stale.err
    assert cli("sync", str(folder)).code == 0
    not_archive = tmp_path / "notes.fwarchive"
    not_archive.write_text("hello", encoding="utf-8")
    assert cli("close", "--wipe", "--bundle", str(bundle), "--archive", str(not_archive), "--yes").code == 1

    ws = Workspace.open(recorded, PASSPHRASE)
    key, device_key = ws._ring.inspection_key, ws._ring.signing_key.private_bytes_raw()
    ws.close()
    closed = cli("close", "--wipe", "--bundle", str(bundle), "--archive", str(tmp_path / "ab.fwarchive"), "--yes")
    assert closed.code == 0, closed.err
    # No key left: no keyring and no store in the home, and no file anywhere here holds either key.
    assert not recorded.exists() or not any(recorded.iterdir())
    for path in (p for p in tmp_path.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert key not in data and device_key not in data, path
    with pytest.raises(FieldworkError):
        Workspace.open(recorded, PASSPHRASE)
    assert cli("status").code == 4  # "no inspection here yet"
    # The archive still opens: it never depended on the laptop's keys.
    code = _code(exported.out)
    from store import archive

    assert archive.open_archive(tmp_path / "ab.fwarchive", code)["records"]


def test_a_wiped_home_beside_other_files_keeps_them(cli, recorded: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (recorded / "my-notes.txt").write_text("not Fieldwork's", encoding="utf-8")
    exported = cli("archive", "export", str(tmp_path / "ab"))
    folder = tmp_path / "stick"
    folder.mkdir()
    assert exported.code == 0 and cli("sync", str(folder)).code == 0
    bundle = next(folder.iterdir())
    assert cli("close", "--wipe", "--bundle", str(bundle), "--archive", str(tmp_path / "ab.fwarchive"), "--yes").code == 0
    assert sorted(p.name for p in recorded.iterdir()) == ["my-notes.txt"]
