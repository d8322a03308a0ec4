"""The letter's details the lead records once for the inspection: who it goes to, whether a
statement of action is required, and the day it was actually sent.

- Addressee and distribution (para 82, 91): the letter is "addressed to the senior leaders in the
  local partnership" and "sent or copied" to each agency's leaders, named by job title and agency
  (never a name, para 80). The list is kept once and used by the letter and the KIT summary.
- Statement of action (para 96-98): HMCI, in consultation with the other inspectorates, decides
  whether a written statement of proposed action is required and which agencies make it; "this
  decision will be included in the letter". The agencies then have 70 working days from receiving
  the letter.
- The day the letter was sent (para 9, day 41 planned): the statement-of-action clock runs from it.

One record of kind "letter-details" per inspection holds all three; it is the lead's (para 82: the
lead is accountable for the letter). Pure: payloads in, payloads out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

from fieldwork.errors import ValidationError
from fieldwork.records import clean_text, normalise_agency, parse_date

KIND = "letter-details"
MAX_RECIPIENTS = 60

#: Para 91's usual list, by agency and job title, offered when the lead has not set one yet.
USUAL_RECIPIENTS: tuple[tuple[str, str], ...] = (
    ("Local authority", "Director of children's services"),
    ("Local authority", "Chief executive"),
    ("Health", "Clinical commissioning group chief executive"),
    ("Health", "Executive lead for safeguarding children"),
    ("Police", "Chief constable"),
    ("Police", "Police and crime commissioner"),
    ("Police", "Force liaison officer"),
    ("Probation", "Manager of the youth offending service"),
    ("Probation", "Director of the National Probation Service"),
    ("Probation", "Head of the NPS local delivery unit"),
    ("Probation", "Chief executive of the community rehabilitation company"),
    ("LSCB", "Chair of the local safeguarding children board"),
)


@dataclass(frozen=True)
class Recipient:
    agency: str
    title: str

    @property
    def line(self) -> str:
        return f"{self.title}, {self.agency}"


@dataclass(frozen=True)
class LetterDetails:
    recipients: tuple[Recipient, ...] = ()
    statement_required: bool | None = None  # None: not yet decided
    statement_agencies: tuple[str, ...] = ()
    letter_sent: str = ""  # ISO date, "" until recorded

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any] | None) -> "LetterDetails":
        p = payload or {}
        required = p.get("statement_required")
        return cls(
            recipients=tuple(
                Recipient(str(r.get("agency", "")), str(r.get("title", "")))
                for r in p.get("recipients") or ()
                if isinstance(r, Mapping)
            ),
            statement_required=required if isinstance(required, bool) else None,
            statement_agencies=tuple(str(a) for a in p.get("statement_agencies") or ()),
            letter_sent=str(p.get("letter_sent") or ""),
        )

    def statement_sentence(self) -> str:
        """What the letter says of the decision (para 96), or "" while undecided."""
        if self.statement_required is None:
            return ""
        if not self.statement_required:
            return "HMCI has decided, in consultation with the other inspectorates, that no written statement of proposed action is required."
        who = _and(self.statement_agencies)
        lead = self.statement_agencies[0] if self.statement_agencies else ""
        tail = f" {lead} should lead the statement" + (f", with {_and(self.statement_agencies[1:])} cooperating" if len(self.statement_agencies) > 1 else "") + "."
        return (
            "HMCI has decided, in consultation with the other inspectorates, that a written statement of proposed action "
            f"is required from {who} in response to this letter, within 70 working days of receiving it (para 96-98)."
            + (tail if lead else "")
        )


def _and(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _base(payload: Mapping[str, Any] | None) -> dict[str, Any]:
    out = dict(payload or {})
    out.setdefault("recipients", [])
    out.setdefault("statement_required", None)
    out.setdefault("statement_agencies", [])
    out.setdefault("letter_sent", "")
    return out


def _recipient(agency: str, title: str) -> dict[str, str]:
    a = normalise_agency(clean_text(agency, "recipient's agency", limit=120))
    t = clean_text(title, "recipient's job title", limit=160)
    return {"agency": a, "title": t}


def add_recipient(payload: Mapping[str, Any] | None, *, agency: str, title: str) -> dict[str, Any]:
    out = _base(payload)
    new = _recipient(agency, title)
    same = [r for r in out["recipients"] if r.get("agency", "").casefold() == new["agency"].casefold()
            and r.get("title", "").casefold() == new["title"].casefold()]
    if same:
        raise ValidationError(f"The {new['title']}, {new['agency']} is already on the letter's list.")
    if len(out["recipients"]) >= MAX_RECIPIENTS:
        raise ValidationError(f"The letter's list holds at most {MAX_RECIPIENTS} recipients.")
    out["recipients"] = [*out["recipients"], new]
    return out


def remove_recipient(payload: Mapping[str, Any] | None, *, agency: str, title: str) -> dict[str, Any]:
    out = _base(payload)
    gone = _recipient(agency, title)
    kept = [r for r in out["recipients"] if not (r.get("agency", "").casefold() == gone["agency"].casefold()
                                                   and r.get("title", "").casefold() == gone["title"].casefold())]
    if len(kept) == len(out["recipients"]):
        raise ValidationError(f"The {gone['title']}, {gone['agency']} is not on the letter's list.")
    out["recipients"] = kept
    return out


def set_statement(payload: Mapping[str, Any] | None, *, required: str | bool, agencies: Iterable[str] = ()) -> dict[str, Any]:
    """The decision (para 96): required yes or no, and from which agencies (the first leads)."""
    if isinstance(required, bool):
        needed = required
    else:
        word = str(required).strip().lower()
        if word not in {"yes", "no"}:
            raise ValidationError(f"Say whether a statement of action is required: yes or no, not '{required}'.")
        needed = word == "yes"
    named: list[str] = []
    for a in agencies:
        clean = normalise_agency(clean_text(a, "agency", limit=120))
        if clean.casefold() not in {n.casefold() for n in named}:
            named.append(clean)
    if needed and not named:
        raise ValidationError("Name the agencies the statement of action is required from (--agency, repeatable; the first leads, para 96).")
    if not needed and named:
        raise ValidationError("No statement of action is required, so no agency is named: leave out --agency.")
    out = _base(payload)
    out["statement_required"] = needed
    out["statement_agencies"] = named
    return out


def set_letter_sent(payload: Mapping[str, Any] | None, *, on: date | str, today: date) -> dict[str, Any]:
    day = parse_date(on, "date the letter was sent")
    if day > today:
        raise ValidationError(f"The date the letter was sent, {day.isoformat()}, is in the future.")
    out = _base(payload)
    out["letter_sent"] = day.isoformat()
    return out
