"""Findings over an unlocked inspection: add, edit and agree them, and build the documents that
carry them out of the room (the letter draft, the keep-in-touch summary)."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any, Mapping, Sequence

from fieldwork import findings as fnd
from fieldwork import letter as doc
from fieldwork import records as rec
from fieldwork.errors import ValidationError
from fieldwork.gaps import Entry
from fieldwork import free_text
from fieldwork.timeline import day_of_inspection
from store import gaps as store_gaps
from store import letter_details, sea
from store.damaged import usable
from store.export import choose_format, document_meta
from store.export import write as write_export
from store.record import Record
from store.workspace import Change, Workspace

KIND = "finding"
#: The lead's summary paragraphs for the letter (para 84): one record per inspection.
SUMMARY_KIND = "letter-summary"
FORMATS = ("docx", "md")


def rules(ws: Workspace, entries: Mapping[str, Entry] | None = None) -> fnd.FindingRules:
    framework = ws.framework
    return fnd.FindingRules(
        criteria={c.code: c.strand for c in framework.criteria},
        strands=[s.id for s in framework.strands],
        entries=entries if entries is not None else store_gaps.entries_by_id(ws),
    )


def _normalise(ws: Workspace, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Resolve what people type (id prefixes, "7" for ESN 07) to what is stored."""
    out = {k: v for k, v in fields.items() if v is not None}
    if "criteria" in out:
        out["criteria"] = [ws.framework.resolve(str(c)).code for c in out["criteria"]]
    if "sea" in out:
        out["sea"] = [ws.require(str(i), "sea").id for i in out["sea"]]
    return out


def add(ws: Workspace, fields: Mapping[str, Any], *, confirm_no_names: bool = False) -> Record:
    payload = fnd.finding_payload(_normalise(ws, fields), rules(ws))
    payload["confirmed_no_names"] = free_text.guard_flag(KIND, payload, confirmed=confirm_no_names)
    version = ws.put(KIND, payload)
    return ws.require(version.record, KIND)


def edit(ws: Workspace, finding_id: str, fields: Mapping[str, Any], *, confirm_no_names: bool = False) -> Record:
    current = ws.require(finding_id, KIND)
    payload = fnd.finding_payload(_normalise(ws, fields), rules(ws), base=current.payload)
    # Only what the edit changes is checked again; what stood was checked when it was written.
    payload["confirmed_no_names"] = free_text.guard_flag(KIND, payload, confirmed=confirm_no_names, before=current.payload)
    if payload == current.payload:
        return current
    ws.put(KIND, payload, record=current.id)
    return ws.require(current.id, KIND)


def agree(ws: Workspace, finding_id: str) -> Record:
    """The team agreed the finding at the meeting (para 39); records who entered the agreement."""
    current = ws.require(finding_id, KIND)
    if current.payload.get("state") == "agreed":
        return current
    payload = fnd.agree_payload(
        current.payload, rules(ws), by=ws.me_id, at=datetime.now().isoformat(timespec="minutes")
    )
    ws.put(KIND, payload, record=current.id)
    return ws.require(current.id, KIND)


def findings(ws: Workspace) -> list[fnd.Finding]:
    return [fnd.Finding.from_payload(r.id, r.payload, r.created) for r in usable(ws.records(KIND))]


def to_json(ws: Workspace, record: Record, entries: Mapping[str, Entry]) -> dict[str, Any]:
    f = fnd.Finding.from_payload(record.id, record.payload, record.created)
    mix = fnd.balance(f.type, (entries[i].judgement for i in f.sea if i in entries))
    return {
        "id": f.id,
        "type": f.type,
        "type_label": fnd.FINDING_TYPES.get(f.type, f.type),
        "scope": f.scope,
        "strand": f.strand,
        "strand_label": ws.framework.strand_label(f.strand),
        "text": f.text,
        "criteria": list(f.criteria),
        "criteria_with_evidence": list(fnd.criteria_of(f, entries)),
        "sea": list(f.sea),
        "sea_missing": [i for i in f.sea if i not in entries],
        "innovative": f.innovative,
        "state": f.state,
        "agreed_by": ws.inspector_name(f.agreed_by) or f.agreed_by,
        "agreed_at": f.agreed_at,
        "author": ws.inspector_name(record.author) or record.author,
        "created": record.created,
        "conflicted": record.conflicted,
        "balance": {
            "counts": mix.counts,
            "supporting": mix.supporting,
            "opposing": mix.opposing,
            "contrary": mix.contrary,
            "notes": list(mix.notes),
        },
    }


