"""Merging bundles between laptops: convergence under any schedule, the algebra of merge, conflicts kept
visible until a person resolves them, pending versions, replays and skewed clocks."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from fieldwork.clock import HybridClock, wall_ms
from store.versions import Version
from store.workspace import Change, Workspace
from sync.bundle import export_bundle, import_bundle
from tests.conftest import PASSPHRASE
from tests.sync.conftest import Team, conflict_view, converge, exchange, sea, winners

DAY_MS = 24 * 3600 * 1000


def state(ws: Workspace) -> tuple[str, dict[str, Any], dict[str, str], int]:
    return ws.state_digest(), conflict_view(ws), winners(ws), len(ws.log.pending_ids())


def assert_converged(team: list[Workspace]) -> None:
    first = state(team[0])
    for ws in team[1:]:
        assert state(ws) == first
    assert first[3] == 0, "nothing may be left pending once every bundle has been everywhere"


def live_sea(ws: Workspace) -> list[str]:
    return sorted(r.id for r in ws.records("sea"))


# --- convergence under random schedules -------------------------------------------------------

laptop = st.integers(min_value=0, max_value=2)
words = st.text(alphabet="abcdefgh ", min_size=1, max_size=12)
operation = st.one_of(
    st.tuples(st.just("add"), laptop, words),
    st.tuples(st.just("edit"), laptop, st.integers(0, 5), words),
    st.tuples(st.just("edit"), laptop, st.integers(0, 5), words),
    st.tuples(st.just("delete"), laptop, st.integers(0, 5)),
    # send: from, to, and which versions go (a partial bundle often leaves parents behind)
    st.tuples(st.just("send"), laptop, laptop, st.integers(0, 3)),
    # replay an earlier bundle, into any laptop, in any order
    st.tuples(st.just("replay"), st.integers(0, 50), laptop),
)


def run_schedule(team: list[Workspace], schedule: list[tuple[Any, ...]]) -> None:
    sent: list[bytes] = []
    for op in schedule:
        kind = op[0]
        if kind == "add":
            team[op[1]].put("sea", sea(f"Entry {op[2]} on CR-104233"))
        elif kind in ("edit", "delete"):
            ws = team[op[1]]
            ids = live_sea(ws)
            if not ids:
                continue
            record = ids[op[2] % len(ids)]
            if kind == "edit":
                ws.write([Change("sea", sea(f"Edited {op[3]} on CR-104233"), record=record)])
            else:
                ws.delete(record)
        elif kind == "send":
            src, dst = team[op[1]], team[op[2]]
            held = src.all_versions() + src.log.pending()
            # 0: everything; 1: only the newest; 2: every other one; 3: the newer half.
            chosen = [held, held[-1:], held[1::2], held[len(held) // 2 :]][op[3]]
            data = export_bundle(src, chosen)[0]
            sent.append(data)
            if import_bundle(dst, data).pending:
                event("a version arrived before its parent")
        elif kind == "replay" and sent:
            import_bundle(team[op[2]], sent[op[1] % len(sent)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(schedule=st.lists(operation, max_size=30))
# Always tried as well: a chain sent newest-first (pending), and edits racing edits and a deletion.
@example(schedule=[("edit", 0, 0, "x"), ("edit", 0, 0, "y"), ("send", 0, 1, 1), ("send", 1, 2, 0), ("replay", 0, 2)])
@example(schedule=[("edit", 0, 1, "x"), ("edit", 1, 1, "y"), ("delete", 2, 1), ("send", 2, 0, 0), ("add", 1, "z")])
def test_any_schedule_of_edits_and_exchanges_converges(seeded3: Team, schedule: list[tuple[Any, ...]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="fw-sched-"))
    team = seeded3.open_copy(folder / "t")
    try:
        run_schedule(team, schedule)
        converge(team)
        assert_converged(team)
        event(f"conflicts after converging: {min(team[0].conflict_count(), 2)}+")
        # A person settles every conflict on one laptop; after one more round nobody has any.
        lead = team[0]
        for conflict in lead.conflicts():
            lead.resolve(conflict.record, keep=conflict.heads[-1].version)
        converge(team)
        assert_converged(team)
        assert all(ws.conflict_count() == 0 for ws in team)
    finally:
        for ws in team:
            ws.close()
        shutil.rmtree(folder, ignore_errors=True)


# --- the algebra of merge ---------------------------------------------------------------------


def diverge(laptops: list[Workspace]) -> None:
    """Each laptop adds its own entries, and all three edit one shared entry offline."""
    shared = laptops[0].put("sea", sea("Shared entry on CR-104233")).record
    converge(laptops)
    for i, ws in enumerate(laptops):
        ws.write([Change("sea", sea(f"Laptop {i} entry {n} on CR-20{n:04d}")) for n in range(3)])
        ws.write([Change("sea", sea(f"Laptop {i} view of the shared entry"), record=shared)])


def closed_homes(laptops: list[Workspace]) -> list[Path]:
    homes = [ws.home for ws in laptops]
    for ws in laptops:
        ws.close()
    return homes


def fresh_copy(home: Path, dest: Path) -> Workspace:
    shutil.copytree(home, dest)
    return Workspace.open(dest, PASSPHRASE)


def bundles_of(homes: list[Path], scratch: Path) -> list[bytes]:
    out = []
    for n, home in enumerate(homes):
        ws = fresh_copy(home, scratch / f"export{n}")
        out.append(export_bundle(ws)[0])
        ws.close()
    return out


def test_merge_is_commutative(laptops: list[Workspace], tmp_path: Path) -> None:
    diverge(laptops)
    homes = closed_homes(laptops)
    bundles = bundles_of(homes, tmp_path)
    results = set()
    for n, order in enumerate(itertools.permutations(range(3))):
        ws = fresh_copy(homes[1], tmp_path / f"perm{n}")
        for i in order:
            import_bundle(ws, bundles[i])
        view = state(ws)
        results.add((view[0], tuple(sorted(view[1].items())), tuple(sorted(view[2].items()))))
        assert ws.conflict_count() == 1
        ws.close()
    assert len(results) == 1


def test_merge_is_associative(laptops: list[Workspace], tmp_path: Path) -> None:
    diverge(laptops)
    homes = closed_homes(laptops)
    a, b, c = bundles_of(homes, tmp_path)

    def merged(into: Path, *parts: bytes, name: str) -> Workspace:
        ws = fresh_copy(into, tmp_path / name)
        for part in parts:
            import_bundle(ws, part)
        return ws

    ab_ws = merged(homes[1], a, name="ab")  # laptop 1 already holds B
    ab = export_bundle(ab_ws)[0]
    bc_ws = merged(homes[2], b, name="bc")  # laptop 2 already holds C
    bc = export_bundle(bc_ws)[0]
    left = merged(homes[0], ab, c, name="left")  # (A ∪ B) ∪ C, seen from laptop 0
    right = merged(homes[0], a, bc, name="right")  # A ∪ (B ∪ C)
    assert state(left) == state(right)
    assert left.version_count() == right.version_count() > ab_ws.version_count()
    for ws in (ab_ws, bc_ws, left, right):
        ws.close()


def test_merge_is_idempotent_and_replays_add_nothing(laptops: list[Workspace], tmp_path: Path) -> None:
    from sync.folder import sync_folder

    a, b = laptops[0], laptops[1]
    a.write([Change("sea", sea(f"Entry {n} on CR-50{n:04d}")) for n in range(5)])
    data = export_bundle(a)[0]
    first = import_bundle(b, data)
    assert first.new == 5
    before = (b.state_digest(), b.version_count())
    again = import_bundle(b, data)
    assert (again.new, again.pending, again.conflicts_created) == (0, 0, 0) and again.present == first.new + first.present
    assert (b.state_digest(), b.version_count()) == before
    # The same bundle under another name in a shared folder is still only a replay.
    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "renamed-copy.fwbundle").write_bytes(data)
    (folder / "another-name.fwbundle").write_bytes(data)
    report = sync_folder(b, folder)
    assert [r.new for _, r in report.imported] == [0, 0] and not report.refused
    assert (b.state_digest(), b.version_count()) == before


# --- conflicts, visible until resolved --------------------------------------------------------


def test_two_offline_edits_of_one_sea_entry_make_one_conflict_with_both_texts(laptops: list[Workspace]) -> None:
    a, b, c = laptops
    entry = a.put("sea", sea("Referrals are screened within a day")).record
    converge(laptops)
    mine = a.write([Change("sea", sea("Referrals are screened promptly and thresholds are understood"), record=entry)])[0]
    theirs = b.write([Change("sea", sea("Thresholds are applied inconsistently at the front door"), record=entry)])[0]
    first = exchange(a, b)
    assert first.conflicts_created == 1
    exchange(b, a)
    for ws in (a, b):
        conflicts = ws.conflicts()
        assert len(conflicts) == 1
        conflict = conflicts[0]
        assert conflict.record == entry and conflict.differing == ("text",)
        texts = {h.payload["text"] for h in conflict.heads}
        assert texts == {
            "Referrals are screened promptly and thresholds are understood",
            "Thresholds are applied inconsistently at the front door",
        }
        assert {h.version for h in conflict.heads} == {mine.id, theirs.id}
    assert conflict_view(a) == conflict_view(b)
    # Meanwhile one deterministic winner is shown everywhere, never silently merged.
    assert a.get(entry).version == b.get(entry).version  # type: ignore[union-attr]

    # Resolving on one laptop, then one more round of sync: no laptop has a conflict.
    resolution = b.resolve(entry, keep=mine.id[:8])
    assert set(resolution.parents) == {mine.id, theirs.id}
    converge(laptops)
    assert_converged(laptops)
    for ws in laptops:
        assert ws.conflict_count() == 0
        assert ws.get(entry).payload["text"] == "Referrals are screened promptly and thresholds are understood"  # type: ignore[union-attr]


def test_an_edit_racing_a_deletion_is_a_conflict(laptops: list[Workspace]) -> None:
    a, b, _ = laptops
    entry = a.put("sea", sea("Strategy meetings are timely")).record
    converge(laptops)
    a.delete(entry)
    b.write([Change("sea", sea("Strategy meetings are timely and well attended"), record=entry)])
    converge(laptops)
    assert_converged(laptops)
    (conflict,) = a.conflicts()
    assert sorted(h.op for h in conflict.heads) == ["delete", "put"] and conflict.differing[0] == "(deleted)"


# --- pending versions ---------------------------------------------------------------------------


def test_a_version_before_its_parent_is_held_pending_then_applied(laptops: list[Workspace], tmp_path: Path) -> None:
    a, b, c = laptops
    first = a.put("sea", sea("Early help offer is clear"))
    second = a.write([Change("sea", sea("Early help offer is clear and used"), record=first.record)])[0]
    third = a.write([Change("sea", sea("Early help offer is clear, used and reviewed"), record=first.record)])[0]

    def only(*versions: Version) -> bytes:
        return export_bundle(a, list(versions))[0]

    got = import_bundle(b, only(third))
    assert (got.new, got.pending) == (1, 1) and b.get(first.record) is None
    # Held across a restart, not dropped.
    home = b.home
    b.close()
    b = laptops[1] = Workspace.open(home, PASSPHRASE)
    got = import_bundle(b, only(second))
    assert (got.new, got.pending) == (1, 2)
    # A pending version travels on in my bundle, and waits at the next laptop too.
    forwarded = exchange(b, c)
    assert forwarded.pending == 2
    got = import_bundle(b, only(first))
    assert (got.new, got.applied_from_pending, got.pending) == (1, 2, 0)
    assert b.get(first.record).version == third.id  # type: ignore[union-attr]
    exchange(b, c)
    assert_converged(laptops)


# --- skewed clocks ----------------------------------------------------------------------------


def test_laptops_whose_clocks_differ_by_days_agree_on_digest_and_winners(laptops: list[Workspace]) -> None:
    a, b, c = laptops
    now = wall_ms()
    a.clock = HybridClock(now=lambda: now + 3 * DAY_MS)  # three days fast
    b.clock = HybridClock(now=lambda: now - 5 * DAY_MS)  # five days slow
    c.clock = HybridClock(now=lambda: now)
    entry = a.put("sea", sea("Return home interviews are offered")).record
    converge(laptops)
    a.write([Change("sea", sea("Return home interviews are offered but rarely taken up"), record=entry)])
    # The slow laptop edits twice: the longer history wins, whatever the wall clocks say.
    b.write([Change("sea", sea("Return home interviews are offered within 72 hours"), record=entry)])
    longest = b.write([Change("sea", sea("Return home interviews are offered within 72 hours and recorded"), record=entry)])[0]
    c.write([Change("sea", sea(f"Entry {n} on CR-60{n:04d}")) for n in range(3)])
    exchange(c, b)
    exchange(a, c)
    exchange(b, a)
    converge(laptops)
    assert_converged(laptops)
    for ws in laptops:
        assert ws.get(entry).version == longest.id  # type: ignore[union-attr]
        assert len(ws.conflicts()) == 1
    # Having seen the fast laptop's stamps, the slow one never issues a lower stamp.
    seen = max(v.clock for v in a.log.for_record(entry))
    assert b.put("sea", sea("After the meeting")).clock > seen
