"""Home's facts from the records, and the last of them kept encrypted beside the store.

Drawing Home needs a little from nearly every record (every entry's dates for lateness, every
tracked child, every concern), so computing it means decrypting the whole store first. The app
keeps the facts it last computed, sealed under the inspection key in the store's local table
(never synced), with a mark of the version log they were computed from. When the log still bears
that mark (no version added, none pending since), Home is drawn from them at once and the store is
decrypted right after the first frame; otherwise they are computed from the records as before.
The facts do not depend on the date: `fieldwork.home.summary_from` applies today's.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fieldwork import due
from fieldwork import records as rec
from fieldwork.home import HomeFacts
from store.damaged import usable

if TYPE_CHECKING:
    from store.workspace import Workspace

LOCAL_KEY = "home-facts"


def _local_day(iso: str) -> date:
    """The local calendar day of a stored UTC time."""
    return datetime.fromisoformat(iso).astimezone().date()


def allocated_since(ws: "Workspace", record_id: str) -> date | None:
    """The day the child's current allocation was made: the first version of the latest run of
    versions that all name today's allocated inspector."""
    record = ws.get(record_id)
    current = record.payload.get("allocated") if record else None
    if not current:
        return None
    since: str | None = None
    for entry in ws.history(record_id):
        if entry.op == "put" and entry.payload.get("allocated") == current:
            since = since or entry.when
        else:
            since = None
    return _local_day(since) if since else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def facts_of(ws: "Workspace") -> HomeFacts:
    """Home's facts from the decrypted records (loads the store if it is not loaded yet)."""
    from fieldwork import concerns as con
    from fieldwork import sea_checks
    from store.sea import calendar, cutoff_of

    me = ws.me
    who = " · ".join(
        x for x in (me.get("name", ""), rec.INSPECTORATES.get(me.get("inspectorate", ""), ""), rec.ROLES.get(me.get("role", ""), "")) if x
    )
    if not ws.has_inspection:
        return HomeFacts(who=who, has_inspection=False)
    inspection = ws.inspection
    cal = calendar(ws)
    entries = usable(ws.records("sea"))
    mine_entries = [r for r in entries if r.author == ws.me_id]
    late = due.late_entries([r.payload for r in entries], cal)
    late_mine = due.late_entries([r.payload for r in mine_entries], cal) if late else 0
    kids = usable(ws.records("child"))
    named = {ref for r in entries for ref in r.payload.get("children", []) if isinstance(ref, str)}
    unrecorded = []
    for r in kids:
        ref = _text(r.payload.get("case_ref"))
        if r.payload.get("stage") == "tracked" and ref not in named:
            since = allocated_since(ws, r.id)
            unrecorded.append((ref, since.isoformat() if since else None))
    allocated = [r for r in kids if r.payload.get("allocated") == ws.me_id]
    cut = cutoff_of(ws, cal)
    concerns = usable(ws.records("concern"))
    return HomeFacts(
        who=who,
        has_inspection=True,
        area=_text(inspection.get("area")),
        theme=_text(inspection.get("theme")),
        mode=_text(inspection.get("mode")) or "inspection",
        vocabulary=dict(ws.framework.vocabulary),
        notified=inspection["notified"],
        closures=tuple(rec.parse_date(d).isoformat() for d in inspection.get("closures", [])),
        late=late,
        late_mine=late_mine,
        unrecorded=tuple(unrecorded),
        concerns=tuple(
            (_text(r.payload.get("state")), _text(r.payload.get("response_due"))) for r in concerns
        ),
        unsent_category1=tuple(r.created for r in concerns if con.unsent_urgent(r.payload)),
        after_meeting=sum(1 for r in entries if sea_checks.after_findings_meeting(r.payload.get("recorded_at"), cut)),
        after_cutoff=sum(1 for r in entries if sea_checks.after_cutoff(r.payload.get("evidence_at"), cut)),
        incomplete=sum(1 for r in entries if sea_checks.incomplete(r.payload)),
        drafts=_drafts(ws),
        conflicts=ws.conflict_count(),
        entries_mine=len(mine_entries),
        allocated_mine=len(allocated),
        tracked_mine=sum(1 for r in allocated if r.payload.get("stage") == "tracked"),
    )


def _drafts(ws: "Workspace") -> int:
    """SEA drafts kept on this laptop (the editor's "draft:sea:" local keys); 0 if unreadable."""
    try:
        row = ws.log.db.execute("SELECT count(*) FROM local WHERE key LIKE 'draft:sea:%'").fetchone()
    except Exception:  # the local table is the log's own; a count is not worth a failed Home
        return 0
    return int(row[0]) if row else 0


def kept_facts(ws: "Workspace") -> HomeFacts | None:
    """The facts kept last time, if the version log has not changed since; no decryption of records."""
    kept = ws.get_local(LOCAL_KEY)
    if not kept or kept.get("mark") != list(ws.log_mark()):
        return None
    return HomeFacts.from_json(kept.get("facts"))


def kept_mode(ws: "Workspace") -> str | None:
    """The inspection's mode ("inspection" or "audit") as the facts kept last time have it, even if
    the store has changed since: a store is made in one mode and every write of the inspection
    record keeps it. None when no facts are kept, or they were kept before the inspection arrived
    (it may have come since)."""
    kept = ws.get_local(LOCAL_KEY)
    facts = HomeFacts.from_json(kept.get("facts")) if kept else None
    return facts.mode if facts is not None and facts.has_inspection else None


def keep_facts(ws: "Workspace", facts: HomeFacts) -> None:
    """Keep these facts for the next start, marked with the log they were computed from."""
    mark = list(ws.log_mark())
    kept = ws.get_local(LOCAL_KEY)
    if kept and kept.get("mark") == mark and kept.get("facts") == facts.to_json():
        return  # already kept: no write, no fsync
    ws.put_local(LOCAL_KEY, {"mark": mark, "facts": facts.to_json()})
