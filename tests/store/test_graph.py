"""Heads and the deterministic winner: longest history, then highest id; never the clock."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.graph import Meta, record_state, states


def m(vid: str, parents: tuple[str, ...] = (), clock: str = "000000000000001-000000", op: str = "put") -> Meta:
    return Meta(vid, "r", "sea", parents, clock, "a", op)


def test_single_chain_has_one_head() -> None:
    s = record_state("r", [m("1"), m("2", ("1",)), m("3", ("2",))])
    assert s.heads == ("3",) and not s.conflicted and s.root == "1" and s.versions == 3


def test_two_heads_are_a_conflict_and_the_longer_history_wins() -> None:
    # "b" is higher than "c2" but has a shorter history: history length decides first.
    s = record_state("r", [m("a"), m("b", ("a",)), m("c1", ("a",)), m("c2", ("c1",))])
    assert s.conflicted
    assert s.winner == "c2"
    assert set(s.heads) == {"b", "c2"}


def test_equal_histories_fall_back_to_the_highest_id_not_the_clock() -> None:
    s = record_state("r", [m("a"), m("x", ("a",), clock="999999999999999-000000"), m("y", ("a",), clock="000000000000002-000000")])
    assert s.winner == "y"


def test_an_edit_racing_a_deletion_is_a_conflict() -> None:
    s = record_state("r", [m("a"), m("d", ("a",), op="delete"), m("e", ("a",))])
    assert s.conflicted and set(s.heads) == {"d", "e"}


def test_a_merge_version_resolves_the_conflict() -> None:
    s = record_state("r", [m("a"), m("b", ("a",)), m("c", ("a",)), m("z", ("b", "c"))])
    assert s.heads == ("z",)


def test_states_groups_by_record() -> None:
    metas = [Meta("1", "r1", "child", (), "c", "a", "put"), Meta("2", "r2", "sea", (), "c", "a", "put")]
    assert set(states(metas)) == {"r1", "r2"}


def _reference(record: str, metas: list[Meta]) -> tuple[str, tuple[str, ...], str, str]:
    """The rule written as plainly as it reads: every head ordered by history length, then id."""
    by_id = {m.id: m for m in metas}

    def depth(vid: str) -> int:
        return 1 + max((depth(p) for p in by_id[vid].parents if p in by_id), default=0)

    referenced = {p for m in metas for p in m.parents}
    heads = tuple(sorted((m.id for m in metas if m.id not in referenced), key=lambda v: (depth(v), v), reverse=True))
    roots = sorted((m for m in metas if not m.parents), key=lambda m: (m.clock, m.id))
    return by_id[heads[0]].kind, heads, heads[0], roots[0].id if roots else heads[-1]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_heads_winner_and_root_match_the_rule_on_any_history(data: st.DataObject) -> None:
    """Any history: chains, forks, merges of forks, several roots, single versions."""
    count = data.draw(st.integers(1, 9))
    metas: list[Meta] = []
    for i in range(count):
        parents = data.draw(st.sets(st.sampled_from([m.id for m in metas]), max_size=2)) if metas else set()
        clock = f"{data.draw(st.integers(0, 3)):015d}-000000"
        metas.append(Meta(f"{data.draw(st.integers(0, 99)):02d}{i}", "r", f"kind{i % 2}", tuple(sorted(parents)), clock, "a", "put"))
    s = record_state("r", metas)
    assert (s.kind, s.heads, s.winner, s.root) == _reference("r", metas)
    assert s.versions == count and s.conflicted == (len(s.heads) > 1)
