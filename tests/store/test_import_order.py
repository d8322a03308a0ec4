"""The order an import applies versions in: parents always first, whatever order they arrived in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.versions import Version
from store.workspace import _parents_first


def _version(vid: str, parents: tuple[str, ...]) -> Version:
    return Version(vid, b"", b"", "i", "r", "sea", parents, "c", "d", "a", "put", b"", b"")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_every_parent_is_applied_before_its_children_and_only_orphans_wait(data: st.DataObject) -> None:
    count = data.draw(st.integers(0, 12))
    ids = [f"v{i}" for i in range(count)]
    # Parents among earlier versions, or ones nobody has (never arrived), or ones already held.
    pool = st.sampled_from(["held-1", "held-2", "missing-1", "missing-2"])
    versions = [
        _version(vid, tuple(sorted(data.draw(st.sets(st.one_of(pool, st.sampled_from(ids[:i])) if i else pool, max_size=3)))))
        for i, vid in enumerate(ids)
    ]
    arrived = data.draw(st.permutations(versions))
    held = {"held-1", "held-2"}
    applied, waiting = _parents_first(list(arrived), held)

    def blocked(v: Version) -> bool:
        by_id = {x.id: x for x in versions}
        return any(p.startswith("missing") or (p in by_id and blocked(by_id[p])) for p in v.parents)

    assert sorted(v.id for v in waiting) == sorted(v.id for v in versions if blocked(v))
    assert sorted(v.id for v in applied) == sorted(v.id for v in versions if not blocked(v))
    seen = set(held)
    for v in applied:
        assert set(v.parents) <= seen
        seen.add(v.id)


def test_a_bundle_in_parents_first_order_is_applied_in_that_order() -> None:
    chain = [_version("a", ()), _version("b", ("a",)), _version("c", ("b",)), _version("d", ("a",))]
    assert _parents_first(chain, set()) == (chain, [])
    applied, waiting = _parents_first(list(reversed(chain)), set())
    assert [v.id for v in applied] == ["a", "b", "c", "d"] and waiting == []
