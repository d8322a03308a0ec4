"""A partnership's quality assurance activities and the actions they raise (Somerset framework,
sections 6 and 7).

Every activity shares a theme, the month it falls in, a status, its findings and learning, and
the evidence (audit entries) behind it; beyond that each type has its own shape, and a field that
does not belong to the type is refused rather than kept where nobody will read it:

- case-audit: the source of its theme, the priority, cases by reference, per-agency responses;
- mape: one family's journey (a case reference), led by children's social care, with the agencies;
- insight-visit: practitioners interviewed, by job title and agency, and the themes heard;
- s11: each agency's self-rating of the six domains, then the practitioner survey's counts, then
  the peer-review workshop notes;
- survey and focus-group: questions, response counts, themes (a focus group also its practitioners);
- rapid-review: the notification date (due 15 working days later) and the decision;
- cspr: the decision date (due within 6 months) and its milestones.

Actions belong to an activity, are owned by an agency and a job title, and move open -> done
(with evidence of completion) -> reviewed (the Action Plan Evaluation group's impact rating).
Pure: payloads in, payloads and summaries out.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping, Sequence

from fieldwork import records as rec
from fieldwork.errors import ValidationError
from fieldwork.partnership import Partnership

ACTIVITY_KIND = "activity"
ACTION_KIND = "action"

STATUSES: dict[str, str] = {"planned": "Planned", "in-progress": "In progress", "completed": "Completed"}
SOURCES: tuple[str, ...] = ("priorities", "reviews", "inspection", "data", "research")
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
IMPACTS: dict[str, str] = {"met": "Met", "partly": "Partly met", "not-met": "Not met"}
ACTION_STATES: tuple[str, ...] = ("open", "done", "reviewed")
MAPE_LEAD = "Children's social care"  # the framework: a MAPE is "led by Children's Social Care"

TEXT_LIMIT = 5000
COMMON: tuple[str, ...] = ("type", "theme", "month", "status", "completed", "findings", "learning", "entries",
                           "confirmed_no_names")

# What each type holds beyond the common fields.
SHAPES: dict[str, tuple[str, ...]] = {
    "case-audit": ("source", "priority", "cases", "agencies", "responses"),
    "mape": ("cases", "lead_agency", "agencies"),
    "insight-visit": ("practitioners", "themes"),
    "s11": ("agencies", "self_assessment", "questions", "workshop", "peer"),
    "survey": ("questions", "themes"),
    "focus-group": ("practitioners", "questions", "themes"),
    "conversation": ("cases", "practitioners"),
    "rapid-review": ("cases", "notified", "decision"),
    "cspr": ("cases", "decided", "milestones"),
    "s175": ("agencies",),
}

# Plain words for the fields a message names when a type refuses one.
FIELD_WORDS: dict[str, str] = {
    "source": "a theme source", "priority": "a priority", "cases": "cases", "agencies": "agencies",
    "responses": "per-agency responses", "lead_agency": "a lead agency", "practitioners": "practitioners",
    "themes": "themes", "self_assessment": "self-ratings", "questions": "survey questions",
    "workshop": "workshop notes", "peer": "peer review findings", "notified": "a notification date", "decision": "a decision",
    "decided": "a decision date", "milestones": "milestones",
}


def _month(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}", value.strip()) or not 1 <= int(value.strip()[5:]) <= 12:
        raise ValidationError(f"The month '{value.strip()}' is not a month: write YYYY-MM, e.g. 2026-07.")
    return value.strip()


def _text(value: str, what: str) -> str:
    return rec.clean_text(value, what, limit=TEXT_LIMIT)


def practitioner(text: str) -> dict[str, str]:
    """ "Designated safeguarding lead, Education" -> a practitioner by job title and agency."""
    title, sep, agency = text.rpartition(",")
    if not sep or not title.strip() or not agency.strip():
        raise ValidationError(f"Give a practitioner as 'JOB TITLE, AGENCY' (never a name): '{text.strip()}'.")
    return {"title": rec.clean_text(title, "job title", limit=120),
            "agency": rec.normalise_agency(rec.clean_text(agency, "agency", limit=120))}


def counts(text: str) -> dict[str, int]:
    """ "yes=12, no=3" -> {"yes": 12, "no": 3}."""
    out: dict[str, int] = {}
    for part in text.split(","):
        answer, sep, number = part.rpartition("=")
        if not sep or not answer.strip() or not number.strip().isdigit():
            raise ValidationError(f"Give response counts as 'ANSWER=NUMBER, ...': '{text.strip()}'.")
        out[answer.strip()] = out.get(answer.strip(), 0) + int(number)
    return out


def survey_csv(text: str) -> list[dict[str, Any]]:
    """A survey's results from CSV: columns question, answer, count (one row per answer), and for a
    Section 11 survey an optional domain column naming the domain each question asks about."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or {"question", "answer", "count"} - {f.strip().lower() for f in reader.fieldnames}:
        raise ValidationError("The survey CSV needs the columns question, answer and count.")
    questions: dict[str, dict[str, int]] = {}
    domains: dict[str, str] = {}
    for n, row in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not row["count"].isdigit():
            raise ValidationError(f"Line {n} of the survey CSV: the count '{row['count']}' is not a whole number.")
        text = _text(row["question"], "survey question")
        answers = questions.setdefault(text, {})
        answer = rec.clean_text(row["answer"], "answer", limit=200)
        answers[answer] = answers.get(answer, 0) + int(row["count"])
        if row.get("domain"):
            domains[text] = row["domain"]
    return [{"text": q, "counts": c, **({"domain": domains[q]} if q in domains else {})} for q, c in questions.items()]


