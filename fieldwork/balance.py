"""The balance of the tracked and sampled groups of children (JTAI guidance para 54).

Para 54 asks that the children inspectors track and sample be adjusted to balance age, gender,
disability and ethnicity and the stage of involvement with public services, and that the tracked
group include at least one child the National Probation Service or a community rehabilitation
company has been involved with, where possible. Paras 21 and 55 put the tracked group at five to
seven children. This module counts and warns; choosing the children stays with the lead.

Pure: it takes child payloads (dicts with the fields of `records.child_payload`) and returns
counts and plain-English warnings, so the Children screen, the CLI and tests share one rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from fieldwork import records as rec

__all__ = ["ATTRIBUTES", "GroupBalance", "TRACKED_MIN", "TRACKED_MAX", "balance", "group_balance"]

TRACKED_MIN = 5
TRACKED_MAX = 7

# (payload field, what the screen calls it, its vocabulary in display order). An empty or unknown
# value is counted as "not-recorded" so that a gap in the list shows rather than vanishing.
ATTRIBUTES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("age_band", "Age", rec.AGE_BANDS),
    ("gender", "Gender", rec.GENDERS),
    ("disability", "Disability", rec.DISABILITY),
    ("ethnicity", "Ethnicity", rec.ETHNICITIES),
    ("involvement", "Involvement", rec.INVOLVEMENT),
)

NOT_RECORDED = "not-recorded"

# A uniform group only says something once there are a few children in it.
_UNIFORM_FROM = 3
# An unborn child has no gender or disability to record: counted as not recorded, never warned of.
_NOT_YET = {"gender", "disability"}


@dataclass(frozen=True)
class GroupBalance:
    stage: str
    size: int
    # attribute field -> [(value, count)] in vocabulary order, only values that occur;
    # "not-recorded" last when present.
    counts: dict[str, list[tuple[str, int]]]
    probation: int
    warnings: tuple[str, ...]

    def count(self, field: str, value: str) -> int:
        return dict(self.counts.get(field, [])).get(value, 0)


def _value(child: Mapping[str, Any], field: str, vocabulary: tuple[str, ...]) -> str:
    value = str(child.get(field) or "")
    return value if value in vocabulary and value != NOT_RECORDED else NOT_RECORDED


def group_balance(children: Iterable[Mapping[str, Any]], stage: str) -> GroupBalance:
    """Counts and warnings for the children at `stage` ("tracked" or "sampled")."""
    group = [c for c in children if c.get("stage") == stage]
    size = len(group)
    counts: dict[str, list[tuple[str, int]]] = {}
    warnings: list[str] = []
    noun = "tracked" if stage == "tracked" else "sampled"

    if stage == "tracked" and size == 0:
        warnings.append(f"No child is tracked yet: paras 21 and 55 ask for {TRACKED_MIN} to {TRACKED_MAX}, chosen by day 2.")
    elif stage == "tracked" and not TRACKED_MIN <= size <= TRACKED_MAX:
        warnings.append(
            f"{size} {'child is' if size == 1 else 'children are'} tracked: "
            f"paras 21 and 55 ask for {TRACKED_MIN} to {TRACKED_MAX}."
        )
    probation = sum(1 for c in group if c.get("probation") is True)
    if stage == "tracked" and size and probation == 0:
        warnings.append(
            "No tracked child has National Probation Service or CRC involvement: "
            "para 54 asks for at least one, where possible."
        )

    for field, label, vocabulary in ATTRIBUTES:
        tally: dict[str, int] = {}
        for child in group:
            value = _value(child, field, vocabulary)
            tally[value] = tally.get(value, 0) + 1
        order = [v for v in vocabulary if v != NOT_RECORDED] + [NOT_RECORDED]
        counts[field] = [(v, tally[v]) for v in order if v in tally]
        missing = sum(
            1
            for child in group
            if _value(child, field, vocabulary) == NOT_RECORDED
            and not (field in _NOT_YET and child.get("age_band") == "unborn")
        )
        recorded = {v: n for v, n in tally.items() if v != NOT_RECORDED}
        if missing:
            warnings.append(f"{label}: not recorded for {missing} of the {size} {noun} children.")
        elif size >= _UNIFORM_FROM and len(recorded) == 1:
            (only,) = recorded
            warnings.append(
                f"{label}: all {size} {noun} children are {only}; para 54 asks for a balance."
            )
    return GroupBalance(stage=stage, size=size, counts=counts, probation=probation, warnings=tuple(warnings))


def balance(children: Iterable[Mapping[str, Any]]) -> dict[str, GroupBalance]:
    """The tracked and the sampled groups' balance, keyed by stage."""
    items = list(children)
    return {stage: group_balance(items, stage) for stage in ("tracked", "sampled")}
