"""Versions waiting for a parent are capped per device (issue 12, part 8): what is over the cap is
dropped with a note, `status --json` says how many wait, and the dropped ones are taken in when
their parents come, because the sender sends them again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fieldwork import records as rec
from store import pending
from store.versions import Version
from store.workspace import Change, Workspace
from sync.bundle import export_bundle, import_bundle
from tests.sync.conftest import make_team

EDITS = 80
CAP = 30


@pytest.fixture
def pair(tmp_path: Path) -> Any:
    lead, member = make_team(tmp_path, 2)
    yield lead, member
    lead.close()
    member.close()


def _chain(member: Workspace) -> list[Version]:
    """A child record and EDITS edits of it, each the parent of the next."""
    first = member.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    for n in range(EDITS):
        member.write([Change("child", rec.child_payload({"case_ref": "CR-104233", "age_band": ["0-4", "5-9"][n % 2]}), record=first.record)])
    return member.log.for_record(first.record)


def test_waiting_versions_over_the_cap_are_dropped_and_come_again(pair: Any, monkeypatch: pytest.MonkeyPatch, cli: Any) -> None:
    lead, member = pair
    monkeypatch.setattr(pending, "MAX_PER_DEVICE", CAP)
    chain = _chain(member)
    orphans = export_bundle(member, chain[1:])[0]  # every edit, without the record's first version
    result = import_bundle(lead, orphans)
    assert result.pending == CAP and result.pending_dropped == EDITS - CAP
    assert lead.log.pending_count() == CAP
    status = cli("status", "--json", home_dir=lead.home)
    assert json.loads(status.out)["pending"] == CAP
    assert f"Waiting for earlier versions: {CAP}" in cli("status", home_dir=lead.home).out
    # The same again: nothing more is kept, nothing kept is lost.
    again = import_bundle(lead, orphans)
    assert again.pending_dropped == EDITS - CAP and lead.log.pending_count() == CAP
    # The first version comes with the member's whole bundle: every edit is applied.
    whole = import_bundle(lead, export_bundle(member)[0])
    assert whole.pending == 0 and lead.log.pending_count() == 0
    assert lead.state_digest() == member.state_digest()


def test_the_cap_keeps_the_oldest_whatever_the_order(pair: Any) -> None:
    lead, member = pair
    chain = _chain(member)[1:]
    cap = pending.MAX_PER_DEVICE
    try:
        pending.MAX_PER_DEVICE = 10
        kept, dropped = pending.within_cap([], list(reversed(chain)))
        kept_again, _ = pending.within_cap([], chain)
    finally:
        pending.MAX_PER_DEVICE = cap
    assert [v.id for v in kept] == [v.id for v in kept_again] == [v.id for v in sorted(chain, key=lambda v: (v.clock, v.id))[:10]]
    assert len(dropped) == len(chain) - 10


def test_the_byte_cap_and_the_total_cap_hold_too(pair: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _lead, member = pair
    chain = _chain(member)[1:]
    monkeypatch.setattr(pending, "MAX_BYTES_PER_DEVICE", sum(len(v.raw) for v in chain[:5]))
    kept, _ = pending.within_cap([], chain)
    assert len(kept) == 5
    monkeypatch.setattr(pending, "MAX_BYTES_PER_DEVICE", 1 << 30)
    monkeypatch.setattr(pending, "MAX_TOTAL", 7)
    kept, _ = pending.within_cap(chain[:3], chain[3:])  # three already held count against it
    assert len(kept) == 4


def test_sync_says_what_it_dropped(pair: Any, monkeypatch: pytest.MonkeyPatch, cli: Any, tmp_path: Path) -> None:
    lead, member = pair
    monkeypatch.setattr(pending, "MAX_PER_DEVICE", CAP)
    path = tmp_path / "orphans.fwbundle"
    path.write_bytes(export_bundle(member, _chain(member)[1:])[0])
    result = cli("bundle", "import", str(path), home_dir=lead.home)
    assert result.code == 0, result.err
    assert f"{EDITS - CAP} version(s) waiting for earlier ones were not kept" in result.out
    data = json.loads(cli("bundle", "import", str(path), "--json", home_dir=lead.home).out)
    assert data["pending_dropped"] == EDITS - CAP and data["pending"] == CAP
