"""The feedback meeting's summary of evidence (para 42): "an analysed, prioritised and themed
summary of the evidence that demonstrates the strengths and areas for development found".

Themes are the framework's strands. Within the summary the agreed findings come in priority
order: areas for priority action, then areas for development, then strengths; within a type, the
finding with the most evidence first; and a theme holding a priority action comes before one that
holds none. Each finding carries its strongest supporting evidence as counts, by source and by
agency, never case references: the summary is for senior leaders. Pure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from fieldwork.findings import FINDING_TYPES, Finding, scope_label
from fieldwork.gaps import Entry
from fieldwork.letter import Block, Heading, Item, ListBlock, Para
from fieldwork.records import SOURCE_TYPES

PRIORITY: tuple[str, ...] = ("priority", "development", "strength")
_SUPPORTING: dict[str, frozenset[str]] = {
    "strength": frozenset({"strength"}),
    "development": frozenset({"development", "concern"}),
    "priority": frozenset({"development", "concern"}),
}


@dataclass(frozen=True)
class Point:
    finding: str  # id
    type: str
    scope: str
    text: str
    entries: int  # supporting SEA entries
    by_source: tuple[tuple[str, int], ...]
    by_agency: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Theme:
    strand: str
    label: str
    points: tuple[Point, ...]


def _point(f: Finding, entries: Mapping[str, Entry]) -> Point:
    mine = [entries[i] for i in f.sea if i in entries and entries[i].judgement in _SUPPORTING.get(f.type, frozenset())]
    sources = Counter(SOURCE_TYPES.get(e.source_type, e.source_type) for e in mine)
    agencies = Counter(a for e in mine for a in e.agencies)
    return Point(
        finding=f.id,
        type=f.type,
        scope=f.scope,
        text=f.text,
        entries=len(mine),
        by_source=tuple(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_agency=tuple(sorted(agencies.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def themes(findings: Iterable[Finding], entries: Mapping[str, Entry], strands: Sequence[tuple[str, str]]) -> list[Theme]:
    """Agreed findings only, themed by strand and prioritised."""
    labels = dict(strands)
    order = {s: n for n, (s, _) in enumerate(strands)}
    grouped: dict[str, list[Point]] = {}
    for f in findings:
        if f.agreed:
            grouped.setdefault(f.strand, []).append(_point(f, entries))
    out: list[Theme] = []
    for strand, points in grouped.items():
        points.sort(key=lambda p: (PRIORITY.index(p.type) if p.type in PRIORITY else 9, -p.entries, p.finding))
        out.append(Theme(strand, labels.get(strand, strand), tuple(points)))
    out.sort(key=lambda t: (min(PRIORITY.index(p.type) if p.type in PRIORITY else 9 for p in t.points),
                            -sum(p.entries for p in t.points), order.get(t.strand, 99)))
    return out


def evidence_line(point: Point) -> str:
    sources = ", ".join(f"{n} {s.lower()}" for s, n in point.by_source)
    agencies = ", ".join(f"{a} {n}" for a, n in point.by_agency)
    text = f"{point.entries} supporting SEA entr{'y' if point.entries == 1 else 'ies'}"
    if sources:
        text += f" ({sources})"
    if agencies:
        text += f"; by agency: {agencies}"
    return text + "."


def blocks(summary: Sequence[Theme], *, title: str, subtitle: str, present: Sequence[str], inspectors: Sequence[str],
           offers: Sequence[str]) -> list[Block]:
    out: list[Block] = [Heading(0, title), Para(subtitle)]
    if present:
        out.append(Para("; ".join(present) + ".", lead="Senior leaders present:"))
    if inspectors:
        out.append(Para(", ".join(inspectors) + ".", lead="Inspectors:"))
    out.append(Heading(1, "Summary of the evidence (para 42)"))
    if not summary:
        out.append(Para("No findings have been agreed yet.", note=True))
    for theme in summary:
        out.append(Heading(2, theme.label))
        out.append(ListBlock(tuple(
            Item(f"{p.text} {evidence_line(p)}", lead=f"{FINDING_TYPES.get(p.type, p.type)}"
                 + ("" if p.scope == "partnership" else f" ({scope_label(p.scope)})") + ":")
            for p in theme.points
        )))
    if offers:
        out.append(Heading(1, "Separate meetings offered (para 44)"))
        out.append(ListBlock(tuple(Item(a) for a in offers)))
    return out
