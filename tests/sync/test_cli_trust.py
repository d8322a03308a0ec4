"""The trust verbs as scripts use them: their JSON keys, exit codes and one-line refusals (the contract)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import INIT_ARGS

QUARANTINE_KEYS = {"version", "kind", "claimed_author", "device", "reason", "source"}
DEVICE_KEYS = {"device", "inspector", "role", "certified_by", "revoked"}


@pytest.fixture
def homes(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A lead (with a recovery kit), a second laptop CD joined by invite, synced through a stick;
    then a second device presenting CD's used invite, whose bundle is on the stick too."""
    homes = {name: tmp_path / name for name in ("lead", "cd", "outsider", "stick")}
    homes["stick"].mkdir()
    made = cli(*INIT_ARGS, "--recovery-kit", str(tmp_path / "kit.md"), home_dir=homes["lead"])
    assert made.code == 0, made.err
    invite = str(tmp_path / "cd.fwinvite")
    made = cli("invite", invite, "--name", "CD", "--inspectorate", "cqc", home_dir=homes["lead"])
    assert made.code == 0, made.err
    code = re.search(r"([a-z]+(?:-[a-z]+){5})", made.out)
    assert code, made.out
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", code.group(1))
    for who in ("cd", "outsider"):
        joined = cli("join", invite, "--name", "CD", "--inspectorate", "cqc", home_dir=homes[who])
        assert joined.code == 0, joined.err
        if who == "cd":
            for step in ("cd", "lead"):
                assert cli("sync", str(homes["stick"]), home_dir=homes[step]).code == 0
    assert cli("sync", str(homes["stick"]), home_dir=homes["outsider"]).code == 0
    return homes


def test_status_quarantine_and_device_list_keep_their_keys(cli: Any, homes: dict[str, Path]) -> None:
    synced = cli("sync", str(homes["stick"]), "--json", home_dir=homes["lead"])
    assert synced.code == 0, synced.err
    status = json.loads(cli("status", "--json", home_dir=homes["lead"]).out)
    assert status["quarantined"] == 2
    rows = json.loads(cli("quarantine", "--json", home_dir=homes["lead"]).out)
    assert len(rows) == 2 and all(QUARANTINE_KEYS <= set(row) for row in rows)
    assert {row["kind"] for row in rows} == {"device", "inspector"}
    assert all(row["source"].endswith(".fwbundle") and "used already" in row["reason"] for row in rows)
    devices = json.loads(cli("device", "list", "--json", home_dir=homes["lead"]).out)
    assert all(DEVICE_KEYS <= set(d) for d in devices)
    assert sorted((d["inspector"], d["role"], d["revoked"]) for d in devices) == [("AB", "lead", False), ("CD", "team", False)]
    text = cli("quarantine", home_dir=homes["lead"])
    assert "2 version(s) refused" in text.out and "the invite was used already" in text.out


def test_lead_only_verbs_refuse_a_member_with_exit_3_and_one_line(cli: Any, homes: dict[str, Path]) -> None:
    devices = json.loads(cli("device", "list", "--json", home_dir=homes["cd"]).out)
    lead_device = next(d["device"] for d in devices if d["role"] == "lead")
    for argv in (("device", "revoke", lead_device[:8]), ("lead", "handover", "CD")):
        result = cli(*argv, home_dir=homes["cd"])
        assert result.code == 3 and len(result.err.strip().splitlines()) == 1, (argv, result.err)


def test_revoke_and_handover_from_the_command_line(cli: Any, homes: dict[str, Path]) -> None:
    devices = json.loads(cli("device", "list", "--json", home_dir=homes["lead"]).out)
    cd_device = next(d["device"] for d in devices if d["inspector"] == "CD")
    revoked = cli("device", "revoke", cd_device[:6], "--json", home_dir=homes["lead"])
    assert revoked.code == 0, revoked.err
    assert json.loads(revoked.out)["device"] == cd_device
    listed = {d["device"]: d for d in json.loads(cli("device", "list", "--json", home_dir=homes["lead"]).out)}
    assert listed[cd_device]["revoked"] is True
    # A revoked member cannot be handed the lead.
    refused = cli("lead", "handover", "CD", home_dir=homes["lead"])
    assert refused.code != 0


def test_lead_restore_from_the_recovery_kit(cli: Any, homes: dict[str, Path], tmp_path: Path) -> None:
    restored = cli("lead", "restore", "--paper-key-file", str(tmp_path / "kit.md"), "--from", str(homes["stick"]), "--json", home_dir=tmp_path / "new-lead")
    assert restored.code == 0, restored.err
    summary = json.loads(restored.out)
    assert summary["lead"] is True
    status = json.loads(cli("status", "--json", home_dir=tmp_path / "new-lead").out)
    assert status["me"]["name"] == "AB"
    old_lead = json.loads(cli("status", "--json", home_dir=homes["lead"]).out)["me"]["device"]
    revoked = cli("device", "revoke", old_lead, home_dir=tmp_path / "new-lead")
    assert revoked.code == 0, revoked.err
    wrong = cli("lead", "restore", "--paper-key-file", str(homes["stick"]), home_dir=tmp_path / "nowhere")
    assert wrong.code != 0 and not (tmp_path / "nowhere").exists()
