"""Annex C concerns: a case referred back to a local agency, from referral to sign-off (para 74).

A concern is a payload dict (kind "concern") holding every field of the Annex C form. It moves
through five states, only forward and one step at a time, and each step needs its own fields:

    raised -> sent -> responded -> evaluated -> signed-off

- raised: case number(s), inspector referring, date of referral, service, category 1 or 2, the
  issues that led to the referral, and the date a response and explanation is required by;
- sent: the day the form went to the agency's senior officer;
- responded: the agency's written response and the day it was received (para 74: received
  centrally, through the keep-in-touch meetings);
- evaluated: the inspector's evaluation of the information provided, who wrote it and when;
- signed-off: the chief officer (job title only) and the lead inspector, each with a date.

Para 72 asks the lead to make sure each case gets "a documented and timely response": a concern
is overdue while no response is recorded and its `response_due` day has passed.

Everything here is pure: "today" is always an argument, so every rule is tested without a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Collection, Mapping

from fieldwork.checks import check_names
from fieldwork.errors import AccessDenied, ValidationError
from fieldwork.records import DEFAULT_CASE_REF_PATTERN, clean_case_ref, clean_list, clean_text, parse_date
from fieldwork.sea_checks import blocking_names

KIND = "concern"

STATES: tuple[str, ...] = ("raised", "sent", "responded", "evaluated", "signed-off")

STATE_LABELS: dict[str, str] = {
    "raised": "Raised",
    "sent": "Sent to agency",
    "responded": "Response received",
    "evaluated": "Evaluated",
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


class PossibleName(ValidationError):
    """Text that may hold a personal name, saved only once the inspector confirms it is not one.

    The message names the CLI's flag; `how_to_confirm` lets a screen name its own control."""

    def __init__(self, words: list[str], what: str, how_to_confirm: str = "with --confirm-no-names") -> None:
        self.words = words
        self.what = what
        quoted = ", ".join(f"'{w}'" for w in words)
        super().__init__(
            f"Possible personal name {quoted} in the {what}: use case references, initials and job titles "
            f"instead (para 80), or confirm it is not a name {how_to_confirm}. Nothing was saved."
        )

    def worded(self, how_to_confirm: str) -> str:
        return str(PossibleName(self.words, self.what, how_to_confirm))


def _guard_names(text: str, what: str, confirmed: bool) -> bool:
    """Refuse a possible personal name unless confirmed (para 80); True when one was confirmed."""
    words = blocking_names(check_names(text, ()))
    if words and not confirmed:
        raise PossibleName(words, what)
    return bool(words)


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
        raise ValidationError("A concern needs the date a response and explanation is required by (--respond-by).")
    due = parse_date(fields["response_due"], "response-required-by date")
    _not_before(due, referred_on.isoformat(), "response-required-by date", "date of referral")
    flagged = [f for f, text, what in (("service", service, "service"), ("issues", issues, "issues")) if _guard_names(text, what, confirm_no_names)]
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
    flagged = ["response"] if _guard_names(response, "agency's response", confirm_no_names) else []
    out.update(response=response, response_received=day.isoformat(), state="responded")
    out["confirmed_no_names"] = _confirmed(out, flagged)
    return out


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
    out = _step(payload, "evaluated")
    evaluation = clean_text(text, "inspector's evaluation")
    if by not in set(rules.team):
        raise ValidationError("The inspector evaluating is not on this inspection's team.")
    day = parse_date(on, "date of the evaluation")
    _not_future(day, "date of the evaluation", today)
    _not_before(day, out.get("response_received", ""), "date of the evaluation", "date the response was received")
    flagged = ["evaluation"] if _guard_names(evaluation, "inspector's evaluation", confirm_no_names) else []
    out.update(evaluation=evaluation, evaluated_by=by, evaluated_on=day.isoformat(), state="evaluated")
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
    """Both signatures at once: para 74 has them sign to confirm both saw the final version."""
    if lead not in set(rules.leads):
        raise AccessDenied("Only the lead inspector signs off an Annex C concern.")
    out = _step(payload, "signed-off")
    title = clean_text(chief_officer, "chief officer's job title", limit=120)
    chief_day = parse_date(chief_officer_date, "chief officer's sign-off date")
    lead_day = parse_date(lead_date, "lead inspector's sign-off date")
    evaluated = out.get("evaluated_on", "")
    for day, what in ((chief_day, "chief officer's sign-off date"), (lead_day, "lead inspector's sign-off date")):
        _not_future(day, what, today)
        _not_before(day, evaluated, what, "date of the evaluation")
    # The chief officer is known by job title only (para 80): a name here needs a confirmation.
    flagged = ["chief_officer"] if _guard_names(title, "chief officer's job title", confirm_no_names) else []
    out.update(
        chief_officer=title,
        chief_officer_signed=chief_day.isoformat(),
        lead_inspector=lead,
        lead_signed=lead_day.isoformat(),
        state="signed-off",
    )
    out["confirmed_no_names"] = _confirmed(out, flagged)
    return out


# --- timeliness ---------------------------------------------------------------------------------


def is_overdue(payload: Mapping[str, Any], today: date) -> bool:
    """No response recorded and the response-required-by day has passed (due today is not late)."""
    return days_overdue(payload, today) > 0


def days_overdue(payload: Mapping[str, Any], today: date) -> int:
    if payload.get("state") not in AWAITING_RESPONSE or not payload.get("response_due"):
        return 0
    return max(0, (today - date.fromisoformat(str(payload["response_due"]))).days)


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
        "chief_officer_signed": payload.get("chief_officer_signed", ""),
        "lead_signed": payload.get("lead_signed", ""),
    }
