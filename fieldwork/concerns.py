"""Annex C concerns: a case referred back to a local agency, from referral to sign-off (para 74).

A concern is a payload dict (kind "concern") holding every field of the Annex C form. It moves
through six states, only forward and one step at a time, and each step needs its own fields:

    raised -> sent -> responded -> evaluated -> shared -> signed-off

- raised: case number(s), inspector referring, date of referral, service, category 1 or 2, the
  issues that led to the referral, and the date a response and explanation is required by;
- sent: the day the form went to the agency's senior officer;
- responded: the agency's written response and the day it was received (para 74: received
  centrally, through the keep-in-touch meetings);
- evaluated: the evaluation of the information provided. Para 74 has two evaluators, "the
  inspector who raised the concern and the lead inspector": each records their own evaluation
  (`evaluations`, one {by, on, text} each; one suffices when the lead raised it). The first is
  also kept in `evaluation`/`evaluated_by`/`evaluated_on`, the Annex C form's one box;
- shared: the day and the means by which the evaluation was shared with the senior officer
  (para 74), possible only once both have evaluated;
- signed-off: the chief officer (job title only) and the lead inspector, each with a date; only
  once the evaluation has been shared, so only once both have evaluated.

Para 72 asks the lead to make sure each case gets "a documented and timely response": a concern
is overdue while no response is recorded and its `response_due` day has passed, counted in working
days as the guidance counts its own days (para 9). Para 35-37: responses come back centrally
through the keep-in-touch meetings on site, and the last on-site day is day 13, so a response-by
day after it is allowed with a warning. A category 1 concern (a child at immediate risk) still
not sent stands out from the moment it is raised: `unsent_hours` says for how long.

Everything here is pure: "today" is always an argument, so every rule is tested without a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Collection, Mapping

from fieldwork import free_text
from fieldwork.errors import AccessDenied, ValidationError
from fieldwork.records import DEFAULT_CASE_REF_PATTERN, clean_case_ref, clean_list, clean_text, parse_date
from fieldwork.workdays import WorkingCalendar

KIND = "concern"

STATES: tuple[str, ...] = ("raised", "sent", "responded", "evaluated", "shared", "signed-off")

STATE_LABELS: dict[str, str] = {
    "raised": "Raised",
    "sent": "Sent to agency",
    "responded": "Response received",
    "evaluated": "Evaluated",
    "shared": "Shared with senior officer",
    "signed-off": "Signed off",
}

# A response is still awaited in these states; Home lists them and they can fall overdue.
AWAITING_RESPONSE: frozenset[str] = frozenset({"raised", "sent"})

# The Annex C form's own words for its two boxes.
CATEGORIES: dict[int, str] = {
    1: (
        "Serious issue of concern (for example, failure to follow child protection procedures "
        "and/or child at immediate risk of significant harm)"
    ),
    2: "Concern that the service offer or risk assessment may not be appropriate for the child's needs",
}

CATEGORY_SHORT: dict[int, str] = {
    1: "Serious issue of concern",
    2: "Service offer or risk assessment may not fit needs",
}

# What each step is called, and the step that must come first, for refusal messages.
_ACTIONS: dict[str, str] = {
    "sent": "mark it sent",
    "responded": "record the agency's response",
    "evaluated": "record the inspector's evaluation",
    "shared": "record that the evaluation was shared with the senior officer",
    "signed-off": "sign it off",
}

MAX_CASE_REFS = 20

FIELDS: tuple[str, ...] = (
    "case_refs",
    "referred_by",
    "referred_on",
    "service",
    "category",
    "issues",
    "response_due",
    "state",
    "sent_on",
    "response",
    "response_received",
    "evaluation",
    "evaluated_by",
    "evaluated_on",
    "evaluations",
    "shared_with_senior_officer_on",
    "shared_by",
    "chief_officer",
    "chief_officer_signed",
    "lead_inspector",
    "lead_signed",
    "confirmed_no_names",
)


@dataclass(frozen=True)
class ConcernRules:
    """What a concern is checked against: the child list, the team and who leads it."""

    known_case_refs: Collection[str]
    team: Collection[str]  # inspector record ids
    leads: Collection[str]  # inspector record ids with the lead role
    case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN


# --- small helpers ------------------------------------------------------------------------------


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


def next_state(state: str) -> str | None:
    if state not in STATES:
        return None
    i = STATES.index(state)
    return STATES[i + 1] if i + 1 < len(STATES) else None


def parse_category(value: Any) -> int:
    text = str(value).strip().lower().removeprefix("category").strip()
    if text not in {"1", "2"}:
        raise ValidationError(f"Unknown category '{value}': choose 1 (serious issue of concern) or 2 (service offer or risk assessment).")
    return int(text)


def _not_future(day: date, what: str, today: date) -> None:
    if day > today:
        raise ValidationError(f"The {what} {day.isoformat()} is in the future.")


def _not_before(day: date, earlier: str, what: str, earlier_what: str) -> None:
    if earlier and day < date.fromisoformat(earlier):
        raise ValidationError(f"The {what} {day.isoformat()} is before the {earlier_what} {earlier}.")


def _guard(texts: Mapping[str, str], confirmed: bool) -> list[str]:
    """Refuse a possible personal name in these fields unless confirmed (para 80; the fields and
    their wording are fieldwork.free_text's); the fields flagged and confirmed."""
    return free_text.guard(KIND, texts, confirmed=confirmed)


def _confirmed(payload: Mapping[str, Any], fields: list[str]) -> list[str]:
    return sorted(set(payload.get("confirmed_no_names") or []) | set(fields))


def require_next(payload: Mapping[str, Any], target: str) -> None:
    """Refuse, in plain words, unless `target` is the concern's next state."""
    state = str(payload.get("state", ""))
    if state not in STATES:
        raise ValidationError(f"This concern has an unknown state '{state}'.")
    if next_state(state) == target:
        return
    if STATES.index(state) >= STATES.index(target):
        raise ValidationError(f"This concern is already {state_label(state).lower()}: a concern only moves forward.")
    missing = STATES[STATES.index(state) + 1]
    raise ValidationError(
        f"This concern is {state_label(state).lower()}: {_ACTIONS[missing]} before you {_ACTIONS[target]}."
    )


def _step(payload: Mapping[str, Any], target: str) -> dict[str, Any]:
    require_next(payload, target)
    return dict(payload)


def _case_refs(values: Any, rules: ConcernRules) -> list[str]:
    items = values.replace(";", ",").split(",") if isinstance(values, str) else list(values or [])
    refs: list[str] = []
    for ref in (clean_case_ref(v, rules.case_ref_pattern) for v in clean_list(items)):
        if ref not in refs:
            refs.append(ref)
    if not refs:
        raise ValidationError("A concern needs the case reference of the child referred (--case).")
    if len(refs) > MAX_CASE_REFS:
        raise ValidationError(f"A concern names at most {MAX_CASE_REFS} case references.")
    # The child referred must be one the team is looking at; brothers and sisters in the
    # household often are not on the list yet, and the form asks for them all the same.
    if refs[0] not in set(rules.known_case_refs):
        raise ValidationError(
            f"Unknown case reference '{refs[0]}': the first case reference is the child referred and must "
            f"be on the list of children (fieldwork child add {refs[0]}); other children in the household may follow it."
        )
    return refs


# --- the steps ----------------------------------------------------------------------------------


def raise_concern(
    fields: Mapping[str, Any],
    rules: ConcernRules,
    *,
    today: date,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """A new concern in the `raised` state from the Annex C form's referral fields.

    `fields`: case_refs (list or comma-separated), referred_by (inspector id), referred_on (default
    today), service, category (1 or 2), issues, response_due.
    """
    unknown = set(fields) - {"case_refs", "referred_by", "referred_on", "service", "category", "issues", "response_due"}
    if unknown:
        raise ValidationError(f"Unknown concern field(s): {', '.join(sorted(unknown))}.")
    refs = _case_refs(fields.get("case_refs"), rules)
    referred_by = str(fields.get("referred_by") or "").strip()
    if referred_by not in set(rules.team):
        raise ValidationError("The inspector referring is not on this inspection's team.")
    referred_on = parse_date(fields.get("referred_on") or today, "date of referral")
    _not_future(referred_on, "date of referral", today)
    service = clean_text(fields.get("service"), "service referred to", limit=200)
    if fields.get("category") in (None, ""):
        raise ValidationError("A concern needs a category: 1 (serious issue of concern) or 2 (service offer or risk assessment).")
    category = parse_category(fields["category"])
    issues = clean_text(fields.get("issues"), "issues that led to the referral")
    if not fields.get("response_due"):
        raise ValidationError("A concern needs a respond-by date: when the agency's response and explanation are due.")
    due = parse_date(fields["response_due"], "response-required-by date")
    _not_before(due, referred_on.isoformat(), "response-required-by date", "date of referral")
    flagged = _guard({"service": service, "issues": issues}, confirm_no_names)
    return {
        "case_refs": refs,
        "referred_by": referred_by,
        "referred_on": referred_on.isoformat(),
        "service": service,
        "category": category,
        "issues": issues,
        "response_due": due.isoformat(),
        "state": "raised",
        "sent_on": "",
        "response": "",
        "response_received": "",
        "evaluation": "",
        "evaluated_by": "",
        "evaluated_on": "",
        "evaluations": [],
        "shared_with_senior_officer_on": "",
        "shared_by": "",
        "chief_officer": "",
        "chief_officer_signed": "",
        "lead_inspector": "",
        "lead_signed": "",
        "confirmed_no_names": sorted(flagged),
    }


def mark_sent(payload: Mapping[str, Any], *, on: date | str, today: date) -> dict[str, Any]:
    out = _step(payload, "sent")
    day = parse_date(on, "date sent")
    _not_future(day, "date sent", today)
    _not_before(day, out.get("referred_on", ""), "date sent", "date of referral")
    out["sent_on"] = day.isoformat()
    out["state"] = "sent"
    return out


def record_response(
    payload: Mapping[str, Any],
    *,
    text: str,
    received: date | str,
    today: date,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    out = _step(payload, "responded")
    response = clean_text(text, "agency's response")
    day = parse_date(received, "date the response was received")
    _not_future(day, "date the response was received", today)
    _not_before(day, out.get("sent_on", ""), "date the response was received", "date sent")
    flagged = _guard({"response": response}, confirm_no_names)
    out.update(response=response, response_received=day.isoformat(), state="responded")
    out["confirmed_no_names"] = _confirmed(out, flagged)
    return out


def evaluations_of(payload: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every evaluation recorded, first first; a concern from before there could be two holds
    only the form's own fields."""
    items = payload.get("evaluations")
    if isinstance(items, list) and items:
        return [
            {"by": str(e.get("by", "")), "on": str(e.get("on", "")), "text": str(e.get("text", ""))}
            for e in items
            if isinstance(e, Mapping)
        ]
    if payload.get("evaluated_by"):
        return [{"by": str(payload["evaluated_by"]), "on": str(payload.get("evaluated_on", "")), "text": str(payload.get("evaluation", ""))}]
    return []


def evaluators_missing(payload: Mapping[str, Any], rules: ConcernRules) -> list[str]:
    """Who still has to evaluate (para 74): "the inspector who raised the concern" and/or "the
    lead inspector"; empty once both have (the same person when the lead raised it)."""
    by = {e["by"] for e in evaluations_of(payload)}
    missing = []
    if payload.get("referred_by") not in by:
        missing.append("the inspector who raised the concern")
    if not by & set(rules.leads):
        missing.append("the lead inspector")
    return missing


def record_evaluation(
    payload: Mapping[str, Any],
    rules: ConcernRules,
    *,
    text: str,
    by: str,
    on: date | str,
    today: date,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """The first evaluation moves the concern to `evaluated`; para 74's second evaluator (the
    raising inspector or the lead, whichever has not yet) adds theirs while it stays there."""
    second = payload.get("state") == "evaluated"
    out = dict(payload) if second else _step(payload, "evaluated")
    evaluation = clean_text(text, "inspector's evaluation")
    if by not in set(rules.team):
        raise ValidationError("The inspector evaluating is not on this inspection's team.")
    done = evaluations_of(out)
    if second:
        if not evaluators_missing(out, rules):
            raise ValidationError("This concern's response has already been evaluated by the raising inspector and the lead: share the evaluation with the senior officer next.")
        if any(e["by"] == by for e in done):
            raise ValidationError("You have already evaluated this concern's response: para 74 asks for one evaluation each from the raising inspector and the lead.")
    day = parse_date(on, "date of the evaluation")
    _not_future(day, "date of the evaluation", today)
    _not_before(day, out.get("response_received", ""), "date of the evaluation", "date the response was received")
    flagged = _guard({"evaluation": evaluation}, confirm_no_names)
    out["evaluations"] = [*done, {"by": by, "on": day.isoformat(), "text": evaluation}]
    if not second:
        out.update(evaluation=evaluation, evaluated_by=by, evaluated_on=day.isoformat(), state="evaluated")
    out["confirmed_no_names"] = _confirmed(out, flagged)
    return out


def share_evaluation(
    payload: Mapping[str, Any],
    rules: ConcernRules,
    *,
    on: date | str,
    by: str,
    today: date,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """Para 74: the evaluation is shared with the senior officer, after both have evaluated.
    `by` is the means (an email, the keep-in-touch meeting, a call)."""
    out = _step(payload, "shared")
    missing = evaluators_missing(out, rules)
    if missing:
        raise ValidationError(
            f"Para 74 asks {' and '.join(missing)} to evaluate the response too before the evaluation is shared "
            "with the senior officer (fieldwork concern evaluate ID)."
        )
    means = clean_text(by, "means by which the evaluation was shared", limit=120)
    flagged = _guard({"shared_by": means}, confirm_no_names)
    day = parse_date(on, "date the evaluation was shared")
    _not_future(day, "date the evaluation was shared", today)
    latest = max((e["on"] for e in evaluations_of(out) if e["on"]), default="")
    _not_before(day, latest, "date the evaluation was shared", "date of the last evaluation")
    out.update(shared_with_senior_officer_on=day.isoformat(), shared_by=means, state="shared")
    out["confirmed_no_names"] = _confirmed(out, flagged)
    return out


def sign_off(
    payload: Mapping[str, Any],
    rules: ConcernRules,
    *,
    chief_officer: str,
    chief_officer_date: date | str,
    lead: str,
    lead_date: date | str,
    today: date,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """Both signatures at once: para 74 has them sign to confirm both saw the final version, so
    only once both evaluators have evaluated and the evaluation was shared (the `shared` state)."""
    if lead not in set(rules.leads):
        raise AccessDenied("Only the lead inspector signs off an Annex C concern.")
    out = _step(payload, "signed-off")
    title = clean_text(chief_officer, "chief officer's job title", limit=120)
    chief_day = parse_date(chief_officer_date, "chief officer's sign-off date")
    lead_day = parse_date(lead_date, "lead inspector's sign-off date")
    shared = out.get("shared_with_senior_officer_on", "")
    for day, what in ((chief_day, "chief officer's sign-off date"), (lead_day, "lead inspector's sign-off date")):
        _not_future(day, what, today)
        _not_before(day, shared, what, "date the evaluation was shared")
    # The chief officer is known by job title only (para 80): a name here needs a confirmation.
    flagged = _guard({"chief_officer": title}, confirm_no_names)
    out.update(
        chief_officer=title,
        chief_officer_signed=chief_day.isoformat(),
        lead_inspector=lead,
        lead_signed=lead_day.isoformat(),
        state="signed-off",
    )
    out["confirmed_no_names"] = _confirmed(out, flagged)
    return out


REFERRAL_FIELDS = ("case_refs", "referred_on", "service", "category", "issues", "response_due")


def edit_referral(
    payload: Mapping[str, Any],
    fields: Mapping[str, Any],
    rules: ConcernRules,
    *,
    today: date,
    confirm_no_names: bool = False,
) -> dict[str, Any]:
    """Correct the referral's own fields, checked as when raised; the store keeps the version
    before, so the correction is on the record. A signed-off form is final."""
    if payload.get("state") == "signed-off":
        raise ValidationError("This concern is signed off: its form is final and cannot be corrected.")
    unknown = set(fields) - set(REFERRAL_FIELDS)
    if unknown:
        raise ValidationError(f"Only the referral's fields can be corrected, not: {', '.join(sorted(unknown))}.")
    given = {k: v for k, v in fields.items() if v not in (None, "", [])}
    merged = {k: payload.get(k) for k in REFERRAL_FIELDS}
    merged.update(given)
    fresh = raise_concern({**merged, "referred_by": payload.get("referred_by")}, rules, today=today, confirm_no_names=True)
    flagged = _guard({f: fresh[f] for f in ("service", "issues") if f in given}, confirm_no_names)
    out = dict(payload)
    out.update({k: fresh[k] for k in REFERRAL_FIELDS})
    sent = out.get("sent_on", "")
    if sent:
        _not_before(date.fromisoformat(sent), out["referred_on"], "date sent", "date of referral")
    kept = [f for f in (payload.get("confirmed_no_names") or []) if f not in given]
    out["confirmed_no_names"] = sorted(set(kept) | set(flagged))
    return out


# --- timeliness ---------------------------------------------------------------------------------


def is_overdue(payload: Mapping[str, Any], today: date, calendar: WorkingCalendar | None = None) -> bool:
    """No response recorded and the response-required-by day has passed (due today is not late)."""
    return days_overdue(payload, today, calendar) > 0


def days_overdue(payload: Mapping[str, Any], today: date, calendar: WorkingCalendar | None = None) -> int:
    """Working days past the response-required-by day, as the guidance counts days (para 9)."""
    if payload.get("state") not in AWAITING_RESPONSE or not payload.get("response_due"):
        return 0
    due = date.fromisoformat(str(payload["response_due"])[:10])
    if today <= due:
        return 0
    return max(0, (calendar or WorkingCalendar()).working_days_between(due, today))


def overdue_words(days: int) -> str:
    """"1 working day overdue", "3 working days overdue"; "" when not overdue."""
    if days <= 0:
        return ""
    return f"{days} working day{'s' if days != 1 else ''} overdue"


def unsent_hours(payload: Mapping[str, Any], raised_at: datetime | None, now: datetime) -> float | None:
    """Hours since a concern still `raised` was raised (not yet sent to the agency), to the tenth;
    None once sent. `raised_at` is when its first version was written."""
    if payload.get("state") != "raised" or raised_at is None:
        return None
    return round(max(0.0, (now - raised_at).total_seconds() / 3600), 1)


def unsent_urgent(payload: Mapping[str, Any]) -> bool:
    """A category 1 concern (a child at immediate risk) not yet sent: shown at once, everywhere."""
    return payload.get("state") == "raised" and str(payload.get("category")) == "1"


#: The last on-site day (para 9): responses come back through the KIT meetings up to it (para 35-37).
LAST_ONSITE_DAY = 13


def response_due_warning(payload: Mapping[str, Any], last_onsite: date) -> str:
    """A warning when the response is required after day 13; "" otherwise."""
    due = str(payload.get("response_due") or "")[:10]
    if not due or date.fromisoformat(due) <= last_onsite:
        return ""
    return (
        f"The response is required by {due}, after day {LAST_ONSITE_DAY} ({last_onsite.isoformat()}), the last day on site: "
        "responses come back centrally through the keep-in-touch meetings (para 35-37, 74), so agree how this one will reach the lead."
    )


def awaiting_response(payload: Mapping[str, Any]) -> bool:
    return payload.get("state") in AWAITING_RESPONSE


def dates(payload: Mapping[str, Any]) -> dict[str, str]:
    """Every date on the form, keyed as the JSON output names them ("" where not yet reached)."""
    return {
        "referred": payload.get("referred_on", ""),
        "response_due": payload.get("response_due", ""),
        "sent": payload.get("sent_on", ""),
        "response_received": payload.get("response_received", ""),
        "evaluated": payload.get("evaluated_on", ""),
        "shared_with_senior_officer": payload.get("shared_with_senior_officer_on", ""),
        "chief_officer_signed": payload.get("chief_officer_signed", ""),
        "lead_signed": payload.get("lead_signed", ""),
    }
