"""A ready demo inspection: made-up children, a team of twelve and a few hundred SEA entries.

For trying the app (`fieldwork demo`), for screenshots and UI tests, and at scale for benchmarks
(`build_demo(home, pp, entries=2000)`). Everything is generated from one seeded random number
generator, so the same seed and the same `today` give the same inspection, record ids included.

The demo is written as if a dozen laptops had synced: every inspector signs with their own Ed25519
device key, and the store's clock is driven through the simulated days of the inspection so that
history shows entries written on the evening of the day the evidence was gathered, children
shortlisted on day 1, tracked on day 2 and allocated on day 6 (JTAI guidance para 9). Exactly one
SEA entry is left in conflict: two inspectors edited it from the same version.

Privacy: no names anywhere. Children are CR-1xxxxx case references, inspectors are initials,
practitioners are job titles, and every text is built from templates that the name check passes
(a test proves it).
"""

from __future__ import annotations

import inspect
import json
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from fieldwork import authority
from fieldwork import records as rec
from fieldwork import tickets
from fieldwork.clock import HybridClock
from fieldwork.workdays import WorkingCalendar
from store import crypto
from store import demo_week
from store.demo_marker import DEMO_MARKER, DEMO_PASSPHRASE, demo_passphrase, is_demo
from store.keyring import Keyring
from store.team import confirm_bindings, enrol
from store.workspace import Change, Workspace

__all__ = ["DEMO_MARKER", "DEMO_PASSPHRASE", "build_demo", "demo_passphrase", "is_demo"]


AREA = "Demo Borough"
THEME = "Neglect"
PACKS = ["jtai-2016-front-door", "jtai-neglect"]

# The team of twelve: (inspectorate, role). The first is the lead, who owns this laptop.
TEAM: tuple[tuple[str, str], ...] = (
    ("ofsted", "lead"),
    ("ofsted", "team"),
    ("cqc", "team"),
    ("hmicfrs", "team"),
    ("hmip", "team"),
    ("ofsted", "team"),
    ("cqc", "team"),
    ("hmicfrs", "team"),
    ("hmip", "team"),
    ("cqc", "team"),
    ("ofsted", "qa"),
    ("ofsted", "sao"),
)

AGENCIES = (
    "Children's social care",
    "Police",
    "Health visiting",
    "School nursing",
    "CAMHS",
    "GP practice",
    "Education",
    "Early help",
    "Youth offending service",
    "Adult mental health",
    "Emergency department",
)
PROBATION_AGENCIES = ("National Probation Service", "Community rehabilitation company")

# A balanced tracked group of six (para 54): (age band, gender, disability, ethnicity, involvement,
# probation). Every attribute varies and one child has probation involvement.
TRACKED: tuple[tuple[str, str, str, str, str, bool], ...] = (
    ("0-4", "female", "no", "white", "child-protection", False),
    ("5-9", "male", "yes", "black", "child-in-need", False),
    ("10-15", "female", "no", "asian", "looked-after", False),
    ("10-15", "male", "no", "mixed", "child-protection", True),
    ("16-17", "female", "yes", "white", "looked-after", True),
    ("5-9", "male", "no", "white", "early-help", False),
)

# --- text templates: evaluative, job titles only, no names ---------------------------------------

