"""The on-site plan as a document: one table per day, the para 25 warnings beside each activity,
and the para 67 leaders checklist; or one inspector's own days. Built from the same blocks as the
letter, so the Word and Markdown renderers of the letter write it. Pure."""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Mapping, Sequence

from fieldwork import plan
from fieldwork.letter import Block, Heading, Item, ListBlock, Para, Table

HEADER: tuple[str, ...] = ("Time", "Activity", "Place", "To meet", "Inspectors", "Children", "Check")


def _day_title(day: str) -> str:
    try:
        return date.fromisoformat(day).strftime("%A %d %B %Y")
    except ValueError:
        return day


def _row(activity_id: str, p: Mapping[str, Any], found: Sequence[plan.Warning], names: Mapping[str, str]) -> tuple[str, ...]:
    activity = plan.Activity.from_payload(activity_id, p)
    what = plan.TYPES.get(str(p.get("type")), str(p.get("type", "")))
    if p.get("observes"):
        what = f"{what}: {plan.OBSERVED.get(str(p['observes']), p['observes'])}"
    met = "; ".join([*(p.get("meeting") or []), *(f"({a})" for a in p.get("agencies") or [])])
    checks = "; ".join(w.message for w in plan.warnings_for(found, activity)) or "—"
    return (
        f"{p.get('start', '')}–{p.get('end', '')}",
        what,
        "By phone" if plan.by_phone(str(p.get("place", ""))) else str(p.get("place", "")),
        met,
        ", ".join(names.get(i, i[:8]) for i in p.get("inspectors") or []),
        ", ".join(p.get("children") or []),
        checks,
    )


def blocks(
    items: Iterable[tuple[str, Mapping[str, Any]]],
    found: Sequence[plan.Warning],
    names: Mapping[str, str],
    *,
    area: str = "",
    theme: str = "",
    inspector: str | None = None,
) -> list[Block]:
    """`items`: (activity id, payload) pairs; `inspector`: only this inspector's activities."""
    rows = sorted(items, key=lambda i: (str(i[1].get("day", "")), str(i[1].get("start", "")), i[0]))
    if inspector:
        rows = [i for i in rows if inspector in (i[1].get("inspectors") or [])]
    title = "On-site plan" + (f" for {names.get(inspector, '')}" if inspector else "")
    out: list[Block] = [Heading(0, title)]
    if area or theme:
        out.append(Para(" · ".join(x for x in (area, theme) if x)))
    if not rows:
        out.append(Para("No activities are planned yet."))
    by_day: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for activity_id, p in rows:
        by_day.setdefault(str(p.get("day", "")), []).append((activity_id, p))
    for day, day_rows in by_day.items():
        out.append(Heading(1, _day_title(day)))
        out.append(Table(HEADER, tuple(_row(i, p, found, names) for i, p in day_rows)))
        day_wide = [w for w in found if not w.activity and w.day == day and (inspector is None or w.inspector == inspector)]
        if day_wide:
            out.append(ListBlock(tuple(Item(w.message) for w in day_wide)))
    if inspector is None:
        out.append(Heading(1, "Leaders to meet (para 67)"))
        checklist = plan.leaders_checklist(plan.Activity.from_payload(i, p) for i, p in rows)
        out.append(
            Table(
                ("Leader", "Booked", "Inspectors"),
                tuple(
                    (row.title, "Yes" if row.booked else "Not yet", ", ".join(names.get(i, i[:8]) for i in row.inspectors))
                    for row in checklist
                ),
            )
        )
    return out
