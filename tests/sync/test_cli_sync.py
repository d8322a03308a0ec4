"""The sync verbs through the CLI: invite, join, bundle export/import, sync, conflicts and resolve."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from store.workspace import Change, Workspace
from tests.conftest import INIT_ARGS, PASSPHRASE
from tests.sync.conftest import sea, snapshot

INVITE_WORDS = "plum-kettle-orbit-lantern-quarry-velvet"  # as strong as the six random words invite makes


@pytest.fixture
def team(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A lead and one member joined through the CLI, both synced through a shared folder."""
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", INVITE_WORDS)
    homes = {"lead": tmp_path / "lead", "member": tmp_path / "member", "stick": tmp_path / "stick"}
    homes["stick"].mkdir()
    assert cli(*INIT_ARGS, home_dir=homes["lead"]).code == 0
    invite = tmp_path / "invite.fwinvite"
    made = cli("invite", str(invite), "--name", "CD", "--inspectorate", "cqc", home_dir=homes["lead"])
    assert made.code == 0, made.err
    joined = cli("join", str(invite), "--name", "CD", "--inspectorate", "cqc", home_dir=homes["member"])
    assert joined.code == 0, joined.err
    for who in ("member", "lead", "member"):
        assert cli("sync", str(homes["stick"]), home_dir=homes[who]).code == 0
    return homes


def status(cli: Any, home: Path) -> dict[str, Any]:
    result = cli("status", "--json", home_dir=home)
    assert result.code == 0, result.err
    return json.loads(result.out)


def write(home: Path, *changes: Change) -> list[str]:
    ws = Workspace.open(home, PASSPHRASE)
    try:
        return [v.id for v in ws.write(list(changes))]
    finally:
        ws.close()


def test_join_shows_the_inspection_at_once_and_sync_converges(cli: Any, team: dict[str, Path]) -> None:
    lead, member = status(cli, team["lead"]), status(cli, team["member"])
    assert member["inspection"]["area"] == "Testshire" and member["inspection"]["id"] == lead["inspection"]["id"]
    assert member["me"]["role"] == "team" and member["me"]["name"] == "CD"
    assert member["state_digest"] == lead["state_digest"]
    names = sorted(f.name for f in team["stick"].iterdir())
    assert names == sorted(f"{s['me']['device']}.fwbundle" for s in (lead, member))


def test_join_json_and_last_line(cli: Any, team: dict[str, Path], tmp_path: Path) -> None:
    made = cli("invite", str(tmp_path / "ef.fwinvite"), "--name", "EF", "--inspectorate", "hmicfrs", "--role", "sao", home_dir=team["lead"])
    assert made.code == 0, made.err
    result = cli("join", str(tmp_path / "ef.fwinvite"), "--name", "EF", "--inspectorate", "hmicfrs", "--role", "sao", home_dir=tmp_path / "third")
    assert result.code == 0, result.err
    ws = Workspace.open(tmp_path / "third", PASSPHRASE)
    try:
        assert result.last_line == ws.me_id and ws.me["role"] == "sao"
    finally:
        ws.close()


def test_only_the_lead_invites(cli: Any, team: dict[str, Path], tmp_path: Path) -> None:
    result = cli("invite", str(tmp_path / "again.fwinvite"), "--name", "EF", "--inspectorate", "cqc", home_dir=team["member"])
    assert result.code == 3 and "Only the lead inspector can create invites." in result.err
    assert not (tmp_path / "again.fwinvite").exists()


def test_wrong_invite_passphrase_creates_nothing(cli: Any, team: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", "not the words")
    result = cli("join", str(tmp_path / "invite.fwinvite"), "--name", "EF", "--inspectorate", "cqc", home_dir=tmp_path / "nobody")
    assert result.code == 3 and "Wrong invite passphrase" in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "nobody").exists()


