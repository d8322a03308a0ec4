"""One schema per record kind (fieldwork/schemas.py): every payload the project writes passes, and
a payload of the wrong shape is refused with a plain reason naming the field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from fieldwork import authority, schemas
from store.audit_demo import build_audit_demo
from store.demo import build_demo


def _demo_payloads(tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for n, builder in enumerate((build_demo, build_audit_demo)):
        ws = builder(tmp_path / f"demo{n}")
        try:
            read = ws._payload_reader()  # noqa: SLF001 - the test reads every version's payload
            for v in ws.all_versions():
                if v.op == "put":
                    out.setdefault(v.kind, []).append(read(v))
        finally:
            ws.close()
    return out


@pytest.fixture(scope="module")
def demo_payloads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    import os

    os.environ["FIELDWORK_KDF"] = "fast"
    return _demo_payloads(tmp_path_factory.mktemp("demos"))


def test_every_schema_is_of_a_kind_with_a_rule_and_every_kind_written_has_one(
    demo_payloads: dict[str, list[dict[str, Any]]],
) -> None:
    assert set(schemas.SCHEMAS) <= set(authority.RULES)
    assert set(demo_payloads) <= set(schemas.SCHEMAS)
    # The kinds the demos never write are the ones only a lead's particular step writes.
    assert {"criterion", "sufficiency", "letter-summary", "letter-details", "revocation"} <= set(schemas.SCHEMAS)


def test_every_payload_the_demos_write_passes(demo_payloads: dict[str, list[dict[str, Any]]]) -> None:
    assert len(demo_payloads) >= 15
    for kind, payloads in demo_payloads.items():
        for p in payloads:
            assert schemas.problem(kind, "put", p) is None, (kind, schemas.problem(kind, "put", p))


def wrong_value(value: Any) -> Any:
    """A value of another type than `value`: what a hostile or broken writer would send."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int):
        return "soon"
    if isinstance(value, str):
        return 5
    if isinstance(value, list):
        return [5] if value else "not a list"
    if isinstance(value, dict):
        return ["not", "a", "mapping"]
    return {"a": 1}


def test_a_wrong_type_in_any_named_field_is_refused(demo_payloads: dict[str, list[dict[str, Any]]]) -> None:
    tried = 0
    for kind, payloads in demo_payloads.items():
        schema = schemas.SCHEMAS[kind]
        for name in schema.fields:
            sample = next((p for p in payloads if name in p), None)
            if sample is None:
                continue
            bad = {**copy.deepcopy(sample), name: wrong_value(sample[name])}
            why = schemas.problem(kind, "put", bad)
            assert why is not None and f"'{name}'" in why, (kind, name, bad[name])
            tried += 1
    assert tried > 150


def test_the_issues_own_examples_are_refused() -> None:
    entry = {"criteria": [5], "judgement": "strength", "evidence_at": "2026-11-24", "text": "x"}
    assert schemas.problem("sea", "put", entry) == "its sea record's 'criteria' is not a list of text"
    concern = {"case_refs": ["CR-104233"], "state": "raised", "response_due": "soon"}
    assert schemas.problem("concern", "put", concern) == "its concern record's 'response_due' is not a date (YYYY-MM-DD)"
    assert schemas.problem("inspection", "put", {}) == "its inspection record has no 'area'"
    assert schemas.problem("criterion", "put", {}) == "its criterion record has no 'code'"
    assert schemas.problem("child", "put", {}) == "its child record has no 'case_ref'"


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("sea", "judgement", "excellent"),
        ("sea", "source_type", "rumour"),
        ("child", "stage", "adopted"),
        ("child", "age_band", "100+"),
        ("concern", "state", "closed"),
        ("concern", "category", 3),
        ("finding", "type", "opinion"),
        ("plan-activity", "observes", "party"),
        ("meeting", "type", "lunch"),
        ("action", "state", "forgotten"),
        ("inspector", "role", "boss"),
        ("inspection", "mode", "holiday"),
        ("sea", "evidence_at", "2026-02-30"),
        ("sea", "evidence_at", "20261124"),
        ("plan-activity", "start", "25:00"),
        ("activity", "month", "2026-13"),
    ],
)
def test_unknown_values_and_impossible_dates_are_refused(
    demo_payloads: dict[str, list[dict[str, Any]]], kind: str, field: str, value: Any
) -> None:
    sample = next(p for p in demo_payloads[kind] if field in p)
    why = schemas.problem(kind, "put", {**sample, field: value})
    assert why is not None and f"'{field}'" in why


def test_a_newer_fieldworks_extra_fields_are_kept(demo_payloads: dict[str, list[dict[str, Any]]]) -> None:
    for kind, payloads in demo_payloads.items():
        assert schemas.problem(kind, "put", {**payloads[0], "added_by_a_newer_fieldwork": {"any": [1, 2]}}) is None


def test_a_kind_with_no_schema_is_checked_as_a_record_only() -> None:
    assert schemas.problem("late-kind", "put", {"label": 5}) is None
    assert schemas.problem("late-kind", "put", [1, 2]) == "its late-kind record is not a record"


def test_deletions_carry_nothing() -> None:
    assert schemas.problem("sea", "delete", {}) is None
    assert schemas.problem("sea", "delete", {"text": "x"}) == "a deletion carries no record"


def test_huge_and_deeply_nested_payloads_are_refused() -> None:
    entry = {"criteria": ["ESN 07"], "judgement": "strength", "evidence_at": "2026-11-24", "text": "x"}
    assert schemas.problem("sea", "put", {**entry, "text": "x" * (schemas.MAX_TEXT + 1)}) is not None
    # Unknown keys are allowed, but not to carry megabytes or to nest without end.
    assert schemas.problem("sea", "put", {**entry, "extra": ["y" * 1000] * 3000}) == "its record is too large"
    deep: Any = "x"
    for _ in range(5000):
        deep = [deep]
    assert schemas.problem("sea", "put", {**entry, "extra": deep}) == "its record is nested too deeply"
    assert schemas.problem("late-kind", "put", {"extra": deep}) == "its record is nested too deeply"
    assert schemas.problem("sea", "put", {**entry, "criteria": ["ESN 07"] * (schemas.MAX_ITEMS + 1)}) is not None