@dataclass
class ActivityEdit:
    """What one `activity add` or `activity update` says; None and empty mean "not given"."""

    theme: str | None = None
    month: str | None = None
    status: str | None = None
    completed: str | None = None
    findings: Sequence[str] = ()
    learning: str | None = None
    entries: Sequence[str] = ()
    source: str | None = None
    priority: str | None = None
    cases: Sequence[str] = ()
    agencies: Sequence[str] = ()
    responses: Sequence[tuple[str, str]] = ()  # (agency, text)
    practitioners: Sequence[str] = ()
    themes: Sequence[str] = ()
    ratings: Sequence[tuple[str, str, str]] = ()  # (agency, domain, rating)
    questions: Sequence[str] = ()
    domain_questions: Sequence[tuple[str, str]] = ()  # s11: (domain, question)
    peer: Sequence[tuple[str, str, str]] = ()  # s11: (agency, domain, what the peer review found)
    counts: Sequence[tuple[str, str]] = ()  # (question, "yes=3, no=1")
    survey: Sequence[Mapping[str, Any]] = ()  # questions read from a CSV
    workshop: str | None = None
    notified: str | None = None
    decision: str | None = None
    decided: str | None = None
    milestones: Sequence[tuple[str, str]] = ()  # (date, text)

    def given(self) -> set[str]:
        """The payload fields this edit touches."""
        touched = {
            "source": self.source, "priority": self.priority, "cases": self.cases, "agencies": self.agencies,
            "responses": self.responses, "practitioners": self.practitioners, "themes": self.themes,
            "self_assessment": self.ratings,
            "questions": [*self.questions, *self.domain_questions, *self.counts, *self.survey],
            "workshop": self.workshop, "peer": self.peer, "notified": self.notified, "decision": self.decision,
            "decided": self.decided, "milestones": self.milestones,
        }
        return {k for k, v in touched.items() if v not in (None, "", (), [])}


