"""Who may write what: the one rule table the write path, import and open all consult.

The guidance reserves some acts to the lead inspector (para 74's sign-off of an Annex C concern,
agreeing findings and the letter, the team itself) and leaves the rest of the record to every
inspector. This module says so once, as data, and decides a single version: given the role of
the inspector whose certified device signed it, the version's kind and operation, and the
payload before and after, is it allowed, and if not, why (one plain sentence)?

It is pure: it never sees a key, a file or a clock. Who holds which role, and which device is
certified for whom, is worked out from the signed versions themselves by the trust chain in
`sync/trust.py`; this table only says what each role may do with that authority.

A kind with no row is refused: a new record kind must say who may write it before it can be
written at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

LEAD = "lead"
MEMBER = "member"  # any certified member of the team, the lead included
NOBODY = "nobody"

# The roles an inspector record can hold (fieldwork.records.ROLES); only "lead" is special here.
LEAD_ROLE = "lead"


@dataclass(frozen=True)
class KindRule:
    """What one record kind allows.

    `create`, `change` and `delete` say who may do each (LEAD, MEMBER or NOBODY).
    `lead_fields`: fields only the lead may set, change or clear, whoever may change the rest.
    `lead_values`: field values only the lead may move a record into (a concern's state
    "signed-off", a finding's state "agreed"); a record in such a state is deleted only by the lead.
    `locked`: a record in one of its `lead_values` is the lead's alone to change or delete (a
    signed-off concern); otherwise a member's edit may move it out again (a finding whose agreed
    words are changed goes back to draft, clearing the lead's fields).
    `own_record`: a member may also create and change the record whose id is their own inspector
    id (their own inspector record), except the `lead_fields`.
    `trust`: the record is part of the trust chain (devices, tickets, revocations); the chain's
    own rules decide it in sync/trust.py, after this table has said who may write it.
    """

    create: str
    change: str
    delete: str = NOBODY
    lead_fields: frozenset[str] = frozenset()
    lead_values: Mapping[str, frozenset[str]] = field(default_factory=dict)
    locked: bool = False
    own_record: bool = False
    trust: bool = False


def _rule(
    create: str,
    change: str | None = None,
    delete: str = NOBODY,
    *,
    lead_fields: tuple[str, ...] = (),
    lead_values: Mapping[str, tuple[str, ...]] | None = None,
    locked: bool = False,
    own_record: bool = False,
    trust: bool = False,
) -> KindRule:
    return KindRule(
        create=create,
        change=change if change is not None else create,
        delete=delete,
        lead_fields=frozenset(lead_fields),
        lead_values={k: frozenset(v) for k, v in (lead_values or {}).items()},
        locked=locked,
        own_record=own_record,
        trust=trust,
    )


# The table. Reading a row: who may create, who may change, who may delete, and what within the
# record only the lead may touch.
RULES: dict[str, KindRule] = {
    # The inspection itself and its team are the lead's (the authority issue; para 25-27).
    "inspection": _rule(LEAD),
    # A member writes their own inspector record at join and may keep it current, but never
    # their role or their devices: those follow from the lead's ticket and certificates.
    "inspector": _rule(LEAD, lead_fields=("role", "devices"), own_record=True),
    # The trust chain: a device certificate (written by the lead, by a joining device under the
    # lead's ticket, or by the paper key), the lead's one-time tickets, and revocations.
    "device": _rule(MEMBER, NOBODY, trust=True),
    "ticket": _rule(LEAD, trust=True),
    "revocation": _rule(LEAD, NOBODY, trust=True),
    # A new key epoch after a revocation: the new inspection key sealed to the remaining devices.
    "epoch": _rule(LEAD, NOBODY, trust=True),
    # Criteria the lead adds to the custom pack, and the lead's marks that evidence is sufficient.
    "criterion": _rule(LEAD, delete=LEAD),
    "sufficiency": _rule(LEAD, delete=LEAD),
    # The evidence every inspector gathers: children, SEA entries (an edit of another's entry is
    # recorded as the editor's own version).
    "child": _rule(MEMBER, delete=MEMBER),
    "sea": _rule(MEMBER, delete=MEMBER),
    # Annex C: every member raises, sends, records the response and evaluates; the lead alone
    # signs off (para 74), and a signed-off concern is the lead's to delete.
    "concern": _rule(
        MEMBER,
        delete=MEMBER,
        lead_fields=("lead_inspector", "lead_signed", "chief_officer", "chief_officer_signed"),
        lead_values={"state": ("signed-off",)},
        locked=True,
    ),
    # Findings are drafted by anyone and agreed by the lead for the team (para 39, 82).
    "finding": _rule(MEMBER, delete=MEMBER, lead_fields=("agreed_by", "agreed_at"), lead_values={"state": ("agreed",)}),
    # The letter's summary is the lead's (para 82-91).
    "letter-summary": _rule(LEAD, delete=LEAD),
    # The letter's recipients, the statement-of-action decision and the day it was sent (para 82, 96).
    "letter-details": _rule(LEAD, delete=LEAD),
    # The on-site plan is the lead's to write and change (para 25-26: the lead plans and redeploys).
    "plan-activity": _rule(LEAD, delete=LEAD),
    # Who tracks which child and samples which group; the lead redeploys (para 26, 30-32).
    "allocation": _rule(LEAD, delete=LEAD),
    # What the agency said about consent, and the children an inspector spoke with (para 47-51).
    "consent": _rule(MEMBER, delete=MEMBER),
    "spoken-with": _rule(MEMBER, delete=MEMBER),
    # The team's view of the partnership's joint evaluations (para 22-24, 53).
    "joint-evaluation": _rule(MEMBER, delete=MEMBER),
    # The week's meetings: any member records one and closes its actions (para 33-44).
    "meeting": _rule(MEMBER, delete=MEMBER),
    # A partnership's case audit: every auditor grades and writes domain notes.
    "case-grade": _rule(MEMBER, delete=MEMBER),
    "case-domain": _rule(MEMBER, delete=MEMBER),
    # A partnership's QA activities and their actions: every auditor records them, and the Action
    # Plan Evaluation group's impact review is an auditor's step like any other.
    "activity": _rule(MEMBER, delete=MEMBER),
    "action": _rule(MEMBER, delete=MEMBER),
}

_WHO = {LEAD: "the lead inspector", MEMBER: "a member of the team", NOBODY: "nobody"}


def _allowed(who: str, role: str) -> bool:
    if who == MEMBER:
        return True
    if who == LEAD:
        return role == LEAD_ROLE
    return False


def _lead_state(rule: KindRule, payload: Mapping[str, Any] | None) -> str:
    return next((str((payload or {}).get(n)) for n, v in rule.lead_values.items() if (payload or {}).get(n) in v), "")


def _changed(before: Mapping[str, Any] | None, after: Mapping[str, Any], name: str) -> bool:
    return (before or {}).get(name) != after.get(name)


def check(
    *,
    kind: str,
    op: str,
    role: str,
    author: str,
    record: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    before_deleted: bool = False,
) -> str | None:
    """Why this version may not be written, or None if it may.

    `role` is the role of the inspector the signing device is certified for, and `author` that
    inspector's id. `before` is the payload of the version it edits (its first parent), None for
    a new record; `after` the new payload ({} for a deletion).
    """
    rule = RULES.get(kind)
    if rule is None:
        return f"no rule says who may write a record of kind '{kind}'"
    lead = role == LEAD_ROLE
    own = rule.own_record and record == author
    if op == "delete":
        if before is None:
            return "it deletes a record that does not exist"
        if any(before.get(name) in values for name, values in rule.lead_values.items()) and not lead:
            return f"only the lead inspector may delete a {kind} record once it is {_lead_state(rule, before)}"
        if not _allowed(rule.delete, role):
            return f"only {_WHO[rule.delete]} may delete a {kind} record"
        return None
    creating = before is None or before_deleted
    in_lead_state = not creating and any((before or {}).get(n) in v for n, v in rule.lead_values.items())
    if rule.locked and in_lead_state and not lead:
        return f"only the lead inspector may change a {kind} record once it is {_lead_state(rule, before)}"
    who = rule.create if creating else rule.change
    if not _allowed(who, role) and not own:
        verb = "create" if creating else "change"
        return f"only {_WHO[who]} may {verb} a{'n' if kind[0] in 'aeiou' else ''} {kind} record"
    if not lead:
        # A member's own new inspector record carries the role and device its ticket gave them:
        # the trust chain checks those against the ticket (sync/trust.py), not this table.
        fields = () if (creating and own) else sorted(rule.lead_fields)
        for name in fields:
            # Clearing is not forging: a member's edit that reopens an agreed finding drops them.
            if _changed(None if creating else before, after, name) and after.get(name) not in (None, "", []):
                return f"only the lead inspector may set '{name}' on a {kind} record"
        for name, values in rule.lead_values.items():
            value = after.get(name)
            if value in values and (creating or (before or {}).get(name) != value):
                return f"only the lead inspector may make a {kind} record '{value}'"
    return None
