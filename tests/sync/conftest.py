"""Simulated laptops for the sync tests: a lead and team members joined through real invites.

Laptops are made once and copied (closed homes are plain files), because creating a store costs
far more than copying one and Hypothesis wants a fresh team for every example.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from fieldwork import records as rec
from store.workspace import Change, Workspace
from sync.bundle import export_bundle, import_bundle
from sync.invite import join, make_invite, open_invite
from tests.conftest import PASSPHRASE

def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: the 12-laptop scale test; runs in the suite, skip locally with -m 'not slow'")


INVITE_PASSPHRASE = "one-time invite words"
INITIALS = ["AB", "CD", "EF", "GH", "JK", "LM", "NP", "QR", "ST", "UV", "WX", "YZ", "BC"]


def sea(text: str, esn: str = "ESN 07") -> dict[str, Any]:
    """An SEA entry payload with made-up evidence: case references only, never names."""
    return {
        "criteria": [esn],
        "judgement": "development",
        "strand": "front-door",
        "source_type": "case-file",
        "source_detail": "Team manager",
        "evidence_at": "2026-11-24",
        "children": ["CR-104233"],
        "agencies": [],
        "agreed_by": [],
        "text": text,
        "confirmed_no_names": False,
    }


def make_team(root: Path, size: int) -> list[Workspace]:
    """A lead (laptop 0) and size-1 members who joined through the lead's invite, all synced; all open."""
    lead = Workspace.create(
        root / "laptop0",
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Testshire", theme="Neglect", notified="2026-11-10", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name=INITIALS[0], inspectorate="ofsted", role="lead"),
    )
    team = [lead]
    for i in range(1, size):
        # One invite a member: each is a one-time ticket for one named person.
        initials = INITIALS[i % len(INITIALS)]
        invite = open_invite(make_invite(lead, INVITE_PASSPHRASE, name=initials, inspectorate="cqc"), INVITE_PASSPHRASE)
        team.append(join(root / f"laptop{i}", invite, PASSPHRASE))
    converge(team)
    return team


def exchange(src: Workspace, dst: Workspace) -> Any:
    return import_bundle(dst, export_bundle(src)[0])


def converge(team: list[Workspace]) -> None:
    """Everyone's bundle into the first laptop, then the first laptop's into everyone."""
    for ws in team[1:]:
        exchange(ws, team[0])
    for ws in team[1:]:
        exchange(team[0], ws)


def conflict_view(ws: Workspace) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {c.record: (c.winner, tuple(sorted(h.version for h in c.heads))) for c in ws.conflicts()}


def winners(ws: Workspace) -> dict[str, str]:
    return {r.id: r.version for kind in ("sea", "inspection", "inspector") for r in ws.records(kind, include_deleted=True)}


def snapshot(home: Path) -> dict[str, str]:
    """Every file under a home and the hash of its bytes: 'unchanged' means byte for byte."""
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(home.rglob("*")) if p.is_file()}


class Team:
    """A closed template team that can be copied into a fresh folder and opened any number of times."""

    def __init__(self, root: Path, size: int, shared_entries: int = 0) -> None:
        self.root = root
        self.size = size
        team = make_team(root, size)
        if shared_entries:
            # Entries every laptop already holds: the ground on which offline edits collide.
            team[0].write([Change("sea", sea(f"Shared entry {n} on CR-70{n:04d}")) for n in range(shared_entries)])
            converge(team)
        for ws in team:
            ws.close()

    def open_copy(self, target: Path) -> list[Workspace]:
        shutil.copytree(self.root, target)
        return [Workspace.open(target / f"laptop{i}", PASSPHRASE) for i in range(self.size)]


@pytest.fixture(scope="module")
def team3(tmp_path_factory: pytest.TempPathFactory) -> Team:
    return Team(tmp_path_factory.mktemp("team3"), 3)


@pytest.fixture(scope="module")
def seeded3(tmp_path_factory: pytest.TempPathFactory) -> Team:
    return Team(tmp_path_factory.mktemp("seeded3"), 3, shared_entries=4)


@pytest.fixture
def laptops(team3: Team, tmp_path: Path) -> Iterator[list[Workspace]]:
    """Three open laptops of one inspection (lead first), closed afterwards."""
    team = team3.open_copy(tmp_path / "copy")
    yield team
    for ws in team:
        if ws.ring is not None:
            ws.close()