def list_json(ws: Workspace) -> list[dict[str, Any]]:
    entries = store_gaps.entries_by_id(ws)
    strands = [s.id for s in ws.framework.strands]
    by_id = {r.id: r for r in usable(ws.records(KIND))}
    return [to_json(ws, by_id[f.id], entries) for f in fnd.ordered(findings(ws), strands)]


# --- the lead's summary (para 84) ----------------------------------------------------------------


def _summary_id(ws: Workspace) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldwork:{ws.inspection_id}:{SUMMARY_KIND}"))


def summary(ws: Workspace) -> str:
    record = ws.get(_summary_id(ws))
    return str(record.payload.get("text", "")) if record is not None and not record.deleted else ""


def set_summary(ws: Workspace, text: str, *, confirm_no_names: bool = False) -> None:
    clean = rec.clean_text(text, "letter's summary", required=False, limit=20000)
    if clean == summary(ws):
        return
    payload = {"text": clean, "confirmed_no_names": False}
    payload["confirmed_no_names"] = free_text.guard_flag(SUMMARY_KIND, payload, confirmed=confirm_no_names)
    ws.write([Change(SUMMARY_KIND, payload, record=_summary_id(ws))])


# --- documents -----------------------------------------------------------------------------------


def letter(ws: Workspace, *, include_drafts: bool = False, today: date | None = None) -> doc.Letter:
    inspection = ws.inspection
    return doc.build_letter(
        ws.framework,
        findings(ws),
        store_gaps.entries_by_id(ws),
        area=str(inspection.get("area", "")),
        theme=str(inspection.get("theme", "")),
        include_drafts=include_drafts,
        summary=summary(ws),
        prepared=today or date.today(),
        details=letter_details.details(ws),
    )


def render_letter(ws: Workspace, fmt: str, *, include_drafts: bool = False, today: date | None = None) -> bytes:
    draft = letter(ws, include_drafts=include_drafts, today=today)
    if fmt == "docx":
        from fieldwork.render import letter_docx

        return letter_docx.render(draft, document_meta(ws, draft.title))
    if fmt == "md":
        from fieldwork.render import letter_md

        return letter_md.render(draft).encode("utf-8")
    raise ValidationError(f"Unknown format '{fmt}': choose docx or md.")


def export_letter(ws: Workspace, fmt: str | None, path: Path | str, *, include_drafts: bool = False, today: date | None = None) -> Path:
    fmt = choose_format(path, fmt)
    return write_export(path, render_letter(ws, fmt, include_drafts=include_drafts, today=today))


def kit(ws: Workspace, *, today: date | None = None) -> doc.KitSummary:
    today = today or date.today()
    inspection = ws.inspection
    counts: dict[str, int] = {}
    for record in usable(ws.records("sea")):
        judgement = str(record.payload.get("judgement", ""))
        counts[judgement] = counts.get(judgement, 0) + 1
    return doc.build_kit(
        ws.framework,
        findings(ws),
        [doc.ConcernFacts.from_payload(r.id, r.payload) for r in usable(ws.records("concern"))],
        area=str(inspection.get("area", "")),
        theme=str(inspection.get("theme", "")),
        today=today,
        day=day_of_inspection(rec.parse_date(inspection["notified"]), today, sea.calendar(ws)),
        evidence=counts,
        details=letter_details.details(ws),
    )


def render_kit(ws: Workspace, fmt: str, *, today: date | None = None) -> bytes:
    summary_ = kit(ws, today=today)
    if fmt == "docx":
        from fieldwork.render import letter_docx

        return letter_docx.render_blocks(summary_.blocks(), meta=document_meta(ws, summary_.title))
    from fieldwork.render import kit_md

    return kit_md.render(summary_).encode("utf-8")


