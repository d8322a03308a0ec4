"""Schema.fault is compiled (fieldwork/schemas.py): each check's quick test inline, the check
itself called only when the quick test fails. These tests hold it to its definition,
Schema.reference_fault, on every kind, for values at and across every limit."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldwork import schemas

LIMITS = (40, 100, 200, 1000, 2000, schemas.MAX_TEXT)
TEXTS = [*("x" * n for limit in LIMITS for n in (limit, limit + 1)), "", "2026-11-24", "2026-02-30", "2026-11-24T10:31", "2026-11-24T25:00", "10:30", "24:00", "2026-11", "AB 01"]
ENUMS = sorted({v for s in schemas.SCHEMAS.values() for c in s.fields.values() for v in (getattr(c, "accepts", (None, {}))[1].get("ALLOWED") or ())})


class Str(str):
    """A str that is not exactly str: the quick tests read `type(v) is str` and must leave it to the check."""


scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 200_000),
    st.floats(allow_nan=False),
    st.sampled_from(TEXTS + ENUMS),
    st.text(max_size=12),
    st.builds(Str, st.sampled_from(ENUMS + ["2026-11-24"])),
)
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=8)
long_lists = st.sampled_from([["x"] * n for n in (200, 201, 500, 501, schemas.MAX_ITEMS, schemas.MAX_ITEMS + 1)])


@st.composite
def payloads(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    kind = draw(st.sampled_from(sorted(schemas.SCHEMAS)))
    fields = list(schemas.SCHEMAS[kind].fields)
    chosen = draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields)))
    payload = {name: draw(st.one_of(value, long_lists)) for name in chosen}
    return kind, payload


@settings(max_examples=3000, deadline=None)
@given(payloads())
def test_the_compiled_fault_is_the_reference_fault(case: tuple[str, dict[str, Any]]) -> None:
    kind, payload = case
    schema = schemas.SCHEMAS[kind]
    assert schema.fault(payload) == schema.reference_fault(payload)


def test_every_quick_test_accepts_only_what_its_check_accepts() -> None:
    samples: list[Any] = [*TEXTS, *ENUMS, *(Str(e) for e in ENUMS), None, True, False, 0, 1, 1.5, [], [5], ["x"], ["x" * 201], {}, {"a": 1}]
    samples += [[t] for t in TEXTS] + [["x"] * n for n in (200, 201, 500, 501)]
    checked = 0
    for schema in schemas.SCHEMAS.values():
        for name, check in schema.fields.items():
            quick = getattr(check, "accepts", None)
            if quick is None:
                continue
            expression, constants = quick
            for v in samples:
                if eval(expression, {**constants}, {"v": v}):  # noqa: S307 - the schema's own expression
                    assert check(v) is None, (name, expression, v)
                    checked += 1
    assert checked > 500


def test_each_field_is_compiled_with_its_quick_test() -> None:
    """Most fields take the quick path: otherwise compiling gains nothing."""
    sea = schemas.SCHEMAS["sea"]
    assert sum(1 for c in sea.fields.values() if getattr(c, "accepts", None) or c is schemas.flag) == len(sea.fields)


def test_dates_are_judged_the_same_the_first_time_and_after() -> None:
    check = schemas.day()
    assert check("2026-02-30") == check("2026-02-30") == "a date (YYYY-MM-DD)"
    assert check("2026-11-24") is None and check("2026-11-24") is None