_PRACTICE = (
    "strategy discussions",
    "the response to domestic abuse notifications",
    "return home interviews",
    "threshold decisions at the front door",
    "assessments of neglect",
    "core group meetings",
    "information sharing between agencies",
    "management oversight of the plan",
    "the use of chronologies",
    "direct work with the child",
    "child protection enquiries",
    "the step-down to early help",
)
_WHO = (
    "social workers",
    "health visitors",
    "police officers in the front door team",
    "school designated safeguarding leads",
    "team managers",
    "early help workers",
    "youth offending service case managers",
    "probation officers",
    "school nurses",
    "practitioners across agencies",
)
# The practice each template speaks of is always its object, never the subject of a verb that must
# agree with it, so "information sharing between agencies" and "strategy discussions" both read
# right; no template restates its own practice ("Management oversight was strong: management
# oversight of..."). Every template names a practice or a role, so texts can be drawn without
# repeating one (see `_Texts`).
_TEMPLATES: dict[str, tuple[str, ...]] = {
    "strength": (
        "{who} understood the risks well and handled {practice} in good time, recording the rationale for each decision clearly.",
        "{who} knew the child well; the child's wishes and feelings were evident in the record and shaped {practice}.",
        "Managers reviewed {practice} regularly and challenged drift promptly, so the plan kept pace with the child's needs.",
        "{who} shared information quickly, and the work on {practice} led to a proportionate multi-agency response.",
        "The impact of neglect on the child was well understood, and {who} kept {practice} focused on the child.",
    ),
    "development": (
        "Work on {practice} did not always happen in good time; in this case a delay of several days left the child without a plan.",
        "{who} did not always record the rationale for decisions, so the impact of {practice} is hard to see.",
        "The chronology was incomplete, and {practice} did not take account of the history of neglect.",
        "Health partners were not routinely invited, so {practice} lacked their information.",
        "Supervision records are brief and do not show how {who} were helped to reflect on cumulative harm in {practice}.",
        "Plans were generic; {practice} did not set out what needed to change for the child or by when.",
    ),
    "concern": (
        "Risk was not recognised: {practice} came too late, and the child remained at risk of significant harm without a protection plan.",
        "No strategy discussion was held despite a clear safeguarding concern, and {who} did not escalate their worries about {practice}.",
        "Repeated referrals about neglect were closed without assessment; {who} missed the cumulative risk, and {practice} did not follow.",
    ),
    "context": (
        "Demand at the front door has risen sharply this year, and {who} report high caseloads that affect {practice}.",
        "The partnership introduced a new neglect toolkit recently, and {who} are still adjusting {practice} to it.",
        "A restructure of the front door team took place last quarter, and {who} describe a period of change in {practice}.",
    ),
}
# What the source was, in the words after the source type (the type is shown beside it, so "Case
# file:" or "Document:" here would read twice).
_SOURCES: dict[str, tuple[str, ...]] = {
    "case-file": (
        "Strategy discussion record",
        "Child and family assessment",
        "Front door decision record",
        "Child protection plan",
        "Supervision notes",
    ),
    "interview": (
        "Social worker",
        "Team manager",
        "Health visitor",
        "Designated safeguarding lead",
        "Police sergeant, front door team",
        "Youth offending service case manager",
        "Probation officer",
        "School nurse",
    ),
    "observation": (
        "Strategy meeting",
        "Front door daily meeting",
        "Core group meeting",
    ),
    "document": (
        "Safeguarding partnership annual report",
        "Partnership neglect strategy",
        "Audit of front door decisions",
    ),
    "child-family": (
        "Discussion with a parent",
        "Discussion with the young person",
        "Discussion with a foster carer",
    ),
    "other": ("Performance data",),
}


class _Texts:
    """Entry texts drawn without repeats: each (template, practice, role) is used once before any
    is used again, so no sentence recurs in a demo of a few hundred entries. One draw from the
    generator per text, whatever has been used, so the rest of the demo does not shift."""

    def __init__(self) -> None:
        self._used: dict[str, set[tuple[int, int, int]]] = {j: set() for j in _TEMPLATES}
        self._combos: dict[str, list[tuple[int, int, int]]] = {
            j: [
                (t, p, w)
                for t, template in enumerate(templates)
                for p in range(len(_PRACTICE))
                for w in (range(len(_WHO)) if "{who}" in template else (0,))
            ]
            for j, templates in _TEMPLATES.items()
        }

    def draw(self, rng: random.Random, judgement: str) -> str:
        templates = _TEMPLATES[judgement]
        combos = self._combos[judgement]
        used = self._used[judgement]
        if len(used) >= len(combos):
            used.clear()  # a demo far larger than the default: start the cycle again
        start = rng.randrange(len(combos))
        for step in range(len(combos)):
            combo = combos[(start + step) % len(combos)]
            if combo not in used:
                break
        used.add(combo)
        t, p, w = combo
        text = templates[t].format(practice=_PRACTICE[p], who=_WHO[w])
        return text[0].upper() + text[1:]


@dataclass
class _Member:
    id: str
    initials: str
    inspectorate: str
    role: str
    key: Ed25519PrivateKey | None  # None: the lead, who signs with this laptop's own key


def _ring(ws: Workspace) -> Keyring:
    assert ws.ring is not None
    return ws.ring


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _key(rng: random.Random) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))


def _initials(rng: random.Random, count: int) -> list[str]:
    letters = "ABCDEFGHJKLMNPRSTW"
    seen: list[str] = []
    while len(seen) < count:
        pair = rng.choice(letters) + rng.choice(letters)
        if pair not in seen:
            seen.append(pair)
    return seen


