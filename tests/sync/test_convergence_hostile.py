"""Convergence with hostile members and revocations: every laptop ends with the same state and quarantine.

As tests/sync/test_merge.py's schedule test, with three more moves: a member forges a version (as
the lead, or a lead-only change) and hands it to one laptop; the lead revokes a member's device;
the revoked member goes on writing. Whatever the order, once every bundle has been everywhere every
laptop holds the same accepted versions (state digest, conflicts, winners) and has refused the
same ones.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from fieldwork.errors import AccessDenied
from store.team import revoke
from store.trust_view import quarantine_rows
from store.workspace import Change, Workspace
from sync.bundle import BundleError, export_bundle, import_bundle, write_bundle
from tests.sync.conftest import Team, conflict_view, sea, winners
from tests.sync.test_hostile_members import forge, hostile_bundle

laptop = st.integers(min_value=0, max_value=2)
member = st.integers(min_value=1, max_value=2)
words = st.text(alphabet="abcdefgh ", min_size=1, max_size=10)
operation = st.one_of(
    st.tuples(st.just("add"), laptop, words),
    st.tuples(st.just("edit"), laptop, st.integers(0, 5), words),
    st.tuples(st.just("send"), laptop, laptop),
    st.tuples(st.just("forge"), member, laptop, st.integers(0, 2)),
    st.tuples(st.just("revoke"), member),
)


def deliver(ws: Workspace, data: bytes, revoked: bool) -> None:
    """Into one laptop; a revoked laptop cannot open what was sealed after its revocation (a
    bundle of a later epoch, or an older epoch's bundle relaying later versions). No other
    laptop may ever fail to."""
    try:
        import_bundle(ws, data)
    except BundleError as err:
        assert revoked, err
        assert "after a revocation" in str(err) or "does not decrypt" in str(err), err
        event("a revoked laptop could not open a later bundle")


def run(team: list[Workspace], schedule: list[tuple[Any, ...]], hostile: list[bytes]) -> set[int]:
    revoked: set[int] = set()
    for op in schedule:
        try:
            step(team, op, hostile, revoked)
        except AccessDenied:
            # A revoked laptop that has heard of its revocation can no longer write: as it should.
            event("a revoked laptop was refused a write")
    return revoked


def step(team: list[Workspace], op: tuple[Any, ...], hostile: list[bytes], revoked: set[int]) -> None:
    kind = op[0]
    if kind == "add":
        team[op[1]].put("sea", sea(f"Entry {op[2]} on CR-104233"))
    elif kind == "edit":
        ws = team[op[1]]
        ids = sorted(r.id for r in ws.records("sea"))
        if ids:
            ws.write([Change("sea", sea(f"Edited {op[3]} on CR-104233"), record=ids[op[2] % len(ids)])])
    elif kind == "send":
        deliver(team[op[2]], export_bundle(team[op[1]])[0], op[2] in revoked)
    elif kind == "forge":
        forger, target, variant = team[op[1]], team[op[2]], op[3]
        lead = team[0]
        if variant == 0:
            forged = forge(forger, "sea", f"forged-{len(hostile)}", sea("As the lead on CR-104299"), author=lead.me_id)
        elif variant == 1:
            forged = forge(forger, "inspection", forger.inspection_id, {**forger.inspection, "area": f"Elsewhere {len(hostile)}"})
        else:
            forged = forge(forger, "criterion", f"crit-{len(hostile)}", {"code": "CUS 09", "strand": "custom", "label": "Forged"})
        data = hostile_bundle(forger, [forged])
        hostile.append(data)
        if target is not forger:
            deliver(target, data, op[2] in revoked)
    elif kind == "revoke" and op[1] not in revoked:
        revoke(team[0], team[op[1]].device_id, reason="lost")
        revoked.add(op[1])


def everything(ws: Workspace) -> bytes:
    """Every version a laptop holds, refused ones too, each to be checked by its own signature:
    what a hostile relay could hand on. After it has reached everyone, every laptop holds the same
    versions, so the verdicts, depending on the versions alone, must be the same."""
    ring = ws.ring
    assert ring is not None
    held = ws.log.all_versions() + ws.log.pending() + [v for v, _r, _s in ws.log.quarantined()]
    return write_bundle(
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        sender=ring.device_id,
        devices=ws.devices(),
        versions=[(v.raw, v.signature) for v in held],
    )


def state(ws: Workspace) -> tuple[Any, ...]:
    return ws.state_digest(), conflict_view(ws), winners(ws), sorted(r["version"] for r in quarantine_rows(ws))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(schedule=st.lists(operation, max_size=14))
@example(schedule=[("add", 1, "a"), ("revoke", 1), ("add", 1, "b"), ("edit", 2, 0, "c"), ("send", 1, 2), ("forge", 2, 0, 0)])
@example(schedule=[("forge", 1, 2, 1), ("send", 2, 0), ("revoke", 2), ("edit", 2, 0, "x"), ("send", 2, 1)])
def test_hostile_members_and_revocations_still_converge(seeded3: Team, schedule: list[tuple[Any, ...]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="fw-hostile-"))
    team = seeded3.open_copy(folder / "t")
    hostile: list[bytes] = []
    try:
        revoked = run(team, schedule, hostile)
        # Every bundle everywhere: the forgeries reach every laptop, then the everyday exchange,
        # then everything every laptop holds. A revoked laptop drops out of the team: it cannot
        # open what was sealed after its revocation, which is the point.
        for _ in range(2):
            for data in hostile + [everything(ws) for ws in team] + [export_bundle(ws)[0] for ws in team]:
                for i, ws in enumerate(team):
                    deliver(ws, data, i in revoked)
        remaining = [ws for i, ws in enumerate(team) if i not in revoked]
        first = state(remaining[0])
        for ws in remaining[1:]:
            assert state(ws) == first
    finally:
        for ws in team:
            ws.close()
        shutil.rmtree(folder, ignore_errors=True)
