"""Generate realistic inspections at scale for the benchmarks and the reliability tests.

A standard inspection is what the performance budget in DESIGN.md names: 12 inspectors, 60
children, 2,000 SEA entries, 30 concerns and 40 findings, written as if twelve laptops had synced
(each inspector's versions are signed by that inspector's own device key, through
`Workspace.write(as_identity=...)`). `scale` multiplies everything but the team: a team is twelve
people however much they write.

Privacy: made-up case references (CR-1xxxxx), initials for inspectors, job titles for staff and
evaluative text assembled from phrases; no names anywhere.

Stores are created with FIELDWORK_KDF=fast: the benchmarks exclude the passphrase KDF from every
figure but `kdf` (which measures the shipped parameters on their own). The fast parameters are
stored in the keyring, so these stores stay fast whatever the environment says later.

Usage (prints a JSON summary):
    python benchmarks/generate.py HOME [--scale 5] [--seed 2026]
    python benchmarks/generate.py --merge DIR      # a lead's base store and 12 laptops' bundles
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("FIELDWORK_BENCHMARK", "1")  # the fast test KDF is refused elsewhere (store/crypto.py)

from fieldwork import concerns as con  # noqa: E402
from fieldwork import findings as fnd  # noqa: E402
from fieldwork import records as rec  # noqa: E402
from fieldwork.gaps import Entry  # noqa: E402
from store import crypto  # noqa: E402
from store.team import confirm_bindings, enrol
from store.workspace import Change, Workspace  # noqa: E402

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PASSPHRASE = "benchmark passphrase, not a secret"
PACKS = ["jtai-2016-front-door", "jtai-neglect"]
NOTIFIED = date(2026, 11, 10)
TODAY = date(2026, 11, 27)  # the Friday of the on-site fortnight: every date below is before it

STANDARD = {"inspectors": 12, "children": 60, "entries": 2000, "concerns": 30, "findings": 40}
# Of the entries, the share edited once after they were written (a second version each).
EDITED = 0.15
BATCH = 500

INITIALS = ["AA", "BC", "DE", "FG", "HJ", "KL", "MN", "PQ", "RS", "TU", "VW", "XY", "ZA", "BD", "CE", "DF"]
INSPECTORATES = ["ofsted", "ofsted", "ofsted", "cqc", "cqc", "cqc", "hmicfrs", "hmicfrs", "hmip", "hmip", "ofsted", "cqc"]
AGENCIES = ["Police", "Children's social care", "Health", "Education", "Probation", "Youth justice", "Early help"]
TITLES = [
    "MASH team manager", "Social worker", "Designated safeguarding lead", "Health visitor",
    "Detective sergeant", "School nurse", "Probation officer", "Independent reviewing officer",
    "Early help coordinator", "Head of service", "Practice supervisor", "GP safeguarding lead",
]
SUBJECTS = [
    "Information sharing between police and children's social care",
    "The strategy discussion",
    "Management oversight of the referral",
    "The assessment of the child's lived experience",
    "Multi-agency attendance at the core group",
    "The response to missing episodes",
    "Recording of the child's views",
    "Health input to the initial child protection conference",
    "The school's referral to the front door",
    "Step-down planning to early help",
    "Supervision of the allocated worker",
    "Consideration of neglect over time",
]
QUALITIES = {
    "strength": ["was timely and effective", "was thorough and child-focused", "showed a clear rationale for the decision",
                 "was well coordinated across agencies"],
    "development": ["was delayed by two working days", "did not consider the history of neglect",
                    "lacked a clear analysis of risk", "was not recorded in the health record"],
    "concern": ["left the child at risk of significant harm without a plan", "did not take place despite escalating concerns",
                "was closed without checks with partner agencies"],
    "context": ["took place during a period of staff turnover", "followed a change of allocated worker",
                "was affected by the move to a new case recording system"],
}
DETAILS = [
    "The chronology shows repeated missed health appointments.",
    "Partners described the threshold document as well understood.",
    "The plan has clear, measurable actions with timescales.",
    "Visits were recorded but the purpose of each visit was unclear.",
    "The family's engagement was explored and recorded sensitively.",
    "Escalation through the resolution protocol was not used.",
    "The voice of the child is evident throughout the record.",
    "Managers had reviewed the case at the expected intervals.",
]


@dataclass
class Identity:
    inspector: str
    key: "Ed25519PrivateKey"
    initials: str

    @property
    def device(self) -> str:
        return crypto.device_id_for(crypto.public_raw(self.key))

    @property
    def pair(self) -> tuple[str, "Ed25519PrivateKey"]:
        return (self.inspector, self.key)


@dataclass
class Generated:
    home: Path
    passphrase: str
    counts: dict[str, int]
    versions: int
    team: list[Identity] = field(default_factory=list)
    case_refs: list[str] = field(default_factory=list)
    entry_ids: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"home": str(self.home), "counts": self.counts, "versions": self.versions, "kdf": "fast (FIELDWORK_KDF=fast)"}


@contextmanager
def fast_kdf() -> Iterator[None]:
    """Stores made inside use the test KDF; the environment is restored after."""
    before = os.environ.get("FIELDWORK_KDF")
    os.environ["FIELDWORK_KDF"] = "fast"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("FIELDWORK_KDF", None)
        else:
            os.environ["FIELDWORK_KDF"] = before


def sizes(scale: float) -> dict[str, int]:
    return {k: (v if k == "inspectors" else max(1, round(v * scale))) for k, v in STANDARD.items()}


# --- payloads -----------------------------------------------------------------------------------


def evaluative_text(rng: random.Random, judgement: str, refs: list[str]) -> str:
    subject = rng.choice(SUBJECTS)
    quality = rng.choice(QUALITIES[judgement])
    about = f" for {refs[0]}" if refs else ""
    return f"{subject}{about} {quality}. {rng.choice(DETAILS)}"


def _moment(rng: random.Random) -> datetime:
    day = NOTIFIED + timedelta(days=rng.randint(6, 16))
    return datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)))


def sea_fields(rng: random.Random, criteria: list[tuple[str, str]], case_refs: list[str]) -> dict[str, Any]:
    code, strand = rng.choice(criteria)
    codes = [code] + ([rng.choice(criteria)[0]] if rng.random() < 0.25 else [])
    judgement = rng.choices(list(QUALITIES), weights=(35, 40, 10, 15))[0]
    refs = rng.sample(case_refs, k=rng.choice((0, 1, 1, 1, 2)))
    evidence = _moment(rng)
    # Most are written up the same day or the next; some late ones for the para 78 check.
    recorded = evidence + timedelta(days=rng.choices((0, 1, 2, 4), weights=(60, 30, 7, 3))[0], hours=2)
    return {
        "criteria": list(dict.fromkeys(codes)),
        "judgement": judgement,
        "strand": strand,
        "agencies": rng.sample(AGENCIES, k=rng.randint(1, 3)),
        "source_type": rng.choice(list(rec.SOURCE_TYPES)),
        "source_detail": rng.choice(TITLES),
        "evidence_at": evidence.isoformat(timespec="minutes"),
        "recorded_at": min(recorded, datetime(2026, 11, 27, 18, 0)).isoformat(timespec="minutes"),
        "children": refs,
        "text": evaluative_text(rng, judgement, refs),
    }


def child_fields(rng: random.Random, ref: str, stage: str, allocated: str) -> dict[str, Any]:
    return {
        "case_ref": ref,
        "stage": stage,
        "age_band": rng.choice(rec.AGE_BANDS),
        "gender": rng.choice(rec.GENDERS),
        "disability": rng.choice(rec.DISABILITY),
        "ethnicity": rng.choice(rec.ETHNICITIES),
        "involvement": rng.choice(rec.INVOLVEMENT),
        "probation": rng.random() < 0.2,
        "consent": rng.choice(rec.CONSENT),
        "allocated": allocated,
        "agencies": rng.sample(AGENCIES, k=rng.randint(1, 4)),
    }


# --- building -----------------------------------------------------------------------------------


def _write_as(ws: Workspace, who: Identity, changes: list[Change]) -> list[str]:
    ids: list[str] = []
    for start in range(0, len(changes), BATCH):
        made = ws.write(changes[start : start + BATCH], as_identity=who.pair)
        ids.extend(v.record for v in made)
    return ids


def _base(home: Path, rng: random.Random, n: dict[str, int], passphrase: str) -> tuple[Workspace, list[Identity], list[str]]:
    """The inspection, its team of inspectors (each with its own device) and its children."""
    with fast_kdf():
        ws = Workspace.create(
            home,
            passphrase,
            inspection=rec.inspection_payload(area="Benchshire", theme="Neglect", notified=NOTIFIED, packs=PACKS),
            me=rec.inspector_payload(name=INITIALS[0], inspectorate="ofsted", role="lead"),
        )
    ring = ws.ring
    assert ring is not None
    team = [Identity(ws.me_id, ring.signing_key, INITIALS[0])]
    for i in range(1, n["inspectors"]):
        initials = INITIALS[i % len(INITIALS)]
        # As a real team joins: the lead's ticket, then the member's own certificate and
        # inspector record signed by the member's own key (store/team.py).
        inspector, key = enrol(ws, name=initials, inspectorate=INSPECTORATES[i % len(INSPECTORATES)])
        team.append(Identity(inspector, key, initials))
    confirm_bindings(ws)  # the lead has seen every member's laptop
    refs = [f"CR-{100000 + 7 * i + rng.randint(0, 6)}" for i in range(n["children"])]
    tracked = max(1, n["children"] // 10)
    shortlisted = max(1, n["children"] // 3)
    stages = ["tracked"] * tracked + ["shortlisted"] * (shortlisted - tracked)
    stages += ["sampled"] * (n["children"] - len(stages))
    children = [
        Change("child", rec.child_payload(child_fields(rng, ref, stage, rng.choice(team).inspector)))
        for ref, stage in zip(refs, stages)
    ]
    _write_as(ws, team[0], children)
    return ws, team, refs


def _criteria(ws: Workspace) -> list[tuple[str, str]]:
    return [(c.code, c.strand) for c in ws.framework.criteria]


def _entries(ws: Workspace, rng: random.Random, who: Identity, count: int, edits: int, case_refs: list[str]) -> tuple[list[str], int]:
    """`count` new SEA entries by `who`, then `edits` second (or later) versions of them."""
    criteria = _criteria(ws)
    rules = rec.SeaRules(criteria=dict(criteria), strands=[s.id for s in ws.framework.strands], known_case_refs=case_refs)
    payloads = [rec.sea_payload(sea_fields(rng, criteria, case_refs), rules) for _ in range(count)]
    ids = _write_as(ws, who, [Change("sea", p) for p in payloads])
    current = dict(zip(ids, payloads))
    changes: list[Change] = []
    for _ in range(edits):
        entry = rng.choice(ids)
        edited = {**current[entry], "text": current[entry]["text"] + " " + rng.choice(DETAILS)}
        if rng.random() < 0.3:
            edited["agreed_by"] = [who.inspector]
        current[entry] = edited
        changes.append(Change("sea", edited, record=entry))
    _write_as(ws, who, changes)
    return ids, len(ids) + len(changes)


def _concerns(ws: Workspace, rng: random.Random, team: list[Identity], case_refs: list[str], count: int) -> None:
    rules = con.ConcernRules(
        known_case_refs=frozenset(case_refs),
        team=frozenset(t.inspector for t in team),
        leads=frozenset({team[0].inspector}),
    )
    for _ in range(count):
        who = rng.choice(team)
        referred = NOTIFIED + timedelta(days=rng.randint(6, 12))
        payload = con.raise_concern(
            {
                "case_refs": [rng.choice(case_refs)],
                "referred_by": who.inspector,
                "referred_on": referred.isoformat(),
                "service": rng.choice(AGENCIES),
                "category": rng.choice((1, 2)),
                "issues": evaluative_text(rng, "concern", []),
                "response_due": (referred + timedelta(days=2)).isoformat(),
            },
            rules,
            today=TODAY,
            confirm_no_names=True,
        )
        changes = [Change(con.KIND, payload)]
        [record] = _write_as(ws, who, changes)
        if rng.random() < 0.6:
            sent = con.mark_sent(payload, on=referred + timedelta(days=1), today=TODAY)
            _write_as(ws, team[0], [Change(con.KIND, sent, record=record)])


def _findings(ws: Workspace, rng: random.Random, lead: Identity, entry_ids: list[str], count: int) -> None:
    criteria = _criteria(ws)
    entries: dict[str, Entry] = {}
    sample = rng.sample(entry_ids, k=min(len(entry_ids), count * 6))
    for r in (ws.get(i) for i in sample):
        assert r is not None
        entries[r.id] = Entry.from_payload(r.id, r.author, r.payload)
    rules = fnd.FindingRules(criteria=dict(criteria), strands=[s.id for s in ws.framework.strands], entries=entries)
    kinds = {"strength": "strength", "development": "development", "priority": "concern"}
    changes: list[Change] = []
    ids = list(entries)
    for _ in range(count):
        kind = rng.choice(list(kinds))
        evidence = rng.sample(ids, k=min(len(ids), rng.randint(2, 6)))
        payload = fnd.finding_payload(
            {
                "type": kind,
                "scope": rng.choice([fnd.PARTNERSHIP, *AGENCIES]),
                "text": evaluative_text(rng, kinds[kind], []),
                "criteria": [rng.choice(criteria)[0]],
                "sea": evidence,
            },
            rules,
        )
        changes.append(Change("finding", payload))
    _write_as(ws, lead, changes)


def generate(home: Path, *, scale: float = 1.0, seed: int = 2026, passphrase: str = PASSPHRASE) -> Generated:
    """A whole inspection in `home` (which must not hold one), closed when this returns."""
    rng = random.Random(seed)
    n = sizes(scale)
    ws, team, refs = _base(Path(home), rng, n, passphrase)
    try:
        entry_ids: list[str] = []
        per = [n["entries"] // len(team) + (1 if i < n["entries"] % len(team) else 0) for i in range(len(team))]
        for who, count in zip(team, per):
            ids, _ = _entries(ws, rng, who, count, round(count * EDITED), refs)
            entry_ids.extend(ids)
        _concerns(ws, rng, team, refs, n["concerns"])
        _findings(ws, rng, team[0], entry_ids, n["findings"])
        counts = {**ws.counts(), "inspectors": len(ws.records("inspector"))}
        return Generated(Path(home), passphrase, counts, ws.version_count(), team, refs, entry_ids)
    finally:
        ws.close()


# --- the merge set: a lead's store and twelve laptops' bundles -------------------------------------


@dataclass
class MergeSet:
    base: Path  # the lead's store before the meeting: inspection, team and children only
    bundles: list[Path]  # one per laptop
    versions: int  # new versions across the bundles

    def summary(self) -> dict[str, Any]:
        return {"base": str(self.base), "bundles": len(self.bundles), "versions": self.versions}


def generate_merge(root: Path, *, laptops: int = 12, per_laptop: int = 2000, seed: int = 2027, passphrase: str = PASSPHRASE) -> MergeSet:
    """Each laptop wrote `per_laptop` versions of its own (new entries, then edits of them: 10,000
    entries in all for twelve laptops), and its bundle carries the shared base as well, as a real
    laptop's would. The receiving store holds the base only, so every laptop's work is new to it."""
    from store.versions import attest
    from sync.bundle import write_bundle

    root = Path(root)
    rng = random.Random(seed)
    n = {**STANDARD, "inspectors": laptops}
    ws, team, refs = _base(root / "full", rng, n, passphrase)
    ws.close()
    shutil.copytree(root / "full", root / "base")
    ws = Workspace.open(root / "full", passphrase)
    try:
        base_versions = ws.all_versions()
        base_ids = {v.id for v in base_versions}
        entries_total = 10000 * laptops // 12
        for i, who in enumerate(team):
            count = entries_total // laptops + (1 if i < entries_total % laptops else 0)
            _entries(ws, rng, who, count, per_laptop - count, refs)
        everything = ws.all_versions()
        ring = ws.ring
        assert ring is not None
        devices = ws.devices()
        (root / "bundles").mkdir()
        paths: list[Path] = []
        new = 0
        for i, who in enumerate(team):
            own = [v for v in everything if v.device == who.device and v.id not in base_ids]
            new += len(own)
            sent = base_versions + own
            # As export_bundle writes it: the laptop attests every version of its own it sends.
            mine = attest(who.key, ring.inspection_id, [v.id for v in sent if v.device == who.device])
            data = write_bundle(
                inspection=ring.inspection_id,
                inspection_key=ring.inspection_key,
                sender=who.device,
                devices=devices,
                versions=[(v.raw, v.signature) for v in sent],
                attestations=[mine],
            )
            path = root / "bundles" / f"laptop{i:02d}.fwbundle"
            path.write_bytes(data)
            paths.append(path)
    finally:
        ws.close()
    shutil.rmtree(root / "full")
    return MergeSet(root / "base", paths, new)


# --- a cache, so that a second run does not wait for the generator --------------------------------


def _fingerprint() -> str:
    # Regenerate whenever the generator or the stored format changes.
    digest = hashlib.sha256()
    for path in (Path(__file__), ROOT / "store" / "versions.py", ROOT / "store" / "log.py", ROOT / "store" / "keyring.py", ROOT / "sync" / "bundle.py"):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


def cached(cache: Path, name: str, build: Any) -> Path:
    """The folder `cache/name-FINGERPRINT`, built by `build(folder)` on first use (atomically)."""
    target = Path(cache) / f"{name}-{_fingerprint()}"
    if (target / "done.json").exists():
        return target
    work = Path(cache) / f".{name}-{os.getpid()}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    summary = build(work)
    (work / "done.json").write_text(json.dumps(summary))
    shutil.rmtree(target, ignore_errors=True)
    os.replace(work, target)
    return target


def cached_inspection(cache: Path, scale: float) -> Path:
    """The home of a generated inspection at `scale` (a closed store, to be copied before writing)."""
    folder = cached(cache, f"inspection-x{scale:g}", lambda work: generate(work / "home", scale=scale).summary())
    return folder / "home"


def cached_merge(cache: Path) -> MergeSet:
    folder = cached(cache, "merge", lambda work: generate_merge(work).summary())
    bundles = sorted((folder / "bundles").glob("*.fwbundle"))
    summary = json.loads((folder / "done.json").read_text())
    return MergeSet(folder / "base", bundles, int(summary["versions"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("home", metavar="HOME", help="a new folder for the inspection (or for the merge set)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the standard inspection (not the team)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--merge", action="store_true", help="write a base store and 12 laptops' bundles instead")
    args = parser.parse_args(argv)
    if args.merge:
        print(json.dumps(generate_merge(Path(args.home), seed=args.seed).summary()))
    else:
        print(json.dumps(generate(Path(args.home), scale=args.scale, seed=args.seed).summary()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