def export_kit(ws: Workspace, path: Path | str, *, today: date | None = None, fmt: str | None = None) -> Path:
    """The keep-in-touch summary as Word or Markdown, by --format or the file's extension."""
    fmt = choose_format(path, fmt)
    return write_export(path, render_kit(ws, fmt, today=today))


# --- demo ------------------------------------------------------------------------------------------

# Made-up statements in the guidance's register; they name no one. Each carries the criteria it is
# about (a strategy-discussion finding is ESN 13, a supervision one ESN 17) and cites entries
# recorded against them; the one marked innovative is a strength of new practice (para 6, 86).
_DEMO: tuple[tuple[str, str, str, tuple[str, ...], bool], ...] = (
    ("strength", "partnership",
     "Strategy discussions are held promptly and are well attended by police, health and children's social care, so that risk is shared quickly.",
     ("ESN 13",), False),
    ("strength", "partnership",
     "A daily multi-agency neglect meeting at the front door, introduced this year, brings health, police and social care together on each "
     "neglect referral; decisions are now quicker and better informed.",
     ("ESN 07", "NEG 01"), True),
    ("development", "partnership",
     "Assessments do not consistently consider the views of children, so plans do not always reflect what children say matters to them.",
     ("ESN 10",), False),
    ("development", "Police",
     "Officers attending domestic incidents do not routinely record the presence or views of children, which delays referrals.",
     ("ESN 03",), False),
    ("development", "Health",
     "GP practices are not routinely invited to strategy discussions, so health information is sometimes missing from decisions.",
     ("ESN 07",), False),
    ("priority", "partnership",
     "Repeated referrals about neglect are closed without assessment, so the cumulative harm to some children is not recognised and they "
     "remain at risk.",
     ("ESN 04", "NEG 01"), False),
    ("strength", "Children's social care",
     "Supervision is regular and reflective, and managers challenge drift in plans.",
     ("ESN 17",), False),
)


def demo_changes(
    rng: random.Random, sea_ids: Sequence[str], entries: Mapping[str, Mapping[str, Any]] | None = None
) -> list[Change]:
    """A handful of findings for the demo inspection, each citing two to four of `sea_ids`.

    With `entries` (id -> SEA payload) each finding cites entries recorded against its criteria
    whose judgement bears it out, one finding excepted so the "points the other way" flag has
    something to show; without, entries are picked at random. Its strand is its first criterion's,
    read from the entries, so no pack is assumed.
    """
    ids = list(sea_ids)
    if not ids:
        return []
    # Criteria this inspection has (an inspection without the neglect pack has no NEG codes).
    known = {str(c) for p in (entries or {}).values() for c in p.get("criteria") or ()}
    changes: list[Change] = []
    for n, (kind, scope, text, all_codes, innovative) in enumerate(_DEMO):
        codes = tuple(c for c in all_codes if c in known) if entries else all_codes
        wanted = {"strength": {"strength"}}.get(kind, {"development", "concern"})
        pool = ids
        if entries:
            on_criteria = [i for i in ids if set(entries.get(i, {}).get("criteria") or ()) & set(codes)]
            matching = [i for i in on_criteria if str(entries.get(i, {}).get("judgement", "")) in wanted]
            # Finding 4 keeps whatever its criteria drew, to show a contrary mix.
            pool = (on_criteria if n == 4 else matching) or on_criteria or ids
        cited = rng.sample(pool, k=min(len(pool), rng.randint(2, 4)))
        if not codes:
            codes = tuple(dict.fromkeys(str(c) for i in cited for c in ((entries or {}).get(i, {}).get("criteria") or [])[:1]))
        strands = [str(entries[i].get("strand", "")) for i in cited if entries and i in entries
                   and codes and codes[0] in (entries[i].get("criteria") or ())]
        payload = {
            "type": kind,
            "scope": scope,
            "strand": strands[0] if strands and strands[0] else "front-door",
            "text": text,
            "criteria": list(codes) if entries else [],
            "sea": cited,
            "innovative": innovative,
            "state": "agreed" if n % 3 != 2 else "draft",
            "confirmed_no_names": False,
        }
        record = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        changes.append(Change(KIND, payload, record=record))
    return changes
