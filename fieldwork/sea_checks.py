"""All the live checks on an SEA entry in one place, shared by the editor and `sea add`/`sea edit`.

- a possible personal name (para 80): blocking until the inspector confirms it is not a name;
- descriptive rather than evaluative (para 77);
- late: recorded more than two working days after the evidence was gathered (para 78);
- missing source detail or evidence date (para 75).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from fieldwork.checks import Flag, check_evaluative, check_names
from fieldwork.errors import ValidationError
from fieldwork.records import when_date
from fieldwork.workdays import WorkingCalendar, is_late


def check_sea(
    payload: Mapping[str, Any],
    *,
    calendar: WorkingCalendar,
    allow: Iterable[str] = (),
) -> list[Flag]:
    text = str(payload.get("text") or "")
    flags: list[Flag] = []
    if text:
        flags.extend(check_names(text, allow))
        flags.extend(check_evaluative(text))
    evidence_at = payload.get("evidence_at")
    recorded_at = payload.get("recorded_at")
    if not evidence_at:
        flags.append(
            Flag(kind="missing-date", message="No evidence date: record when the evidence was gathered (para 75).", start=None, end=None, word=None, blocking=False)
        )
    elif recorded_at and is_late(when_date(evidence_at), when_date(recorded_at), calendar):
        flags.append(
            Flag(
                kind="late",
                message="Recorded more than two working days after the evidence was gathered (para 78).",
                start=None,
                end=None,
                word=None,
                blocking=False,
            )
        )
    if not payload.get("source_type") or not str(payload.get("source_detail") or "").strip():
        flags.append(
            Flag(
                kind="missing-source",
                message="No source detail: name the job title or document the evidence came from (para 75).",
                start=None,
                end=None,
                word=None,
                blocking=False,
            )
        )
    return flags


def blocking_names(flags: Iterable[Flag]) -> list[str]:
    return [f.word or "" for f in flags if f.kind == "name"]


def refuse_unconfirmed_names(flags: Iterable[Flag], confirmed: bool) -> None:
    """Para 80: a likely personal name is refused, naming the word, unless the author confirmed
    it is not a name. One rule and one wording for SEA entries, findings, audit notes and criteria."""
    words = blocking_names(flags)
    if words and not confirmed:
        quoted = ", ".join(f"'{w}'" for w in words)
        raise ValidationError(
            f"Possible personal name {quoted} in the text: use case references, initials and job titles "
            "instead (para 80), or confirm it is not a name with --confirm-no-names. Nothing was saved."
        )


def guard_texts(texts: Iterable[str], confirmed: bool) -> bool:
    """Check free texts for names and refuse as above; True when a flagged text is being saved on
    the author's confirmation (so the record can say so)."""
    flags = [flag for text in texts for flag in check_names(text)]
    refuse_unconfirmed_names(flags, confirmed)
    return bool(blocking_names(flags))