class _SimClock:
    """Drives the store's hybrid clock through the simulated days, so history reads naturally."""

    def __init__(self) -> None:
        self.at = datetime(2000, 1, 1)

    def set(self, when: datetime) -> None:
        self.at = when

    def now_ms(self) -> int:
        return int(self.at.timestamp() * 1000)


def build_demo(
    home: Path,
    passphrase: str = DEMO_PASSPHRASE,
    *,
    seed: int = 1,
    today: date | None = None,
    scale: float = 1.0,
    entries: int = 300,
    children: int = 60,
    inspectors: int = 12,
) -> Workspace:
    """Create the demo inspection in `home` and return it unlocked (the caller closes it).

    Notification is the Tuesday two weeks before the week of `today` (default: the real today), as
    para 9 has it, so the demo opens on the on-site week (days 9-13; a weekend shows day 13).
    `scale` multiplies the number of SEA entries.
    """
    home = Path(home)
    rng = random.Random(seed)
    today = today or date.today()
    cal = WorkingCalendar()
    notified = today - timedelta(days=today.weekday()) - timedelta(days=13)
    now_day = max(cal.day_number(notified, today), 0)

    def day(n: int) -> date:
        return cal.add_working_days(notified, min(n, now_day))

    def at(n: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day(n), time(hour, minute))

    team = _make_team(rng, max(inspectors, 1))
    lead = team[0]
    ws = Workspace.new(
        home,
        passphrase,
        inspection_id=_uuid(rng),
        inspection_key=crypto.new_key(),
        inspector_id=lead.id,
        signing_key=_key(rng),
    )
    sim = _SimClock()
    ws.clock = HybridClock(ws.clock.last, now=sim.now_ms)
    # A hundred small transactions each waiting for the disk would take seconds; a demo that is
    # interrupted is simply made again, so it is written without a sync per commit.
    ws.log.db.execute("PRAGMA synchronous=OFF")
    try:
        sim.set(at(-1, 16))
        inspection = rec.inspection_payload(area=AREA, theme=THEME, notified=notified, packs=PACKS)
        me = rec.inspector_payload(name=lead.initials, inspectorate=lead.inspectorate, role="lead")
        # As `init` writes them: the root device's certificate, the inspection, the lead.
        ws.write([
            Change("device", tickets.device_payload(
                device=ws.device_id, public_key=crypto.b64(crypto.public_raw(_ring(ws).signing_key)),
                inspector=ws.me_id, role="lead"), record=ws.device_id),
            Change("inspection", inspection, record=ws.inspection_id),
            Change("inspector", {**me, "devices": [ws.device_id]}, record=ws.me_id),
        ])
        for n, member in enumerate(team[1:]):
            assert member.key is not None
            sim.set(at(0, 10, n))
            # Each member joins as a real laptop would: the lead's ticket, then the member's own
            # device certificate and inspector record, signed by the member's key.
            enrol(
                ws, name=member.initials, inspectorate=member.inspectorate, role=member.role, key=member.key,
                inspector=member.id, now=datetime.combine(at(0, 10, n).date(), time(9), tzinfo=timezone.utc),
            )
        confirm_bindings(ws)  # the lead has seen every member's laptop: each invite is used
        kids = _write_children(ws, rng, team, max(children, 0), sim, at)
        total = max(int(round(entries * scale)), 0)
        sea_ids = _write_entries(ws, rng, team, kids, total, sim, notified, now_day, cal)
        if len(sea_ids) >= 2 and len(team) >= 2:
            _make_conflict(ws, rng, team, sea_ids, sim, at(now_day, 19, 30))
        sim.set(at(now_day, 20))
        _write_others(ws, rng, team, today, sea_ids)
        demo_week.write_week(ws, team, sim.set, day)  # the plan, allocation, voice and meetings (issue 16)
    finally:
        # Back to the wall clock for whatever the user does next; the clock never runs backwards.
        ws.clock = HybridClock(ws.clock.last)
        ws.log.db.execute("PRAGMA synchronous=FULL")
    marker = {"demo": True, "passphrase": passphrase if passphrase == DEMO_PASSPHRASE else None, "seed": seed}
    (home / DEMO_MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    return ws


def _make_team(rng: random.Random, count: int) -> list[_Member]:
    initials = _initials(rng, count)
    members: list[_Member] = []
    for n in range(count):
        inspectorate, role = TEAM[n] if n < len(TEAM) else (("ofsted", "cqc", "hmicfrs", "hmip")[n % 4], "team")
        members.append(_Member(_uuid(rng), initials[n], inspectorate, role, None if n == 0 else _key(rng)))
    return members


def _write_children(
    ws: Workspace,
    rng: random.Random,
    team: list[_Member],
    count: int,
    sim: _SimClock,
    at: Callable[..., datetime],
) -> list[dict[str, Any]]:
    """Children as the lead receives and selects them: the deep-dive list on day 0, 20 shortlisted
    on day 1, 5-7 tracked on day 2, allocations on day 6, consent on day 8, the sample on day 8."""
    refs = [f"CR-{n}" for n in rng.sample(range(100000, 200000), count)]
    n_sampled = round(count * 0.27)
    pool = count - n_sampled
    n_short = min(20, pool)
    n_tracked = min(len(TRACKED), n_short)
    kids: list[dict[str, Any]] = []
    for n, ref in enumerate(refs):
        if n < n_tracked:
            age, gender, disability, ethnicity, involvement, probation = TRACKED[n]
        else:
            age = rng.choice(rec.AGE_BANDS[:5])
            gender = rng.choices(rec.GENDERS, weights=(46, 46, 3, 5))[0]
            disability = rng.choices(rec.DISABILITY, weights=(20, 70, 10))[0]
            ethnicity = rng.choices(rec.ETHNICITIES, weights=(55, 12, 12, 12, 5, 4))[0]
            involvement = rng.choice(rec.INVOLVEMENT)
            probation = rng.random() < 0.12
            if age == "unborn":
                # Pre-birth work: no gender recorded, and the involvement is protection or support.
                gender, disability = "not-recorded", "not-recorded"
                involvement = rng.choice(("child-protection", "child-in-need", "assessment"))
        agencies = rng.sample(AGENCIES, rng.randint(2, 4))
        if probation:
            agencies.append(rng.choice(PROBATION_AGENCIES))
        final = "tracked" if n < n_tracked else "shortlisted" if n < n_short else "deep-dive" if n < pool else "sampled"
        kids.append({
            "id": _uuid(rng),
            "final": final,
            "fields": {
                "case_ref": ref,
                "age_band": age,
                "gender": gender,
                "disability": disability,
                "ethnicity": ethnicity,
                "involvement": involvement,
                "probation": probation,
                "agencies": agencies,
            },
        })
    payloads: dict[str, dict[str, Any]] = {}

    def step(when: datetime, updates: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
        if not updates:
            return
        sim.set(when)
        changes = []
        for kid, fields in updates:
            payload = rec.child_payload(fields, base=payloads.get(kid["id"]))
            payloads[kid["id"]] = payload
            changes.append(Change("child", payload, record=kid["id"]))
        ws.write(changes)

    field_team = [m for m in team if m.role in ("lead", "team")]
    listed = [k for k in kids if k["final"] != "sampled"]
    step(at(0, 17), [(k, {**k["fields"], "stage": "deep-dive"}) for k in listed])
    short = [k for k in kids if k["final"] in ("tracked", "shortlisted")]
    step(at(1, 12), [(k, {"stage": "shortlisted"}) for k in short])
    step(at(2, 16, 30), [(k, {"stage": "tracked"}) for k in kids if k["final"] == "tracked"])
    # Day 6: the lead shares out the tracked children and most of the shortlist.
    allocations = []
    for n, k in enumerate(short):
        if k["final"] == "tracked" or rng.random() < 0.6:
            k["allocated"] = field_team[(n + 1) % len(field_team)].id
            allocations.append((k, {"allocated": k["allocated"]}))
    step(at(6, 15), allocations)
    # Day 8: agencies confirm consent in writing (para 50); the sample is chosen for the week.
    consent = []
    for k in short:
        if k["final"] == "tracked":
            value = rng.choices(rec.CONSENT, weights=(1, 8, 1, 1))[0]
        else:
            value = rng.choices(rec.CONSENT, weights=(4, 5, 1, 1))[0]
        if value != "unknown":
            consent.append((k, {"consent": value}))
    step(at(8, 14), consent)
    sampled = []
    for n, k in enumerate(kids):
        if k["final"] == "sampled":
            k["allocated"] = field_team[n % len(field_team)].id
            sampled.append((k, {**k["fields"], "stage": "sampled", "allocated": k["allocated"]}))
    step(at(8, 16), sampled)
    for k in kids:
        k["payload"] = payloads.get(k["id"], {})
    return kids


def _write_entries(
    ws: Workspace,
    rng: random.Random,
    team: list[_Member],
    kids: list[dict[str, Any]],
    total: int,
    sim: _SimClock,
    notified: date,
    now_day: int,
    cal: WorkingCalendar,
) -> list[str]:
    """SEA entries spread over the case-file reading of week two and the on-site days, written up
    in each inspector's evening slot; about one in twelve is recorded late (para 78)."""
    if total == 0:
        return []
    from store.sea import rules as sea_rules

    rules = sea_rules(ws)
    framework = ws.framework
    by_strand: dict[str, list[str]] = {}
    for criterion in framework.criteria:
        by_strand.setdefault(criterion.strand, []).append(criterion.code)
    # Every inspector writes: the QA manager (on site Thursday and Friday, para 93) and the senior
    # analytical officer (days 9-10, para 9, 69) a few entries each, the rest of the team most.
    writers = team
    writer_weights = [1 if m.role in ("qa", "sao") else 4 for m in writers]
    texts = _Texts()
    tracked = [k for k in kids if k["final"] == "tracked"]
    sampled = [k for k in kids if k["final"] == "sampled"]
    shortlisted = [k for k in kids if k["final"] == "shortlisted"]
    # A tracked child whose inspector has not written anything yet gives Home something due.
    quiet = tracked[-1]["fields"]["case_ref"] if len(tracked) >= 5 else None
    days = [d for d in range(5, 13) if d <= now_day] or [now_day]
    weights = [1 if d < 9 else 4 for d in days]
    planned: list[tuple[datetime, int, dict[str, Any]]] = []
    for _ in range(total):
        writer = rng.choices(range(len(writers)), weights=writer_weights)[0]
        evidence_day = rng.choices(days, weights=weights)[0]
        pick = rng.random()
        subject: list[str] = []
        if pick < 0.40 and tracked:
            choices = [k for k in tracked if k["fields"]["case_ref"] != quiet] or tracked
            subject = [rng.choice(choices)["fields"]["case_ref"]]
            strand = "deep-dive" if rng.random() < 0.7 else "front-door"
        elif pick < 0.75 and sampled:
            subject = [rng.choice(sampled)["fields"]["case_ref"]]
            strand = "front-door"
        elif pick < 0.85 and shortlisted:
            subject = [rng.choice(shortlisted)["fields"]["case_ref"]]
            strand = "front-door"
        else:
            strand = rng.choice(["leadership", "partnership"])
        codes = by_strand.get(strand) or [c.code for c in framework.criteria]
        criteria = rng.sample(codes, 2 if rng.random() < 0.2 and len(codes) > 1 else 1)
        judgement = rng.choices(("strength", "development", "concern", "context"), weights=(35, 42, 7, 16))[0]
        source = rng.choices(tuple(_SOURCES), weights=(35, 30, 12, 8, 10, 5))[0]
        text = texts.draw(rng, judgement)
        delay = rng.choices((0, 1, 2, 3, 4), weights=(50, 28, 12, 6, 4))[0]
        recorded_day = min(evidence_day + delay, now_day)
        # Evidence collection ceases at 3.00pm on day 12 (para 9): that day's evidence is earlier.
        latest = 14 if evidence_day >= 12 else 15
        evidence_at = datetime.combine(cal.add_working_days(notified, evidence_day), time(rng.randint(9, latest), rng.choice((0, 15, 30, 45))))
        # Each inspector writes up in their own slot of the evening, a minute an entry.
        slot = datetime.combine(cal.add_working_days(notified, recorded_day), time(16, 0)) + timedelta(minutes=7 * writer)
        fields: dict[str, Any] = {
            "criteria": criteria,
            "judgement": judgement,
            "source_type": source,
            "source_detail": rng.choice(_SOURCES[source]),
            "evidence_at": evidence_at,
            "children": subject,
            "agencies": rng.sample(AGENCIES, rng.randint(1, 3)),
            "text": text,
        }
        if rng.random() < 0.1 and len(writers) > 1:
            partner = writers[(writer + 1 + rng.randrange(len(writers) - 1)) % len(writers)]
            fields["agreed_by"] = [partner.id]
        planned.append((slot, writer, fields))
    planned.sort(key=lambda p: (p[0], p[1]))
    ids: list[str] = []
    groups: dict[tuple[datetime, int], list[dict[str, Any]]] = {}
    for slot, writer, fields in planned:
        groups.setdefault((slot, writer), []).append(fields)
    for (slot, writer), batch in groups.items():
        member = writers[writer]
        changes = []
        for n, fields in enumerate(batch):
            written = slot + timedelta(minutes=n)
            fields["recorded_at"] = written
            record = _uuid(rng)
            ids.append(record)
            changes.append(Change("sea", rec.sea_payload(fields, rules), record=record))
        sim.set(slot)
        identity = None if member.key is None else (member.id, member.key)
        ws.write(changes, as_identity=identity)
    return ids


def _make_conflict(
    ws: Workspace, rng: random.Random, team: list[_Member], sea_ids: list[str], sim: _SimClock, when: datetime
) -> None:
    """Two inspectors edit the same entry from the same version, offline: one conflict to resolve."""
    members = {m.id: m for m in team}
    candidates = [i for i in sea_ids if ws.get(i) and ws.get(i).author in members]  # type: ignore[union-attr]
    record = ws.get(rng.choice(candidates[len(candidates) // 2 :] or candidates))
    assert record is not None
    base = record.version
    author = members[record.author]
    others = [m for m in team if m.id != author.id and m.role in ("lead", "team")]
    other = rng.choice(others or [m for m in team if m.id != author.id])
    mine = {
        **record.payload,
        "text": record.payload["text"] + " The manager's oversight of this decision was recorded the same day.",
    }
    theirs = {
        **record.payload,
        "judgement": "development" if record.payload.get("judgement") != "development" else "strength",
        "text": record.payload["text"] + " However, the plan was not reviewed when circumstances changed.",
        "agreed_by": [author.id],
    }
    for n, (member, payload) in enumerate(((author, mine), (other, theirs))):
        sim.set(when + timedelta(minutes=n))
        identity = None if member.key is None else (member.id, member.key)
        made = ws.write([Change("sea", payload, record=record.id, parents=(base,))], as_identity=identity)[0]
        if n == 0:
            # The author revises their own wording once more, so their side has the longer history
            # and wins meanwhile on every build (version ids, which break a tie, are random).
            sim.set(when + timedelta(seconds=30))
            revised = {**mine, "text": mine["text"].replace(" the same day.", " the same day, with the reasons.")}
            ws.write([Change("sea", revised, record=record.id, parents=(made.id,))], as_identity=identity)


def _accepts(func: Callable[..., Any], name: str) -> bool:
    try:
        return name in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


def _write_others(ws: Workspace, rng: random.Random, team: list[_Member], today: date, sea_ids: Sequence[str]) -> None:
    """Concerns and findings, from their own modules' demo generators, signed by their authors."""
    members = {m.id: m for m in team}
    batches: list[list[Change]] = []
    try:
        from store import concerns
    except ImportError:
        concerns = None  # type: ignore[assignment]
    if concerns is not None and hasattr(concerns, "demo_changes"):
        kids = ws.records("child")
        people = ws.records("inspector")
        extra = {"today": today} if _accepts(concerns.demo_changes, "today") else {}
        batches.append(concerns.demo_changes(rng, kids, people, **extra))
    try:
        from store import findings
    except ImportError:
        findings = None  # type: ignore[assignment]
    if findings is not None and hasattr(findings, "demo_changes") and sea_ids:
        extra = {}
        if _accepts(findings.demo_changes, "entries"):
            # Not the entry left in conflict: which version wins depends on version ids that differ
            # on every build, and the findings would follow it (the demo must be the same each time).
            extra["entries"] = {
                i: r.payload for i in sea_ids if (r := ws.get(i)) is not None and not r.conflicted
            }
        steady = [i for i in sea_ids if (r := ws.get(i)) is not None and not r.conflicted]
        batches.append(findings.demo_changes(rng, steady, **extra))
    for changes in batches:
        # Group by the author the payload names, so a concern is signed by whoever raised it.
        by_author: dict[str, list[Change]] = {}
        for change in changes:
            author = str(change.payload.get("referred_by") or ws.me_id)
            if author not in members or authority.check(
                kind=change.kind, op=change.op, role=members[author].role, author=author,
                record=change.record or "", before=None, after=change.payload,
            ):
                # What only the lead may write (a sign-off, an agreed finding) is the lead's version.
                author = ws.me_id
            by_author.setdefault(author, []).append(change)
        for author, group in by_author.items():
            member = members[author]
            identity = None if member.key is None else (member.id, member.key)
            ws.write(group, as_identity=identity)