def activity_payload(kind: str, edit: ActivityEdit, setup: Partnership, *, strands: Iterable[str],
                     case_ref: Any, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The activity's payload after `edit`, laid over `base`; refuses fields its type does not hold.

    `case_ref` cleans one case reference by the audit's own pattern."""
    setup.activity(kind)
    allowed = SHAPES.get(kind, ())
    stray = sorted(edit.given() - set(allowed))
    if stray:
        label = setup.activity(kind).label
        raise ValidationError(f"A{'n' if label[0] in 'AEIOU' else ''} {label.lower()} does not record "
                              f"{', '.join(FIELD_WORDS[f] for f in stray)}. Nothing was saved.")
    out: dict[str, Any] = dict(base or {})
    out["type"] = kind
    if edit.theme is not None:
        out["theme"] = rec.clean_text(edit.theme, "theme", limit=200)
    if not out.get("theme"):
        raise ValidationError("An activity needs a theme (--theme).")
    if edit.month is not None:
        out["month"] = _month(edit.month)  # left out until known: the payload check wants a month or nothing
    if edit.status is not None:
        out["status"] = rec.choice(edit.status, STATUSES, "status")
    out.setdefault("status", "planned")
    if edit.completed is not None:
        out["completed"] = rec.parse_date(edit.completed, "completion date").isoformat()
        out["status"] = "completed"
    if out["status"] == "completed" and not out.get("completed"):
        raise ValidationError("A completed activity needs its completion date (--completed YYYY-MM-DD).")
    out.setdefault("completed", "")
    out["findings"] = [*out.get("findings", []), *(_text(f, "finding") for f in edit.findings)]
    if edit.learning is not None:
        out["learning"] = rec.clean_text(edit.learning, "learning", required=False, limit=TEXT_LIMIT)
    out.setdefault("learning", "")
    out["entries"] = sorted({*out.get("entries", []), *edit.entries})
    for name in allowed:
        _shape_field(out, name, edit, setup, list(strands), case_ref)
    if kind == "mape":
        out["lead_agency"] = MAPE_LEAD
        if len(out["cases"]) > 1:
            raise ValidationError("A MAPE follows one family's journey: give one case reference.")
    out.setdefault("confirmed_no_names", False)
    return out


def _shape_field(out: dict[str, Any], name: str, edit: ActivityEdit, setup: Partnership, strands: list[str],
                 case_ref: Any) -> None:
    if name == "source":
        if edit.source is not None:
            out["source"] = rec.choice(edit.source, SOURCES, "theme source")
        out.setdefault("source", "")
    elif name == "priority":
        if edit.priority is not None:
            out["priority"] = rec.choice(edit.priority, strands, "priority")
        out.setdefault("priority", "")
    elif name == "cases":
        out["cases"] = sorted({*out.get("cases", []), *(case_ref(c) for c in edit.cases)})
    elif name == "agencies":
        added = [rec.normalise_agency(rec.clean_text(a, "agency", limit=120)) for a in edit.agencies]
        added += [rec.normalise_agency(a) for a, _ in edit.responses]
        added += [rec.normalise_agency(a) for a, _, _ in [*edit.ratings, *edit.peer]]
        out["agencies"] = sorted({*out.get("agencies", []), *added})
    elif name == "responses":
        responses = dict(out.get("responses", {}))
        for agency, text in edit.responses:
            responses[rec.normalise_agency(agency.strip())] = _text(text, "agency's response")
        out["responses"] = responses
    elif name == "practitioners":
        seen = [dict(p) for p in out.get("practitioners", [])]
        for text in edit.practitioners:
            p = practitioner(text)
            if p not in seen:
                seen.append(p)
        out["practitioners"] = seen
    elif name == "themes":
        out["themes"] = [*out.get("themes", []), *(_text(t, "theme heard") for t in edit.themes)]
    elif name == "self_assessment":
        sa = {a: dict(d) for a, d in out.get("self_assessment", {}).items()}
        for agency, domain, rating in edit.ratings:
            sa.setdefault(rec.normalise_agency(agency.strip()), {})[setup.s11.domain(domain).id] = setup.s11.rating(rating)
        out["self_assessment"] = sa
    elif name == "questions":
        questions = [dict(q, counts=dict(q.get("counts", {}))) for q in out.get("questions", [])]
        by_text = {q["text"]: q for q in questions}

        def question(text: str) -> dict[str, Any]:
            if text not in by_text:
                by_text[text] = {"text": text, "counts": {}}
                questions.append(by_text[text])
            return by_text[text]

        for text in edit.questions:
            question(_text(text, "survey question"))
        for domain_id, text in edit.domain_questions:
            question(_text(text, "survey question"))["domain"] = setup.s11.domain(domain_id).id
        for item in edit.survey:
            target = question(str(item["text"]))
            target["counts"] = dict(item["counts"])  # counts entered again replace the last ones
            if item.get("domain"):
                target["domain"] = setup.s11.domain(str(item["domain"])).id
        for ref, text in edit.counts:
            question(_question(ref, questions))["counts"] = counts(text)
        out["questions"] = questions
    elif name == "peer":
        peer = {a: dict(d) for a, d in out.get("peer", {}).items()}
        for agency, domain, text in edit.peer:
            peer.setdefault(rec.normalise_agency(agency.strip()), {})[setup.s11.domain(domain).id] = _text(
                text, "peer review finding")
        out["peer"] = peer
    elif name == "workshop":
        if edit.workshop is not None:
            out["workshop"] = rec.clean_text(edit.workshop, "workshop notes", required=False, limit=TEXT_LIMIT)
        out.setdefault("workshop", "")
    elif name in ("notified", "decided"):
        value = getattr(edit, name)
        if value is not None:
            out[name] = rec.parse_date(value, "date").isoformat()  # left out until known, as the month is
    elif name == "decision":
        if edit.decision is not None:
            out["decision"] = rec.clean_text(edit.decision, "decision", limit=TEXT_LIMIT)
        out.setdefault("decision", "")
    elif name == "milestones":
        out["milestones"] = [*out.get("milestones", []),
                             *({"date": rec.parse_date(d, "milestone date").isoformat(),
                                "text": rec.clean_text(t, "milestone", limit=500)} for d, t in edit.milestones)]
        out["milestones"].sort(key=lambda m: m["date"])


def _question(ref: str, questions: list[dict[str, Any]]) -> str:
    # Counts name a question by its number in the list (1, 2, ...) or by its text.
    if ref.strip().isdigit():
        n = int(ref.strip())
        if not 1 <= n <= len(questions):
            raise ValidationError(f"There is no question {n}: the activity has {len(questions)}.")
        return str(questions[n - 1]["text"])
    return _text(ref, "survey question")


def due_date(payload: Mapping[str, Any], setup: Partnership, add_working_days: Any) -> date | None:
    """When the framework wants the activity finished: a rapid review 15 working days after the
    notification, a CSPR 6 months after the decision; None for the rest."""
    kind = setup.known(str(payload.get("type")))
    if kind.due_working_days and payload.get("notified"):
        return add_working_days(date.fromisoformat(payload["notified"]), kind.due_working_days)
    if kind.due_months and payload.get("decided"):
        d = date.fromisoformat(payload["decided"])
        month = d.month - 1 + kind.due_months
        year, month = d.year + month // 12, month % 12 + 1
        day = min(d.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
                          31, 31, 30, 31, 30, 31][month - 1])
        return date(year, month, day)
    return None


