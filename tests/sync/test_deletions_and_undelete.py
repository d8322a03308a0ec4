"""Deletions are visible and reversible (issue 12, part 11): a sync that deletes many records says
so in its summary and its JSON; `fieldwork undelete` brings a record back as it was, through the
trust chain; `history` shows the tombstone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from store.workspace import Change, Workspace
from sync.folder import MANY_DELETED, Deletions
from tests.conftest import PASSPHRASE
from tests.sync.conftest import sea
from tests.sync.test_cli_sync import team, write  # noqa: F401 - the fixture

__all__ = ["team"]


def _delete(home: Path, ids: list[str]) -> None:
    ws = Workspace.open(home, PASSPHRASE)
    try:
        for rid in ids:
            ws.delete(rid)
    finally:
        ws.close()


def _entries(cli: Any, team: dict[str, Path], count: int) -> list[str]:
    versions = write(team["lead"], *(Change("sea", sea(f"Entry {i}: the referral was screened on the day it arrived.")) for i in range(count)))
    ws = Workspace.open(team["lead"], PASSPHRASE)
    try:
        ids = [r.id for r in ws.records("sea")]
    finally:
        ws.close()
    assert len(versions) == count == len(ids)
    for who in ("lead", "member"):
        assert cli("sync", str(team["stick"]), home_dir=team[who]).code == 0
    return ids


def test_many_deletions_are_called_out_in_the_sync_summary_and_json(cli: Any, team: dict[str, Path]) -> None:
    ids = _entries(cli, team, 30)
    _delete(team["lead"], ids[: MANY_DELETED + 1])
    assert cli("sync", str(team["stick"]), home_dir=team["lead"]).code == 0
    result = cli("sync", str(team["stick"]), "--json", home_dir=team["member"])
    assert result.code == 0, result.err
    deleted = json.loads(result.out)["deleted"]
    assert deleted["records"] == 11 and deleted["sea"] == 11 and deleted["sea_before"] == 30 and deleted["many"]
    assert sorted(deleted["ids"]) == sorted(ids[:11])


def test_a_few_deletions_of_a_large_share_of_the_sea_are_called_out_in_words(cli: Any, team: dict[str, Path]) -> None:
    ids = _entries(cli, team, 20)
    _delete(team["lead"], ids[:2])  # 2 records, but 10% of the team's SEA entries
    assert cli("sync", str(team["stick"]), home_dir=team["lead"]).code == 0
    result = cli("sync", str(team["stick"]), home_dir=team["member"])
    assert "This sync deleted 2 records, 2 of the team's 20 SEA entries" in result.out
    assert "fieldwork undelete ID" in result.out


def test_one_deletion_of_many_is_reported_but_not_called_out() -> None:
    few = Deletions(("a",), sea=1, sea_before=100)
    assert not few.many and few.summary().startswith("Deleted by the team: 1 record(s)")
    assert Deletions(tuple("abcdefghijk"), sea=0, sea_before=0).many
    assert Deletions().summary() == "" and not Deletions().many


def test_bundle_import_reports_deletions_too(cli: Any, team: dict[str, Path], tmp_path: Path) -> None:
    ids = _entries(cli, team, 12)
    _delete(team["lead"], ids)
    out = tmp_path / "lead.fwbundle"
    assert cli("bundle", "export", str(out), home_dir=team["lead"]).code == 0
    result = cli("bundle", "import", str(out), "--json", home_dir=team["member"])
    assert result.code == 0, result.err
    assert json.loads(result.out)["deleted"]["records"] == 12


def test_undelete_restores_the_last_payload_after_the_tombstone_and_travels(cli: Any, team: dict[str, Path]) -> None:
    ids = _entries(cli, team, 3)
    ws = Workspace.open(team["lead"], PASSPHRASE)
    try:
        rid = ids[0]
        before = dict(ws.require(rid).payload)
        tombstone = ws.delete(rid).id
    finally:
        ws.close()
    history = json.loads(cli("history", rid, "--json", home_dir=team["lead"]).out)
    assert history["deleted"] and history["versions"][-1]["op"] == "delete"
    shown = cli("history", rid, home_dir=team["lead"])
    assert "deleted" in shown.out and f"fieldwork undelete {rid}" in shown.out

    restored = cli("undelete", rid[:8], "--json", home_dir=team["lead"])
    assert restored.code == 0, restored.err
    made = json.loads(restored.out)
    assert made["record"] == rid and made["parents"] == [tombstone]
    ws = Workspace.open(team["lead"], PASSPHRASE)
    try:
        record = ws.require(rid)
        assert not record.deleted and dict(record.payload) == before
    finally:
        ws.close()
    again = cli("undelete", rid, home_dir=team["lead"])
    assert again.code == 1 and "is not deleted" in again.err

    for who in ("lead", "member"):
        assert cli("sync", str(team["stick"]), home_dir=team[who]).code == 0
    ws = Workspace.open(team["member"], PASSPHRASE)
    try:
        assert not ws.require(rid).deleted
    finally:
        ws.close()


def test_undelete_last_line_is_the_new_version_and_unknown_ids_are_refused(cli: Any, team: dict[str, Path]) -> None:
    ids = _entries(cli, team, 1)
    _delete(team["lead"], ids)
    result = cli("undelete", ids[0], home_dir=team["lead"])
    assert result.code == 0 and len(result.last_line) == 64
    missing = cli("undelete", "zzzzzzzz", home_dir=team["lead"])
    assert missing.code != 0 and "No record" in missing.err and len(missing.err.strip().splitlines()) == 1


def test_a_member_cannot_undelete_what_they_could_not_edit(cli: Any, team: dict[str, Path]) -> None:
    # A criterion of the custom pack is the lead's alone to create, change and delete.
    ws = Workspace.open(team["lead"], PASSPHRASE)
    try:
        rid = ws.write([Change("criterion", {"code": "CAB 04", "strand": "front-door", "label": "Mine", "prompt": None})])[0].record
    finally:
        ws.close()
    _delete(team["lead"], [rid])
    for who in ("lead", "member"):
        assert cli("sync", str(team["stick"]), home_dir=team[who]).code == 0
    result = cli("undelete", rid, home_dir=team["member"])
    assert result.code != 0 and len(result.err.strip().splitlines()) == 1
    assert cli("undelete", rid, home_dir=team["lead"]).code == 0
