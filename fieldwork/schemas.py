"""What a record of each kind must look like: checked before any version is applied.

A version can be signed by a certified member and still be unusable: a field of the wrong type, a
date that is not a date, an unknown state. Applied, such a version used to stop every verb and
screen on every laptop that synced it. So every payload is checked here first, on local write, on
import (a failure is quarantined with its reason, like a forgery) and, for what is shown, on open.

The answer depends only on the version itself, so every laptop refuses the same ones.

Each schema is exactly as strict as Fieldwork's own writers (fieldwork/records.py and the payload
builders beside it): a field they always write is required, a field present must have their type,
enumerations and dates, and nothing more. Keys a schema does not name are allowed, so a version
written by a newer Fieldwork with an extra field still stands. A kind with no schema is checked as
a dict only. Text a writer cleans to a limit is checked against that limit, with room for a newer
writer's longer one; a whole payload is bounded too, so one version cannot fill a laptop's memory.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Mapping

from fieldwork import activities, concerns, findings, frameworks, meetings, plan, records, voice
from fieldwork.evaluations import MATCHES

# Every text any writer produces is far below these (the longest, an SEA entry's, is cleaned to
# 20,000 characters); what is above them can only be a broken or hostile writer.
MAX_TEXT = 50_000
MAX_ITEMS = 5_000
MAX_DEPTH = 8
# The whole payload, counted as characters of text plus one per value: the largest the project
# writes (a team meeting's headlines quoting a day's SEA entries) stays well below it.
MAX_PAYLOAD = 2_000_000


# --- field checks ---------------------------------------------------------------------------------
# A check returns None when the value is acceptable, or what it should have been, in a few words.

Check = Callable[[Any], "str | None"]


def _accepts(check: Check, expression: str, **constants: Any) -> Check:
    """Give `check` a quick test, a Python expression over `v`, that is true only of values the
    check accepts. Schema.fault inlines it and calls the check only when it is false, so the check
    alone still decides, and words, every refusal (tests/fieldwork/test_schema_compiled.py)."""
    check.accepts = (expression, constants)  # type: ignore[attr-defined]
    return check


def text(limit: int = MAX_TEXT) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "text"
        return None if len(value) <= limit else f"at most {limit} characters"

    check.text_limit = limit  # type: ignore[attr-defined]
    return _accepts(check, "type(v) is str and len(v) <= LIMIT", LIMIT=limit)


def one_of(values: Any, *, empty: bool = False) -> Check:
    allowed = frozenset(values) | ({""} if empty else frozenset())
    shown = ", ".join(sorted(str(v) for v in allowed if v != ""))

    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and value in allowed else f"one of {shown}"

    return _accepts(check, "type(v) is str and v in ALLOWED", ALLOWED=allowed)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch
_WHEN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?([+-][0-9]{2}:[0-9]{2}|Z)?)?").fullmatch
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])").fullmatch
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]").fullmatch


def _parsed(matches: Callable[[str], Any], parse: Callable[[str], Any], should: str, empty: bool) -> Check:
    """Text of a fixed form that also parses (a form alone lets 2026-02-30 through)."""
    # Dates repeat across thousands of records (a day of entries shares one evidence date):
    # one that parsed once is known good, so a merge parses each only once.
    seen: set[str] = set()

    def check(value: Any) -> str | None:
        if empty and value == "":
            return None
        if isinstance(value, str) and matches(value):
            try:
                parse(value)
            except ValueError:
                return should
            if len(seen) < 20_000:
                seen.add(value)
            return None
        return should

    return _accepts(check, "type(v) is str and v in SEEN", SEEN=seen)


def day(*, empty: bool = False) -> Check:
    """A calendar day as the writers keep it: YYYY-MM-DD (or "" for a step not yet taken)."""
    return _parsed(_DAY, date.fromisoformat, "a date (YYYY-MM-DD)", empty)


def when(*, empty: bool = False) -> Check:
    """A day, or a day and a time (YYYY-MM-DDTHH:MM, perhaps with seconds and an offset)."""
    return _parsed(_WHEN, lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")), "a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)", empty)


def month(value: Any) -> str | None:
    return None if isinstance(value, str) and _MONTH(value) else "a month (YYYY-MM)"


def clock_time(*, empty: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if empty and value == "":
            return None
        return None if isinstance(value, str) and _TIME(value) else "a time (HH:MM)"

    return check


_CRITERION_CODE = re.compile(r"[A-Z]{1,8} [0-9]{1,4}").fullmatch


def criterion_code(value: Any) -> str | None:
    """An added criterion's code as store/criteria.py makes it: the adder's letters and a number."""
    return None if isinstance(value, str) and _CRITERION_CODE(value) else "letters and a number, like 'AB 01'"


@functools.lru_cache(maxsize=1)
def _shipped_strands() -> frozenset[str]:
    return frozenset(s.id for pack in frameworks.shipped_packs() for s in pack.strands)


def shipped_strand(value: Any) -> str | None:
    """A strand some shipped pack declares: the same set on every laptop of this version, so an
    added criterion naming any other (which no framework could hold) is refused everywhere."""
    return None if isinstance(value, str) and value in _shipped_strands() else "a strand of a framework pack"


def flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false"


_accepts_flag = "v is True or v is False"


def integer(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"a whole number from {low} to {high}"

    return check


def optional(inner: Check) -> Check:
    def check(value: Any) -> str | None:
        return None if value is None else inner(value)

    return check


def either(*checks: Check) -> Check:
    def check(value: Any) -> str | None:
        whys = [c(value) for c in checks]
        return None if any(w is None for w in whys) else " or ".join(w for w in whys if w)

    return check


def list_of(item: Check, *, limit: int = MAX_ITEMS) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "a list"
        if len(value) > limit:
            return f"a list of at most {limit} items"
        for x in value:
            why = item(x)
            if why:
                return f"a list of {why}"
        return None

    if hasattr(item, "text_limit"):  # a list of text, the usual list: checked inline
        return _accepts(
            check, "type(v) is list and len(v) <= ITEMS and all(type(x) is str and len(x) <= LIMIT for x in v)", ITEMS=limit, LIMIT=item.text_limit
        )
    return check


def texts(limit: int = MAX_TEXT, *, items: int = MAX_ITEMS) -> Check:
    return list_of(text(limit), limit=items)


def mapping(value_check: Check | None = None) -> Check:
    """A dict with text keys (values checked when `value_check` is given)."""

    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return "a set of named values"
        for k, v in value.items():
            if not isinstance(k, str):
                return "a set of named values"
            if value_check is not None and (why := value_check(v)):
                return f"a set of named values, each {why}"
        return None

    return check


def shaped(fields: Mapping[str, Check], required: tuple[str, ...] = ()) -> Check:
    """A dict inside a payload (a meeting's action, a concern's evaluation): named fields checked."""
    inner = Schema(dict(fields), required)

    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return "a set of named values"
        found = inner.fault(value)
        return None if found is None else f"with {found[0]} {found[1]}"

    return check


@dataclass(frozen=True)
class Schema:
    fields: dict[str, Check]
    required: tuple[str, ...] = ()

    def fault(self, payload: Mapping[str, Any]) -> tuple[str, str] | None:
        """(field, what it should be) for the first field that is wrong; None if all are right.

        Exactly `reference_fault`, compiled once into one function with each check's quick test
        inline: a merge checks 24,000 payloads, and a call a field was most of the cost."""
        return self._compiled(payload)

    def reference_fault(self, payload: Mapping[str, Any]) -> tuple[str, str] | None:
        """The definition `fault` is compiled from, field by field."""
        for name in self.required:
            if name not in payload:
                return name, "present"
        for name, check in self.fields.items():
            if name in payload:
                why = check(payload[name])
                if why:
                    return name, why
        return None

    @functools.cached_property
    def _compiled(self) -> Callable[[Mapping[str, Any]], "tuple[str, str] | None"]:
        return _compile(self)


_MISSING = object()


def _compile(schema: Schema) -> Callable[[Mapping[str, Any]], "tuple[str, str] | None"]:
    """One function for the schema: the same checks in the same order as reference_fault."""
    scope: dict[str, Any] = {"MISSING": _MISSING}
    lines = ["def fault(p):"]
    for name in schema.required:
        lines.append(f"    if {name!r} not in p: return ({name!r}, 'present')")
    for i, (name, check) in enumerate(schema.fields.items()):
        scope[f"check_{i}"] = check
        lines.append(f"    v = p.get({name!r}, MISSING)")
        quick = getattr(check, "accepts", None)
        if quick is None and check is flag:
            quick = (_accepts_flag, {})
        if quick is None:
            lines.append("    if v is not MISSING:")
        else:
            expression, constants = quick
            for constant, value in constants.items():
                scope[f"{constant}_{i}"] = value
                expression = re.sub(rf"\b{constant}\b", f"{constant}_{i}", expression)
            lines.append(f"    if v is not MISSING and not ({expression}):")
        lines.append(f"        why = check_{i}(v)")
        lines.append(f"        if why: return ({name!r}, why)")
    lines.append("    return None")
    exec("\n".join(lines), scope)  # noqa: S102 - source built above from the schema's own field names
    return scope["fault"]  # type: ignore[no-any-return]


# --- the kinds ------------------------------------------------------------------------------------

ID = text(200)  # a record, inspector or device id: a UUID or a hash, never long
IDS = texts(200)
AGENCY = text(200)

_ROLE = one_of(records.ROLES)
_INSPECTORATE = one_of(records.INSPECTORATES, empty=True)

SCHEMAS: dict[str, Schema] = {
    "inspection": Schema(
        {
            "area": text(1000),
            "theme": text(1000),
            "notified": day(),
            "packs": texts(200, items=200),
            "case_ref_pattern": text(1000),
            "mode": one_of(records.MODES),
            "closures": list_of(day(), limit=2000),
            "gap_threshold": integer(1, 100_000),
            "marking": text(200),
            "grading": text(200),
            "paper_recipient": text(200),  # the paper key's age recipient (store/paper_age.py)
        },
        ("area", "notified", "packs"),
    ),
    "inspector": Schema(
        {"name": text(200), "inspectorate": _INSPECTORATE, "role": _ROLE, "devices": IDS, "agency": AGENCY},
        ("name",),
    ),
    "device": Schema(
        {"device": ID, "public_key": text(200), "inspector": ID, "role": _ROLE, "ticket": text(200), "recipient": text(1000)},
        ("device", "inspector"),
    ),
    "ticket": Schema(
        {
            "inspector": ID,
            "name": text(200),
            "role": _ROLE,
            "expires": when(),
            "expires_clock": text(40),
            "bound_device": text(200),
            "inspectorate": _INSPECTORATE,
            "agency": AGENCY,
        },
        ("inspector",),
    ),
    "revocation": Schema({"device": ID, "seen": IDS, "reason": text(2000)}, ("device", "seen")),
    "criterion": Schema(
        {"code": criterion_code, "strand": shipped_strand, "label": text(1000), "prompt": optional(text(2000))},
        ("code", "strand", "label"),
    ),
    "sufficiency": Schema({"code": text(40), "sufficient": flag, "by": text(200), "at": when(empty=True)}, ("code",)),
    "child": Schema(
        {
            "case_ref": text(100),
            "stage": one_of(records.STAGES),
            "age_band": one_of(records.AGE_BANDS, empty=True),
            "gender": one_of(records.GENDERS),
            "disability": one_of(records.DISABILITY),
            "ethnicity": one_of(records.ETHNICITIES),
            "involvement": one_of(records.INVOLVEMENT, empty=True),
            "probation": flag,
            "consent": one_of(records.CONSENT),
            "allocated": text(200),
            "agencies": texts(200),
        },
        ("case_ref",),
    ),
    "sea": Schema(
        {
            "criteria": texts(40),
            "judgement": one_of(records.JUDGEMENTS),
            "strand": text(200),
            "agencies": texts(200),
            "source_type": one_of(records.SOURCE_TYPES),
            "source_detail": text(1000),
            "evidence_at": when(),
            "recorded_at": when(),
            "children": texts(100),
            "text": text(),
            "agreed_by": IDS,
            "confirmed_no_names": flag,
        },
        ("criteria", "judgement", "evidence_at", "text"),
    ),
    "concern": Schema(
        {
            "case_refs": texts(100, items=concerns.MAX_CASE_REFS),
            "referred_by": text(200),
            "referred_on": day(empty=True),
            "service": text(1000),
            "category": integer(min(concerns.CATEGORIES), max(concerns.CATEGORIES)),
            "issues": text(),
            "response_due": day(empty=True),
            "state": one_of(concerns.STATES),
            "sent_on": day(empty=True),
            "response": text(),
            "response_received": day(empty=True),
            "evaluation": text(),
            "evaluated_by": text(200),
            "evaluated_on": day(empty=True),
            "evaluations": list_of(shaped({"by": text(200), "on": day(empty=True), "text": text()}), limit=500),
            "shared_with_senior_officer_on": day(empty=True),
            "shared_by": text(1000),
            "chief_officer": text(1000),
            "chief_officer_signed": day(empty=True),
            "lead_inspector": text(200),
            "lead_signed": day(empty=True),
            "confirmed_no_names": either(flag, texts(200, items=200)),
        },
        ("state",),
    ),
    "finding": Schema(
        {
            "type": one_of(findings.FINDING_TYPES),
            "scope": text(200),
            "strand": text(200),
            "text": text(),
            "criteria": texts(40),
            "sea": IDS,
            "innovative": flag,
            "state": one_of(findings.FINDING_STATES),
            "agreed_by": text(200),
            "agreed_at": when(empty=True),
            "confirmed_no_names": flag,
        },
    ),
    "letter-summary": Schema({"text": text(), "confirmed_no_names": flag}, ("text",)),
    "letter-details": Schema(
        {
            "recipients": list_of(shaped({"agency": AGENCY, "title": text(1000)}), limit=500),
            "statement_required": optional(flag),
            "statement_agencies": texts(200, items=500),
            "letter_sent": day(empty=True),
        }
    ),
    "plan-activity": Schema(
        {
            "type": one_of(plan.TYPES),
            "day": day(),
            "start": clock_time(),
            "end": clock_time(),
            "place": text(1000),
            "meeting": texts(1000),
            "agencies": texts(200),
            "inspectors": IDS,
            "children": texts(100),
            "leaders": list_of(one_of(plan.LEADERS)),
            "observes": one_of(plan.OBSERVED, empty=True),
            "family": flag,
            "support": one_of(plan.SUPPORT),
            "support_detail": text(),
            "roles_given": flag,
            "note": text(),
            "reason": text(),
            "confirmed_no_names": flag,
        },
        ("type", "day", "start", "end"),
    ),
    "allocation": Schema(
        {"child": text(100), "group": text(1000), "inspectors": IDS, "reason": text(), "confirmed_no_names": flag},
        ("inspectors",),
    ),
    "consent": Schema(
        {
            "child": text(100),
            "child_consent": one_of(voice.ANSWERS),
            "carer_consent": one_of(voice.ANSWERS),
            "confirmed_on": day(empty=True),
            "reason": text(),
            "confirmed_no_names": flag,
        },
        ("child",),
    ),
    "spoken-with": Schema(
        {"child": text(100), "by": text(200), "how": one_of(voice.HOW), "on": day(), "feedback_to_agency": flag},
        ("child",),
    ),
    "joint-evaluation": Schema(
        {
            "child": text(100),
            "received_on": day(empty=True),
            "quality": text(),
            "strengths_found": flag,
            "development_found": flag,
            "matches": one_of(MATCHES, empty=True),
            "sea": IDS,
            "by": text(200),
            "confirmed_no_names": flag,
        },
        ("child",),
    ),
    "meeting": Schema(
        {
            "type": one_of(meetings.TYPES),
            "on": day(),
            "at": clock_time(empty=True),
            "attendees": IDS,
            "present": texts(),
            "headlines": list_of(mapping()),
            "sufficient": texts(200),
            "actions": list_of(mapping()),
            "findings_shared": texts(),
            "concerns": list_of(mapping()),
            "children_told": texts(),
            "redeployments": texts(),
            "challenges": texts(),
            "further_evidence": texts(),
            "agency_offers": texts(),
            "note": text(),
            "confirmed_no_names": flag,
        },
        ("type", "on"),
    ),
    "case-grade": Schema({"child": ID, "grade": text(200)}, ("child", "grade")),
    "case-domain": Schema(
        {
            "child": ID,
            "strand": text(200),
            "good_practice": text(),
            "development": text(),
            "recommendation": text(),
            "confirmed_no_names": flag,
        },
        ("child", "strand"),
    ),
    "activity": Schema(
        {
            "type": one_of(activities.SHAPES),
            "theme": text(1000),
            "month": month,
            "status": one_of(activities.STATUSES),
            "completed": day(empty=True),
            "findings": texts(),
            "learning": text(),
            "entries": IDS,
            "agencies": texts(200),
            "cases": texts(200),
            "priority": text(200),
            "source": one_of(activities.SOURCES, empty=True),
            "responses": mapping(),
            "lead_agency": AGENCY,
            "practitioners": list_of(mapping()),
            "themes": texts(1000),
            "peer": mapping(),
            "questions": list_of(mapping()),
            "self_assessment": mapping(),
            "workshop": text(),
            "notified": day(),
            "decided": day(),
            "decision": text(),
            "milestones": list_of(shaped({"date": day(), "text": text(2000)}, ("date",))),
            "confirmed_no_names": flag,
        },
        ("type",),
    ),
    "action": Schema(
        {
            "activity": ID,
            "owner_agency": AGENCY,
            "owner_title": text(1000),
            "due": day(),
            "text": text(),
            "priority": one_of(activities.PRIORITIES, empty=True),
            "state": one_of(activities.ACTION_STATES),
            "done_on": day(empty=True),
            "evidence": text(),
            "impact": one_of(activities.IMPACTS, empty=True),
            "reviewed_on": day(empty=True),
            "confirmed_no_names": flag,
        },
        ("activity", "text"),
    ),
}


def _too_big(value: Any) -> str | None:
    """Why a payload is too large or too deeply nested to hold, walked without recursion (only
    containers go on the stack: a flat record, the usual kind, is one pass over its values)."""
    budget = MAX_PAYLOAD
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth >= MAX_DEPTH:
            return "its record is nested too deeply"
        if isinstance(item, dict):
            budget -= sum(len(k) if isinstance(k, str) else 1 for k in item)
            children = item.values()
        else:
            children = item
        for child in children:
            if isinstance(child, str):
                budget -= len(child) + 1
            elif isinstance(child, (dict, list)):
                budget -= 1
                stack.append((child, depth + 1))
            else:
                budget -= 1
        if budget < 0:
            return "its record is too large"
    return None


def problem(kind: str, op: str, payload: Any, text: str | None = None) -> str | None:
    """Why this payload cannot be a version of `kind`, in a few plain words; None if it can.

    `text`: the payload's JSON, when the caller has it (a merge does, for every version). A text
    within the size limit that opens fewer brackets than the nesting limit cannot hold a payload
    too large or too deep, so the walk over it is skipped (a merge checks 24,000 payloads)."""
    if op == "delete":
        return None if payload in ({}, None) else "a deletion carries no record"
    if not isinstance(payload, dict):
        return f"its {kind} record is not a record"
    small = text is not None and len(text) <= MAX_PAYLOAD and text.count("{") + text.count("[") < MAX_DEPTH
    big = None if small else _too_big(payload)
    if big:
        return big
    schema = SCHEMAS.get(kind)
    if schema is None:
        return None
    found = schema.fault(payload)
    if found is None:
        return None
    name, should = found
    if should == "present":
        return f"its {kind} record has no '{name}'"
    return f"its {kind} record's '{name}' is not {should}"