def s11_side_by_side(payload: Mapping[str, Any], setup: Partnership) -> list[dict[str, Any]]:
    """Per domain: each agency's self-rating beside what the survey and the workshops found."""
    rows = []
    for domain in setup.s11.domains:
        rows.append({
            "domain": domain.id, "label": domain.label,
            "self_ratings": {a: d.get(domain.id, "") for a, d in payload.get("self_assessment", {}).items()},
            "survey": [{"text": q["text"], "counts": q["counts"]} for q in payload.get("questions", [])
                       if q.get("domain") == domain.id],
            "peers": {a: d[domain.id] for a, d in payload.get("peer", {}).items() if d.get(domain.id)},
        })
    return rows


# --- actions --------------------------------------------------------------------------------------

def action_payload(*, activity: str, owner_agency: str, owner_title: str, due: str, text: str,
                   priority: str = "medium") -> dict[str, Any]:
    return {
        "activity": activity,
        "owner_agency": rec.normalise_agency(rec.clean_text(owner_agency, "owning agency", limit=120)),
        "owner_title": rec.clean_text(owner_title, "owner's job title", limit=120),
        "due": rec.parse_date(due, "due date").isoformat(),
        "text": _text(text, "action"),
        "priority": rec.choice(priority, PRIORITIES, "priority"),
        "state": "open",
        "evidence": "",
        "done_on": "",
        "impact": "",
        "reviewed_on": "",
        "confirmed_no_names": False,
    }


def action_done(payload: Mapping[str, Any], evidence: str, on: date) -> dict[str, Any]:
    if payload.get("state") != "open":
        raise ValidationError(f"This action is already {payload.get('state')}. Nothing was changed.")
    return {**payload, "state": "done", "evidence": _text(evidence, "evidence of completion"), "done_on": on.isoformat()}


def action_review(payload: Mapping[str, Any], impact: str, on: date) -> dict[str, Any]:
    # The Action Plan Evaluation group judges the impact of what was done, so a review follows completion.
    if payload.get("state") == "open":
        raise ValidationError("An action is reviewed for its impact once it is done: record 'action done' first.")
    return {**payload, "state": "reviewed", "impact": rec.choice(impact, IMPACTS, "impact"),
            "reviewed_on": on.isoformat()}


def overdue(payload: Mapping[str, Any], today: date) -> bool:
    return payload.get("state") == "open" and str(payload.get("due", "9999")) < today.isoformat()

