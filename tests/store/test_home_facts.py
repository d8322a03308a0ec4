"""Home's facts kept between starts: sealed, marked with the log, and never trusted once it changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fieldwork import records as rec
from fieldwork.home import summary_from
from screens.home import summarise
from store import children
from store.home_facts import facts_of, keep_facts, kept_facts
from store.log import DB_FILE, VersionLog
from store.keyring import read_keyring
from store.workspace import Workspace
from tests.conftest import PASSPHRASE


def reopen(home: Path) -> Workspace:
    return Workspace(home, read_keyring(home, PASSPHRASE), VersionLog(home / DB_FILE), defer_load=True)


def test_kept_facts_serve_the_next_start_without_decrypting(workspace: Workspace, home: Path) -> None:
    children.add(workspace, {"case_ref": "CR-100001", "stage": "tracked", "allocated": workspace.me_id})
    assert kept_facts(workspace) is None
    facts = facts_of(workspace)
    keep_facts(workspace, facts)
    workspace.close()

    again = reopen(home)
    assert not again.loaded
    assert kept_facts(again) == facts
    assert not again.loaded  # reading them decrypted no record
    day = date(2026, 11, 19)
    assert summary_from(facts, day) == summarise(again, day)  # the same Home as from the records
    assert again.loaded  # the summary from the records themselves loads the store on first use
    again.close()


def test_any_change_to_the_log_retires_the_kept_facts(workspace: Workspace) -> None:
    keep_facts(workspace, facts_of(workspace))
    assert kept_facts(workspace) is not None
    children.add(workspace, {"case_ref": "CR-100002"})
    assert kept_facts(workspace) is None


def test_kept_facts_are_sealed(workspace: Workspace, home: Path) -> None:
    children.add(workspace, {"case_ref": "CR-104233", "stage": "tracked", "allocated": workspace.me_id})
    keep_facts(workspace, facts_of(workspace))
    workspace.close()
    for path in home.iterdir():
        if path.is_file():
            assert b"CR-104233" not in path.read_bytes(), path.name


def test_a_deferred_workspace_loads_on_first_read(workspace: Workspace, home: Path) -> None:
    workspace.put("child", rec.child_payload({"case_ref": "CR-100003"}))
    workspace.close()
    again = reopen(home)
    assert not again.loaded
    assert [r.payload["case_ref"] for r in again.records("child")] == ["CR-100003"]
    assert again.loaded
    again.close()
