"""A ready demo of a partnership's year of quality assurance (`fieldwork demo --audit`).

The partnership's year that holds `today`, as the Somerset framework runs it: four quarterly
multi-agency case audits (those whose month has passed completed, this month's in progress, later
ones planned), a MAPE, two insight visits, one Section 11 cycle (self-ratings, survey counts, the
peer-review workshop), and actions in every state: open, overdue, done awaiting review, and
reviewed as met, partly met and not met. Auditors from four agencies are enrolled as a real team
would be. Everything comes from one seeded random number generator.

Privacy: cases are CR-3xxxxx references, auditors initials, practitioners job titles, and every
text is written to pass the name check (it runs on every write).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from fieldwork import audit as audit_domain
from fieldwork import partnership
from fieldwork import records as rec
from fieldwork.activities import ActivityEdit
from store import activities, audit, children
from store.demo_marker import DEMO_MARKER, DEMO_PASSPHRASE
from store.team import enrol
from store.workspace import Workspace

PACK = "somerset-partnership-audit"
AREA = "Demo Partnership"
AGENCIES = ("Children's social care", "Police", "Health", "Education")

# Each quarter's audit theme, its priority, and what the auditors found.
THEMES = (
    ("Neglect in under-fives", "safe-start", "Fathers were rarely invited to core groups.",
     "Invite fathers or male carers from the first meeting."),
    ("Children on reduced timetables", "safe-community", "Reduced timetables were not seen as a safeguarding risk.",
     "Treat a reduced timetable as a reason to review the plan."),
    ("Waiting for emotional health support", "mental-health", "Children waited months with no interim contact.",
     "Offer an interim contact while a child waits."),
    ("Neglect in under-fives, revisited", "safe-start", "Fathers were invited in most cases; the neglect tool was used.",
     "Keep the core group template and check it again in a year."),
)
GRADES = ("good", "requires-improvement", "inadequate", "outstanding")
DEVELOPMENT = (
    "The neglect tool was not used at the first contact.",
    "The plan did not say who would see the child alone.",
    "Information from school reached the core group late.",
)
GOOD_PRACTICE = (
    "The health visitor saw the baby weekly and shared concerns quickly.",
    "The school's safeguarding lead joined every core group.",
    "The social worker recorded the child's own words in each visit.",
)


def _month_date(year: int, month: int, day: int = 15) -> date:
    return date(year, month, day)


def build_audit_demo(home: Path, passphrase: str = DEMO_PASSPHRASE, *, seed: int = 1,
                     today: date | None = None) -> Workspace:
    """Create the demo partnership in `home` and return it unlocked (the caller closes it)."""
    rng = random.Random(seed)
    today = today or date.today()
    qa = partnership.load(PACK)
    assert qa is not None
    year = qa.quarter(today).year
    months = partnership.year_months(year, qa.year_starts)
    inspection = rec.inspection_payload(area=AREA, theme=f"Quality assurance {partnership.Quarter(year, 1).label[:7]}",
                                        notified=date(year, qa.year_starts, 1), packs=[PACK], mode="audit")
    inspection["grading"] = "four-step"
    me = audit_domain.auditor_payload(name="AB", agency=AGENCIES[0], inspectorate=None, role="lead")
    ws = Workspace.create(home, passphrase, inspection=inspection, me=me)
    ws.log.db.execute("PRAGMA synchronous=OFF")  # a demo interrupted is simply made again
    try:
        for initials, agency in zip(("CD", "EF", "GH"), AGENCIES[1:]):
            enrol(ws, name=initials, agency=agency, key=None)
        _year(ws, rng, qa, months, today)
    finally:
        ws.log.db.execute("PRAGMA synchronous=FULL")
    marker = {"demo": True, "audit": True, "passphrase": passphrase if passphrase == DEMO_PASSPHRASE else None,
              "seed": seed}
    (Path(home) / DEMO_MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    return ws


def _status(when: date, today: date) -> dict[str, str | None]:
    """Completed once its month has passed, in progress in its month, planned after."""
    if (when.year, when.month) < (today.year, today.month):
        return {"completed": min(when + timedelta(days=10), today).isoformat()}
    if (when.year, when.month) == (today.year, today.month):
        return {"status": "in-progress"}
    return {"status": "planned"}


def _year(ws: Workspace, rng: random.Random, qa: partnership.Partnership, months: list[tuple[int, int]],
          today: date) -> None:
    case_no = iter(range(300101, 300999))
    audits = []
    for quarter, (theme, priority, finding, learning) in enumerate(THEMES):
        y, m = months[quarter * 3]  # April, July, October, January
        when = _month_date(y, m)
        refs = [f"CR-{next(case_no)}" for _ in range(rng.randint(4, 6))]
        for ref in refs:
            children.add(ws, {"case_ref": ref})
        state = _status(when, today)
        done = "completed" in state
        record = activities.save(ws, "case-audit", ActivityEdit(
            theme=theme, month=f"{y}-{m:02d}", source="priorities", priority=priority, cases=refs,
            agencies=list(AGENCIES), responses=[(a, f"{a} reviewed its records for every case.") for a in AGENCIES[1:3]],
            findings=[finding] if done else [], learning=learning if done else None,
            completed=state.get("completed"), status=state.get("status")))
        audits.append((record, when, done))
        if done:
            # Grades improve over the year for the neglect theme, as the view across quarters shows.
            weights = (3, 4, 2, 1) if quarter < 3 else (1, 5, 1, 2)
            for ref in refs:
                audit.set_grade(ws, ref, rng.choices(GRADES, weights=weights)[0])
            audit.set_domain(ws, refs[0], priority, {"good_practice": rng.choice(GOOD_PRACTICE),
                                                     "development": rng.choice(DEVELOPMENT),
                                                     "recommendation": learning})
    # A MAPE in August, two insight visits (May and September), the Section 11 cycle from July.
    family = f"CR-{next(case_no)}"
    children.add(ws, {"case_ref": family})
    y, m = months[4]
    mape = activities.save(ws, "mape", ActivityEdit(
        theme="One family's journey through early help", month=f"{y}-{m:02d}", cases=[family],
        agencies=["Health", "Education", "Police"], **_status(_month_date(y, m), today),
        findings=["Early help was offered twice before a referral was accepted."],
        learning="Share the early help assessment with the school at the start."))
    for month_index in (1, 5):
        y, m = months[month_index]
        activities.save(ws, "insight-visit", ActivityEdit(
            theme="The front door and the early help offer", month=f"{y}-{m:02d}", **_status(_month_date(y, m), today),
            practitioners=["Health visitor, Health", "Designated safeguarding lead, Education",
                           "Neighbourhood officer, Police"],
            themes=["Thresholds are understood but feedback after a referral is rare."]))
    y, m = months[3]
    s11 = activities.save(ws, "s11", ActivityEdit(
        theme="Section 11 cycle", month=f"{y}-{m:02d}", status="in-progress",
        ratings=[(agency, d.id, rng.choice(qa.s11.ratings)) for agency in AGENCIES for d in qa.s11.domains],
        domain_questions=[("culture", "Do you know how to escalate a concern about another agency?"),
                          ("workforce", "Have you had safeguarding supervision in the last three months?")]))
    activities.save(ws, None, ActivityEdit(
        counts=[("1", "yes=41, no=9"), ("2", "yes=28, no=22")],
        workshop="Peers found supervision records thin in two agencies.",
        peer=[("Health", "workforce", "Supervision is planned but often cancelled when the team is short."),
              ("Police", "culture", "Officers described escalating to a partner without fear.")]),
        record_id=s11.id)
    _actions(ws, audits, mape.id, today)


def _actions(ws: Workspace, audits: list, mape_id: str, today: date) -> None:
    """Actions in every state: reviewed (met, partly, not met), done awaiting review, overdue, open."""
    first = audits[0][0].id
    second = audits[1][0].id
    rows = [
        (first, "Children's social care", "Team manager", -120, "Invite fathers to every core group.", ("met",)),
        (first, "Health", "Named nurse", -100, "Use the neglect tool at the first health contact.", ("partly",)),
        (first, "Education", "Designated safeguarding lead", -90, "School contact forms to ask about fathers.",
         ("not-met",)),
        (second, "Education", "Head of inclusion", -30, "Review every reduced timetable at six weeks.", ("done",)),
        (mape_id, "Police", "Detective inspector", -14, "Brief all teams on the early help offer.", ()),
        (second, "Health", "Designated nurse", 21, "Audit the use of interim contacts.", ()),
    ]
    for activity_id, agency, title, due_in, text, steps in rows:
        due = today + timedelta(days=due_in)
        record = activities.add_action(ws, activity=activity_id, owner_agency=agency, owner_title=title,
                                       due=due.isoformat(), text=text, priority="high" if due_in < 0 else "medium")
        if steps:
            activities.action_done(ws, record.id, "Evidence seen by the Action Plan Evaluation group.",
                                   min(due, today))
        if steps and steps[0] != "done":
            activities.action_review(ws, record.id, steps[0], min(due + timedelta(days=14), today))