def test_invite_makes_its_code_and_shows_it_once(cli: Any, team: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDWORK_INVITE_PASSPHRASE")
    result = cli("invite", str(tmp_path / "x.fwinvite"), "--name", "EF", "--inspectorate", "cqc", home_dir=team["lead"])
    assert result.code == 0, result.err
    (line,) = [text for text in result.out.splitlines() if text.startswith("Invite code")]
    code = line.rsplit(" ", 1)[1]
    assert len(code.split("-")) == 6 and result.out.count(code) == 1
    assert code.encode() not in (tmp_path / "x.fwinvite").read_bytes()
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", code)
    joined = cli("join", str(tmp_path / "x.fwinvite"), "--name", "EF", "--inspectorate", "cqc", home_dir=tmp_path / "third")
    assert joined.code == 0, joined.err


def test_bundle_export_and_import_report_counts(cli: Any, team: dict[str, Path], tmp_path: Path) -> None:
    write(team["lead"], *[Change("sea", sea(f"Entry {n} on CR-10{n:04d}")) for n in range(4)])
    out = tmp_path / "lead.fwbundle"
    exported = cli("bundle", "export", str(out), "--json", home_dir=team["lead"])
    assert exported.code == 0, exported.err
    summary = json.loads(exported.out)
    assert summary["versions"] == status(cli, team["lead"])["versions"] and summary["file"] == str(out)
    imported = cli("bundle", "import", str(out), "--json", home_dir=team["member"])
    assert imported.code == 0, imported.err
    data = json.loads(imported.out)
    assert (data["new"], data["pending"], data["conflicts"]) == (4, 0, 0) and data["present"] == summary["versions"] - 4
    assert data["bundles"][0]["new"] == 4
    again = json.loads(cli("bundle", "import", str(out), "--json", home_dir=team["member"]).out)
    assert again["new"] == 0 and again["present"] == summary["versions"]
    assert status(cli, team["member"])["state_digest"] == status(cli, team["lead"])["state_digest"]


def test_a_damaged_bundle_is_refused_in_one_line_and_the_home_is_unchanged(cli: Any, team: dict[str, Path], tmp_path: Path) -> None:
    write(team["lead"], Change("sea", sea("Entry on CR-104233")))
    out = tmp_path / "lead.fwbundle"
    assert cli("bundle", "export", str(out), home_dir=team["lead"]).code == 0
    data = out.read_bytes()
    damaged = tmp_path / "damaged.fwbundle"
    damaged.write_bytes(data[:-20] + bytes([data[-20] ^ 4]) + data[-19:])
    before = snapshot(team["member"])
    result = cli("bundle", "import", str(damaged), "--json", home_dir=team["member"])
    assert result.code == 1 and result.out == ""
    assert result.err.strip().splitlines() == ["fieldwork: damaged.fwbundle is damaged or truncated: chunk 1 of 1 does not verify. Nothing was imported."]
    assert snapshot(team["member"]) == before
    # Good and bad together: the good one is taken in, the bad one named, and the exit code says so.
    mixed = cli("bundle", "import", str(out), str(damaged), "--json", home_dir=team["member"])
    assert mixed.code == 1
    report = json.loads(mixed.out)
    assert report["new"] == 1 and [r["file"] for r in report["refused"]] == [str(damaged)]


def test_sync_skips_half_written_files_and_reports_refusals(cli: Any, team: dict[str, Path]) -> None:
    stick = team["stick"]
    (stick / ".abc.fwbundle.x1y2.part").write_bytes(b"fieldwork-bundle/v1\ninsp")
    (stick / "other.fwbundle.part").write_bytes(b"half")
    result = cli("sync", str(stick), "--json", home_dir=team["lead"])
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert set(report) >= {"new", "present", "pending", "conflicts", "bundles", "refused", "wrote", "state_digest"}
    assert len(report["bundles"]) == 1 and report["refused"] == []
    (stick / "stranger.fwbundle").write_bytes(b"not a bundle at all")
    result = cli("sync", str(stick), home_dir=team["lead"])
    assert result.code == 1 and "stranger.fwbundle is not a Fieldwork bundle" in result.err
    assert "Wrote my bundle" in result.out  # the good bundles still went both ways


def test_sync_refuses_a_missing_folder(cli: Any, team: dict[str, Path], tmp_path: Path) -> None:
    result = cli("sync", str(tmp_path / "no-such-stick"), home_dir=team["lead"])
    assert result.code == 1 and "is not a folder" in result.err


def test_conflicts_are_listed_and_resolved_through_the_cli(cli: Any, team: dict[str, Path]) -> None:
    (entry,) = write(team["lead"], Change("sea", sea("Return interviews are offered")))
    stick = str(team["stick"])
    for who in ("lead", "member"):
        cli("sync", stick, home_dir=team[who])
    ws = Workspace.open(team["lead"], PASSPHRASE)
    record = ws.log.get([entry])[0].record
    ws.close()
    (mine,) = write(team["lead"], Change("sea", sea("Return interviews are offered and recorded"), record=record))
    (theirs,) = write(team["member"], Change("sea", sea("Return interviews are rarely offered"), record=record))
    for who in ("lead", "member", "lead"):
        cli("sync", stick, home_dir=team[who])

    listed = cli("conflicts", "--json", home_dir=team["member"])
    assert listed.code == 0, listed.err
    (conflict,) = json.loads(listed.out)
    assert conflict["record"] == record and conflict["kind"] == "sea" and conflict["winner"] in {mine, theirs}
    heads = {h["version"]: h for h in conflict["heads"]}
    assert set(heads) == {mine, theirs}
    assert heads[mine]["fields"] == {"text": "Return interviews are offered and recorded"}
    assert heads[theirs]["fields"] == {"text": "Return interviews are rarely offered"}
    assert {heads[mine]["author"], heads[theirs]["author"]} == {"AB", "CD"}
    assert all(h["op"] == "put" and h["when"] for h in heads.values())
    assert "Keep one with" in cli("conflicts", home_dir=team["lead"]).out

    resolved = cli("resolve", record[:8], "--keep", theirs[:10], home_dir=team["member"])
    assert resolved.code == 0, resolved.err
    new_version = resolved.last_line
    for who in ("member", "lead"):
        cli("sync", stick, home_dir=team[who])
    for who in ("lead", "member"):
        assert json.loads(cli("conflicts", "--json", home_dir=team[who]).out) == []
        assert status(cli, team[who])["conflicts"] == 0
    ws = Workspace.open(team["lead"], PASSPHRASE)
    try:
        assert set(ws.log.get([new_version])[0].parents) == {mine, theirs}
        assert ws.get(record).payload["text"] == "Return interviews are rarely offered"  # type: ignore[union-attr]
    finally:
        ws.close()


def test_resolve_refuses_a_record_without_a_conflict(cli: Any, team: dict[str, Path]) -> None:
    ws = Workspace.open(team["lead"], PASSPHRASE)
    inspection_id = ws.inspection_id
    ws.close()
    result = cli("resolve", inspection_id, "--keep", "abcdef", home_dir=team["lead"])
    assert result.code == 1 and "has no conflict to resolve" in result.err


def test_progress_is_drawn_on_a_terminal(cli: Any, team: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldwork.cli import cmd_sync

    seen: list[tuple[int, int]] = []
    labels: list[str] = []
    real = cmd_sync._progress

    def watching() -> Any:
        class Wrapped:
            def __enter__(self) -> Any:
                self.inner = real()
                make = self.inner.__enter__()

                def progress_for(label: str) -> Any:
                    labels.append(label)
                    update = make(label)
                    assert update is not None, "a terminal gets a progress bar"
                    return lambda done, total: (seen.append((done, total)), update(done, total))

                return progress_for

            def __exit__(self, *exc: Any) -> Any:
                return self.inner.__exit__(*exc)

        return Wrapped()

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cmd_sync, "_progress", watching)
    write(team["lead"], Change("sea", sea("Entry on CR-104233")))
    result = cli("bundle", "export", str(tmp_path / "b.fwbundle"), home_dir=team["lead"])
    assert result.code == 0, result.err
    assert seen and seen[-1][0] == seen[-1][1]
    result = cli("bundle", "import", str(tmp_path / "b.fwbundle"), home_dir=team["member"])
    assert result.code == 0, result.err
    assert labels == ["writing bundle", "reading b.fwbundle", "checking 1 new version(s) from b.fwbundle"]


def test_an_auditor_joins_by_agency_and_only_the_person_named_on_the_invite(cli: Any, team: dict[str, Path], tmp_path: Path) -> None:
    invite = str(tmp_path / "gh.fwinvite")
    nameless = cli("invite", invite, "--name", "GH", home_dir=team["lead"])
    assert nameless.code != 0 and "--inspectorate" in nameless.err and "--agency" in nameless.err
    made = cli("invite", invite, "--name", "GH", "--agency", "Education safeguarding", home_dir=team["lead"])
    assert made.code == 0, made.err
    someone_else = cli("join", invite, "--name", "XY", home_dir=tmp_path / "nobody")
    assert someone_else.code == 1 and "for another person" in someone_else.err
    assert not (tmp_path / "nobody").exists()
    joined = cli("join", invite, "--name", "GH", "--agency", "Education safeguarding", home_dir=tmp_path / "auditor")
    assert joined.code == 0, joined.err
    ws = Workspace.open(tmp_path / "auditor", PASSPHRASE)
    try:
        assert ws.me["agency"] == "Education safeguarding" and ws.me["inspectorate"] == ""
    finally:
        ws.close()
