"""The CLI contract of the foundation issue: verbs, flags, JSON keys, ids on the last line, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import INIT_ARGS

ROOT = Path(__file__).resolve().parents[2]

SEA = (
    "sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview",
    "--source-detail", "MASH team manager", "--evidence-date", "2026-11-23T10:30",
    "--text", "Information sharing between police and children's social care was timely and effective.",
)


def test_init_then_status_json_has_the_contract_keys(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("status", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data["counts"]) >= {"children", "sea", "concerns", "findings"}
    assert data["conflicts"] == 0
    assert len(data["state_digest"]) == 64
    assert data["inspection"]["area"] == "Testshire" and data["inspection"]["theme"] == "Neglect"
    assert data["me"]["role"] == "lead" and data["me"]["inspectorate"] == "ofsted"


def test_init_refuses_a_home_that_already_holds_an_inspection(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(*INIT_ARGS)
    assert result.code != 0
    assert "already holds an inspection" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_global_options_work_after_the_verb(cli, inspection: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "elsewhere"
    assert cli(*INIT_ARGS, home_dir=other).code == 0
    from fieldwork.cli import main

    assert main(["status", "--json", "--home", str(other)]) == 0


@pytest.mark.parametrize("spelling", ["7", "07", "ESN 07", "esn7"])
def test_sea_add_accepts_every_spelling_of_a_criterion(cli, inspection: Path, spelling: str) -> None:  # type: ignore[no-untyped-def]
    args = list(SEA)
    args[args.index("--esn") + 1] = spelling
    result = cli(*args)
    assert result.code == 0, result.err
    entry_id = result.last_line
    listed = json.loads(cli("sea", "list", "--json").out)
    assert [e["id"] for e in listed] == [entry_id]
    assert listed[0]["criteria"] == ["ESN 07"]


def test_sea_add_prints_the_id_alone_on_the_last_line_and_list_has_the_keys(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("child", "add", "CR-104233", "--stage", "tracked").code == 0
    result = cli(*SEA, "--esn", "ESN 22", "--child", "CR-104233", "--agency", "Police")
    assert result.code == 0, result.err
    entry_id = result.last_line
    assert len(entry_id) == 36 and entry_id.count("-") == 4
    entry = json.loads(cli("sea", "list", "--json").out)[0]
    assert {"id", "criteria", "judgement", "text", "children", "author"} <= set(entry)
    assert entry["criteria"] == ["ESN 07", "ESN 22"]
    assert entry["children"] == ["CR-104233"] and entry["author"] == "AB"


def test_sea_edit_keeps_history_and_delete_removes_from_list(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    entry_id = cli(*SEA).last_line
    edited = cli("sea", "edit", entry_id, "--judgement", "development", "--text", "Information sharing was too slow, which left risk unassessed.")
    assert edited.code == 0, edited.err
    history = json.loads(cli("history", entry_id, "--json").out)
    assert len(history["versions"]) == 2
    assert history["versions"][1]["changes"]["judgement"] == {"from": "strength", "to": "development"}
    assert all(v["author"] == "AB" and v["when"] for v in history["versions"])
    assert cli("sea", "delete", entry_id).code == 0
    assert json.loads(cli("sea", "list", "--json").out) == []
    assert len(json.loads(cli("history", entry_id, "--json").out)["versions"]) == 3


def test_a_possible_name_is_refused_naming_the_word_unless_confirmed(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    args = list(SEA)
    args[-1] = "The social worker, Ms Okonkwo-Hart, visited promptly and the plan was effective."
    refused = cli(*args)
    assert refused.code != 0
    assert "Okonkwo-Hart" in refused.err or "Ms" in refused.err
    assert json.loads(cli("sea", "list", "--json").out) == []
    assert cli(*args, "--confirm-no-names").code == 0


@pytest.mark.parametrize(
    "args, words",
    [
        (("sea", "add", "--esn", "99", "--judgement", "strength", "--source", "interview", "--evidence-date", "2026-11-23", "--text", "Timely and effective."), "Unknown criterion"),
        (("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview", "--evidence-date", "2026-13-45", "--text", "Timely and effective."), "Bad evidence date"),
        (("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview", "--evidence-date", "2026-11-23", "--child", "CR-555555", "--text", "Timely and effective."), "Unknown case reference"),
        (("child", "add", "Jane"), "not a case reference"),
        (("sea", "edit", "no-such-id", "--text", "x"), "No SEA entry"),
        (("history", "no-such-id"), "No record"),
    ],
)
def test_refusals_are_one_plain_line_and_non_zero(cli, inspection: Path, args, words: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0]
    assert "Traceback" not in result.err


def test_no_inspection_here_yet(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("status")
    assert result.code == 4 and "no inspection" in result.err.lower()


def _run(home: Path, *args: str, passphrase: str = "right passphrase") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIELDWORK_PASSPHRASE": passphrase, "FIELDWORK_KDF": "fast", "PYTHONPATH": str(ROOT)}
    env.pop("FIELDWORK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "fieldwork", "--home", str(home), *args], capture_output=True, text=True, env=env, cwd=ROOT)


def test_real_process_wrong_passphrase_and_bad_input_never_show_a_traceback(tmp_path: Path) -> None:
    home = tmp_path / "h"
    assert _run(home, *INIT_ARGS[0:]).returncode == 0
    wrong = _run(home, "status", passphrase="wrong passphrase")
    assert wrong.returncode == 3
    assert wrong.stderr.strip() == "fieldwork: Wrong passphrase for this inspection. Nothing was changed."
    bad = _run(home, "sea", "add", "--esn", "7")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_help_documents_every_verb(capsys: pytest.CaptureFixture[str]) -> None:
    from fieldwork.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for verb in ("init", "status", "child", "sea", "history"):
        assert verb in out
