"""A merge's commit runs while the merge folds its versions into memory (store/log.py,
transaction(meanwhile=...)). When the commit fails (a full disk, a stick pulled out), nothing of
the bundle may stay: not in the log, not in what the app shows, not in the judge's verdicts, so
the same bundle taken in again is all new."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.log import VersionLog
from store.workspace import Change, Workspace
from sync.bundle import export_bundle, import_bundle
from tests.sync.conftest import sea


def _shown(ws: Workspace) -> dict[str, str]:
    return {r.id: r.payload["text"] for r in ws.records("sea")}


def test_a_failed_commit_leaves_memory_as_the_log_and_a_retry_takes_everything(laptops: list[Workspace], monkeypatch: pytest.MonkeyPatch) -> None:
    lead, member, _ = laptops
    member.write([Change("sea", sea(f"Entry {n} on CR-7{n:05d}")) for n in range(30)])
    bundle = export_bundle(member)[0]
    before_shown, before_count, before_digest = _shown(lead), lead.version_count(), lead.state_digest()

    folded: list[int] = []
    real_absorb = Workspace._absorb

    def absorb_then_watch(self: Workspace, *args: object, **kwargs: object) -> None:
        real_absorb(self, *args, **kwargs)  # type: ignore[arg-type]
        folded.append(len(self.records("sea")))

    def disk_full(self: VersionLog) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Workspace, "_absorb", absorb_then_watch)
    monkeypatch.setattr(VersionLog, "_commit", disk_full)
    with pytest.raises(sqlite3.OperationalError):
        import_bundle(lead, bundle, name="member.fwb")
    # The fold did run beside the commit (so this test is about the overlap) ...
    assert folded and folded[0] == len(before_shown) + 30
    # ... and none of it stayed.
    assert lead.version_count() == before_count
    assert _shown(lead) == before_shown
    assert lead.state_digest() == before_digest

    monkeypatch.undo()
    again = import_bundle(lead, bundle, name="member.fwb")
    assert again.new >= 30  # the entries, and whatever else of the member the lead lacked
    assert len(_shown(lead)) == len(before_shown) + 30
    # And what is on disk is what is shown: a fresh open agrees.
    home = lead.home
    digest = lead.state_digest()
    lead.close()
    from tests.conftest import PASSPHRASE

    reopened = Workspace.open(Path(home), PASSPHRASE)
    try:
        assert reopened.state_digest() == digest
    finally:
        reopened.close()


def test_a_merge_commits_on_another_thread_and_folds_meanwhile(laptops: list[Workspace], monkeypatch: pytest.MonkeyPatch) -> None:
    """The overlap is real: the commit is not on the merging thread."""
    import threading

    lead, member, _ = laptops
    member.write([Change("sea", sea("One entry on CR-700001"))])
    threads: list[str] = []
    real_commit = VersionLog._commit

    def commit(self: VersionLog) -> None:
        threads.append(threading.current_thread().name)
        real_commit(self)

    monkeypatch.setattr(VersionLog, "_commit", commit)
    import_bundle(lead, export_bundle(member)[0])
    assert threads == ["fieldwork-commit"]
